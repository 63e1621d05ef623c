"""Round trip: a unit's findings exported by the declaration export, imported into an empty assessment
of the same framework, and exported again, give the same rows on the finding sheets.

What legitimately differs is the **reference** column: it is each finding's id, and the imported
findings are new rows with ids of their own. Authors are not compared because the declaration
shows none (its findings are the team's consensus ones), and the unit columns are not on a unit's
workbook. Every other column — criterion, sub-criterion (codes and titles) and the text — is.
"""

import io

import openpyxl
import pytest
from django.utils import translation

from assessments.exports.columns import BEST_PRACTICES, FINDINGS, IMPROVEMENTS, STRENGTHS
from assessments.exports.declarations import declaration_programme_write, declaration_unit_write
from assessments.models import Assessment, Finding
from assessments.tests.exports.programme import unit_build
from organizations.tests.factories import OrganizationFactory

from .conftest import page_errors, signed_in, upload

FINDING_SHEETS = (STRENGTHS, IMPROVEMENTS, BEST_PRACTICES)
TEXTS = {
    Finding.Kind.STRENGTH: [
        ("1b", "رهبران الگو هستند."),
        ("1a", "=SUM(A1:A9) در گزارش آمده است"),  # formula-looking: stored and read back as text
        ("1a", "- خط اول\nخط دوم با نیم‌فاصله"),
        ("2a", "+۹۸ درصد رضایت"),
    ],
    Finding.Kind.IMPROVEMENT: [("2a", "نظرسنجی منظم نیست."), ("1a", "@همه: بازنگری مستند نیست.")],
    Finding.Kind.BEST_PRACTICE: [("1a", "داشبورد شهروندی.")],
}


def export(user, assessment, language) -> bytes:
    output = io.BytesIO()
    with translation.override(language):
        declaration_unit_write(user=user, assessment=assessment, output=output)
    return output.getvalue()


def finding_rows(content: bytes, language: str) -> dict[str, list[tuple]]:
    """Each finding sheet's rows, every column but the reference (the finding's id)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    with translation.override(language):
        headers = [str(column.header) for column in FINDINGS if column.key not in ("unit_code", "unit_name")]
        titles = [str(sheet.title) for sheet in FINDING_SHEETS]
        reference = str(next(column.header for column in FINDINGS if column.key == "reference"))
    rows = {}
    for title in titles:
        values = list(book[title].iter_rows(values_only=True))
        assert list(values[0]) == headers
        keep = [index for index, header in enumerate(values[0]) if header != reference]
        rows[title] = [tuple(row[index] for index in keep) for row in values[1:]]
    return rows


@pytest.fixture
def source(setup):
    return unit_build(setup.fw, code="METRO", texts=TEXTS)


@pytest.fixture
def empty(setup):
    """An empty assessment of another unit in the same cycle (so the same framework), in consensus."""
    organization = OrganizationFactory(code="BUS", name_fa="شرکت اتوبوسرانی", name_en="Bus Company")
    return Assessment.objects.create(
        cycle=setup.fw.cycle, organization=organization, status=Assessment.Status.CONSENSUS
    )


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_units_findings_exported_imported_and_exported_again_give_the_same_rows(
    client, setup, source, empty, language
):
    exported = export(setup.office, source.assessment, language)
    client.cookies["django_language"] = language
    client = signed_in(client, setup.office)

    response = upload(client, empty, exported, name="declaration-1401-METRO.xlsx", target="consensus")

    assert response.status_code == 200, page_errors(response) if response.context.get("outcome") else response
    outcome = response.context["outcome"]
    consensus = sum(len(items) for items in TEXTS.values())
    assert len(outcome.created) == consensus and outcome.skipped == []
    imported = Finding.objects.filter(assessment=empty)
    assert imported.count() == consensus
    assert set(imported.values_list("stage", flat=True)) == {Finding.Stage.CONSENSUS}
    again = export(setup.office, empty, language)
    before = finding_rows(exported, language)
    assert finding_rows(again, language) == before
    assert sum(len(rows) for rows in before.values()) == consensus
    # The references (ids) are the new findings', in the same order.
    references = [
        row[0]
        for row in openpyxl.load_workbook(io.BytesIO(again))
        .worksheets[2]
        .iter_rows(min_row=2, values_only=True)
    ]
    strengths = imported.filter(kind=Finding.Kind.STRENGTH)
    assert sorted(references) == sorted(strengths.values_list("pk", flat=True))


def test_importing_the_same_declaration_again_skips_every_row(client, setup, source, empty):
    exported = export(setup.office, source.assessment, "fa")
    client = signed_in(client, setup.office)
    assert upload(client, empty, exported, target="consensus").status_code == 200
    count = Finding.objects.count()
    response = upload(client, empty, exported, target="consensus")
    assert response.status_code == 200
    assert response.context["outcome"].created == []
    assert Finding.objects.count() == count


def test_the_programmes_workbook_gives_a_units_rows_and_refuses_the_others(
    english_client, setup, source, empty
):
    unit_build(setup.fw, code="FIRE2", texts={Finding.Kind.STRENGTH: [("1a", "واحد دیگر")]})
    output = io.BytesIO()
    with translation.override("en"):
        declaration_programme_write(user=setup.office, cycle=setup.fw.cycle, output=output)
    client = signed_in(english_client, setup.office)
    target = Assessment.objects.get(organization__code="METRO")
    Assessment.objects.filter(pk=target.pk).update(status=Assessment.Status.CONSENSUS)
    Finding.objects.filter(assessment=target).delete()

    response = upload(client, target, output.getvalue(), target="consensus")

    assert response.status_code == 400
    errors = page_errors(response)
    assert {(sheet, column) for sheet, _row, column, _message in errors} == {("Strengths", "Unit code (A)")}
    assert [message for *_rest, message in errors] == [
        "Unit code: this row is of unit FIRE2, and this assessment is of Unit METRO (METRO)."
    ]
    assert not Finding.objects.filter(assessment=target).exists()
