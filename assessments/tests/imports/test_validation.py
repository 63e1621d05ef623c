"""Every row is checked against the cycle's framework: its code, its kind, its text; and normalized."""

import io

import pytest

from assessments.imports.reading import read_workbook
from assessments.imports.validation import Catalog, SubCriterionChoice, validate

from .conftest import HEADERS_EN, workbook

pytestmark = pytest.mark.usefixtures("english")


def catalog(unit_code="FIRE") -> Catalog:
    return Catalog(
        year=1401,
        framework="EFQM 2013",
        unit_code=unit_code,
        unit_name="Fire Department",
        sub_criteria=[
            SubCriterionChoice(1, "1a", "۱الف", "1", "Leadership", "Mission", "1a"),
            SubCriterionChoice(2, "1b", "۱ب", "1", "Leadership", "Management", "1b"),
            SubCriterionChoice(3, "1.10", "۱.۱۰", "1", "Leadership", "Tenth", "1.10"),
        ],
    )


def check(rows, **kwargs):
    content = workbook(rows, **{"headers": HEADERS_EN, **kwargs})
    return validate(read_workbook(io.BytesIO(content), name="findings.xlsx"), catalog())


def errors(checked):
    return [(error.row, error.column, error.message) for error in checked.errors]


@pytest.mark.parametrize("code", ["1a", "1A", " 1a ", "۱الف", "1الف", "۱ الف", "١الف", "۱a", "1‌الف"])
def test_a_sub_criterion_is_found_by_its_code_as_written_in_either_language(code):
    checked = check([(code, "strength", "متن")])
    assert errors(checked) == []
    assert checked.rows[0].sub_criterion.pk == 1


@pytest.mark.parametrize("code", ["1.10", "۱.۱۰", "۱٫۱۰"])
def test_a_dotted_code_keeps_its_decimals(code):
    assert check([(code, "strength", "متن")]).rows[0].sub_criterion.pk == 3


def test_an_unknown_sub_criterion_is_an_error_naming_the_code_and_the_framework():
    assert errors(check([("9z", "strength", "متن"), ("1.1", "strength", "متن")])) == [
        (
            2,
            "Sub-criterion (A)",
            "Sub-criterion: «9z» is not a sub-criterion of the framework of cycle 1401 (EFQM 2013); "
            "the template's sub-criteria sheet lists them.",
        ),
        (
            3,
            "Sub-criterion (A)",
            "Sub-criterion: «1.1» is not a sub-criterion of the framework of cycle 1401 (EFQM 2013); "
            "the template's sub-criteria sheet lists them.",
        ),
    ]


def test_an_empty_sub_criterion_is_an_error_with_examples():
    assert errors(check([(None, "strength", "متن")])) == [
        (
            2,
            "Sub-criterion (A)",
            "Sub-criterion: empty; write the code of one of the framework's sub-criteria, "
            "such as 1a, 1b, 1.10.",
        )
    ]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("strength", "strength"),
        ("Strength", "strength"),
        ("نقطه قوت", "strength"),
        ("نقطه‌قوت", "strength"),
        ("Strengths", "strength"),
        ("improvement", "improvement"),
        ("Area for improvement", "improvement"),
        ("نقطه قابل بهبود", "improvement"),
        ("نقاط قابل بهبود", "improvement"),
        ("best_practice", "best_practice"),
        ("best practice", "best_practice"),
        ("تجربه برتر", "best_practice"),
        ("Site-visit issue", "site_visit_issue"),
        ("موضوع بازديد", "site_visit_issue"),
    ],
)
def test_a_kind_is_its_code_or_its_label_in_either_language(written, kind):
    checked = check([("1a", written, "متن")])
    assert errors(checked) == []
    assert checked.rows[0].kind == kind


def test_an_unknown_or_empty_kind_is_an_error_listing_the_kinds():
    kinds = (
        "Strength (strength), Area for improvement (improvement), Best practice (best_practice), "
        "Site-visit issue (site_visit_issue)"
    )
    assert errors(check([("1a", "weakness", "متن"), ("1a", None, "متن")])) == [
        (2, "Kind (B)", f"Kind: «weakness» is not a kind of finding; write one of: {kinds}."),
        (3, "Kind (B)", f"Kind: empty; write one of: {kinds}."),
    ]


def test_the_text_is_normalized_as_stored_persian_text_is():
    checked = check(
        [("1a", "strength", "  رهبران يك الگوي روشن دارند؛ می‌خواهند ٣ كار\n"), ("1a", "strength", "٤")]
    )
    assert errors(checked) == []
    # Arabic Yeh and Kaf become Persian, the ends are trimmed, the half-space stays; digits are
    # the finding's own (stored as typed, like a finding typed on the page).
    assert [row.text for row in checked.rows] == ["رهبران یک الگوی روشن دارند؛ می‌خواهند ٣ کار", "٤"]


def test_an_empty_text_is_an_error():
    assert errors(check([("1a", "strength", "   "), ("1b", "strength", None)])) == [
        (2, "Finding (C)", "Finding: the text is empty; write the finding."),
        (3, "Finding (C)", "Finding: the text is empty; write the finding."),
    ]


def test_a_text_of_4000_characters_is_accepted_and_of_4001_refused():
    checked = check([("1a", "strength", "ب" * 4000), ("1a", "strength", "ب" * 4001)])
    assert [row.row for row in checked.rows] == [2]
    assert errors(checked) == [
        (3, "Finding (C)", "Finding: a finding is at most 4,000 characters; this one has 4,001.")
    ]


def test_the_length_is_counted_after_trimming():
    assert errors(check([("1a", "strength", "  " + "ب" * 4000 + "  ")])) == []


def test_every_error_of_every_row_is_listed_and_no_row_is_kept_when_one_is_wrong():
    checked = check([("1a", "strength", "خوب"), ("zz", "nope", ""), ("1b", "strength", "خوب")])
    assert [(row, column) for row, column, _message in errors(checked)] == [
        (3, "Sub-criterion (A)"),
        (3, "Kind (B)"),
        (3, "Finding (C)"),
    ]


def test_a_declaration_sheet_without_a_kind_column_takes_its_kind_from_its_name():
    checked = check([("1a", "خوب")], headers=("Sub-criterion", "Finding"), title="Improvement points")
    assert errors(checked) == [] and checked.rows[0].kind == "improvement"


def test_a_sheet_without_a_kind_column_and_another_name_is_an_error():
    checked = check([("1a", "خوب")], headers=("Sub-criterion", "Finding"), title="My notes")
    assert errors(checked) == [
        (
            None,
            "Kind",
            "Kind: the sheet «My notes» has no Kind column, and its name is not one of the declaration's "
            "finding sheets (Strengths, Improvement points, Best practices): add the column, or name the "
            "sheet after its kind.",
        )
    ]


def test_a_row_of_another_unit_is_an_error():
    checked = check(
        [("FIRE", "1a", "strength", "خوب"), ("METRO", "1a", "strength", "خوب"), ("", "1a", "strength", "بد")],
        headers=("Unit code", *HEADERS_EN),
    )
    assert errors(checked) == [
        (
            3,
            "Unit code (A)",
            "Unit code: this row is of unit METRO, and this assessment is of Fire Department (FIRE).",
        )
    ]


def test_a_workbook_without_a_sheet_of_findings_is_an_error():
    checked = check([("a", "b")], headers=("Name", "Notes"))
    assert errors(checked) == [
        (
            None,
            "",
            "No sheet of «findings.xlsx» has the columns Sub-criterion and Finding in its first row: "
            "download "
            "the template, or upload a declaration workbook.",
        )
    ]


def test_a_workbook_with_headers_only_is_an_error():
    assert errors(check([])) == [
        (None, "", "«findings.xlsx» has no findings to import: its rows below the headers are empty.")
    ]
