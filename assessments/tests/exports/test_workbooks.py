"""The workbooks reopened with openpyxl: sheets, headers in both languages, direction, frozen header,
autofilter, cell types, document properties, and rows that match the database."""

import datetime
import io

import pytest
from django.utils import translation

from assessments.exports.columns import DETAIL_SHEETS, PROFILE, SUMMARY_TITLE
from assessments.exports.declarations import declaration_programme_write, declaration_unit_write
from assessments.models import Finding, ImprovementProject, TimeEntry
from assessments.selectors.results import assessment_consensus_result, cycle_ratings
from excellence import jalali
from excellence.roles import COMMAND_LINE

from .conftest import reopen, sheet_rows

FINDING_SHEETS = {
    "strengths": Finding.Kind.STRENGTH,
    "improvements": Finding.Kind.IMPROVEMENT,
    "best_practices": Finding.Kind.BEST_PRACTICE,
}


def programme_workbook(cycle, language="fa"):
    output = io.BytesIO()
    with translation.override(language):
        written = declaration_programme_write(user=COMMAND_LINE, cycle=cycle, output=output)
    return reopen(output), written


def unit_workbook(assessment, language="fa"):
    output = io.BytesIO()
    with translation.override(language):
        written = declaration_unit_write(user=COMMAND_LINE, assessment=assessment, output=output)
    return reopen(output), written


def expected_titles(language, *, programme):
    with translation.override(language):
        first = str(SUMMARY_TITLE if programme else PROFILE.title)
        return [first] + [str(sheet.title) for sheet in DETAIL_SHEETS]


def expected_headers(sheet_map, language, *, programme):
    with translation.override(language):
        return tuple(str(column.header) for column in sheet_map.columns_for(programme=programme))


@pytest.mark.parametrize("language, right_to_left", [("fa", True), ("en", False)])
def test_the_programme_workbook_has_its_sheets_headers_and_direction(units, fw, language, right_to_left):
    # when the programme workbook is written in the language
    book, _written = programme_workbook(fw.cycle, language)

    # then its sheets come in order, each headed in the language, frozen below the header,
    # filtered over every row, right to left in Persian only
    assert book.sheetnames == expected_titles(language, programme=True)
    for sheet, sheet_map in zip(book.worksheets, (PROFILE, *DETAIL_SHEETS), strict=True):
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True))
        assert header == expected_headers(sheet_map, language, programme=True)
        assert sheet.sheet_view.rightToLeft is right_to_left
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
        assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("1F5F5B")
        assert sheet.column_dimensions["A"].width > 0


def test_the_persian_and_english_headers_differ(units, fw):
    persian, _ = programme_workbook(fw.cycle, "fa")
    english, _ = programme_workbook(fw.cycle, "en")
    assert persian["خلاصه"]["A1"].value == "کد واحد"
    assert english["Summary"]["A1"].value == "Unit code"


def test_row_counts_are_the_databases(units, fw):
    # given three units, each with individual findings and site-visit issues beside the consensus ones
    book, written = programme_workbook(fw.cycle)
    sheets = dict(zip([PROFILE.key, *(sheet.key for sheet in DETAIL_SHEETS)], book.worksheets, strict=True))

    # then each sheet holds what the database holds, the header apart
    counts = {key: sheet.max_row - 1 for key, sheet in sheets.items()}
    assert counts["profile"] == 3
    for key, kind in FINDING_SHEETS.items():
        assert counts[key] == Finding.objects.filter(stage=Finding.Stage.CONSENSUS, kind=kind).count()
    assert counts["projects"] == ImprovementProject.objects.filter(cycle=fw.cycle).count()
    pairs = TimeEntry.objects.values_list("assessment_id", "assessor_id").distinct().count()
    assert counts["hours"] == pairs
    # per unit: one row per criterion (2) and sub-criterion (3), and the total
    assert counts["scores"] == 3 * (2 + 3 + 1)
    assert written.rows == counts


def test_the_unit_workbook_holds_only_its_unit_and_no_unit_columns(units, fw):
    fire = units["FIRE"]
    book, written = unit_workbook(fire.assessment)

    assert book.sheetnames == expected_titles("fa", programme=False)
    profile = sheet_rows(book.worksheets[0])
    assert [row["کد واحد"] for row in profile] == ["FIRE"]
    strengths = sheet_rows(book.worksheets[2])
    assert {row["شناسه"] for row in strengths} == {
        finding.pk for finding in fire.findings[Finding.Kind.STRENGTH]
    }
    assert "کد واحد" not in strengths[0]
    assert written.rows["improvements"] == 2


def test_numbers_and_dates_are_stored_as_numbers_and_dates_with_jalali_beside(units, fw):
    book, _ = programme_workbook(fw.cycle, "en")
    profile = sheet_rows(book["Summary"])
    fire = next(row for row in profile if row["Unit code"] == "FIRE")

    assert fire["Cycle"] == 1401
    assert fire["Window start"] == datetime.datetime(2022, 7, 23)
    assert fire["Window start (Jalali)"] == jalali.format_date(
        datetime.date(2022, 7, 23), persian_digits=False
    )
    assert fire["Internal person-hours"] == 14 and fire["External person-hours"] == 4.5
    assert fire["Total person-hours"] == 18.5
    assert fire["Total points"] == 700 and fire["Stars"] == 4
    assert fire["Team leader"] == "مریم رهبر FIRE" and fire["Team members"] == "رضا عضو FIRE"
    # the cells' own types, as a spreadsheet reads them
    sheet = book["Summary"]
    header = [cell.value for cell in sheet[1]]
    row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == "FIRE")
    assert row[header.index("Window start")].is_date
    assert row[header.index("Total points")].data_type == "n"
    assert row[header.index("Window start (Jalali)")].data_type == "s"

    projects = sheet_rows(book["Improvement projects"])
    project = next(row for row in projects if row["Unit code"] == "FIRE")
    assert project["Start date"] == datetime.datetime(2022, 10, 1)
    assert project["Start date (Jalali)"] == "1401/07/09"
    assert project["Progress (%)"] == 40
    assert project["Owner"] == "سارا مالک FIRE"
    linked = units["FIRE"].findings[Finding.Kind.IMPROVEMENT]
    assert project["Linked improvement points"] == "; ".join(
        f"{finding.pk} ({finding.sub_criterion.code})" for finding in linked
    )


def test_jalali_dates_use_persian_digits_in_persian(units, fw):
    book, _ = programme_workbook(fw.cycle, "fa")
    profile = sheet_rows(book["خلاصه"])
    assert profile[0]["آغاز بازه (شمسی)"] == "۱۴۰۱/۰۵/۰۱"


def test_scores_come_from_the_scoring_selectors(units, fw):
    book, _ = programme_workbook(fw.cycle, "en")
    scores = sheet_rows(book["Scores"])
    for code, unit in units.items():
        expected = assessment_consensus_result(assessment=unit.assessment).scoring
        rows = [row for row in scores if row["Unit code"] == code]
        subs = {row["Sub-criterion"]: row for row in rows if row["Row"] == "Sub-criterion"}
        assert {sub: row["Score (%)"] for sub, row in subs.items()} == {
            sub: float(value) for sub, value in expected.percentages.items()
        }
        criteria = {row["Criterion"]: row["Points"] for row in rows if row["Row"] == "Criterion"}
        assert criteria == {key: float(value) for key, value in expected.criterion_points.items()}
        total = next(row for row in rows if row["Row"] == "Total")
        assert total["Points"] == float(expected.total) and total["Points available"] == 1000
        assert subs["1a"]["Weight in criterion (%)"] == 50 and subs["1a"]["Points available"] == 300


def test_the_summary_shows_the_ratings_the_selectors_give(units, fw):
    book, _ = programme_workbook(fw.cycle, "en")
    summary = sheet_rows(book["Summary"])
    ratings = cycle_ratings(cycle=fw.cycle)
    assert [row["Unit code"] for row in summary] == [rating.code for rating in ratings]
    with translation.override("en"):
        assert [(row["Total points"], row["Stars"], row["Level"]) for row in summary] == [
            (float(rating.total), rating.stars, rating.level) for rating in ratings
        ]


def test_rows_come_in_a_fixed_order(units, fw):
    # units as the ratings list them (by kind, then code), then the framework's order, then as recorded
    book, _ = programme_workbook(fw.cycle, "en")
    strengths = sheet_rows(book["Strengths"])
    assert [(row["Unit code"], row["Sub-criterion"]) for row in strengths] == [
        ("BUS", "1a"),
        ("BUS", "1b"),
        ("FIRE", "1a"),
        ("FIRE", "1b"),
        ("METRO", "1a"),
        ("METRO", "1b"),
    ]
    again, _ = programme_workbook(fw.cycle, "en")
    assert sheet_rows(again["Strengths"]) == strengths


def test_long_text_is_wrapped_and_short_text_is_not(units, fw):
    book, _ = programme_workbook(fw.cycle, "en")
    sheet = book["Strengths"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    assert row[header.index("Finding")].alignment.wrap_text
    assert not row[header.index("Unit code")].alignment.wrap_text


def test_sub_criterion_codes_are_shown_in_the_language(units, fw):
    book, _ = programme_workbook(fw.cycle, "fa")
    strengths = sheet_rows(book["نقاط قوت"])
    assert {row["زیرمعیار"] for row in strengths} == {"۱الف", "۱ب"}


def test_document_properties_are_set(units, fw):
    book, _ = programme_workbook(fw.cycle, "en")
    assert book.properties.title == "Declarations of the programme, cycle 1401"
    assert book.properties.creator == "Excellence"
    assert book.properties.language == "en"
    assert book.properties.subject == "Declaration for the national excellence award"
    assert book.properties.created is not None

    unit_book, _ = unit_workbook(units["FIRE"].assessment, "fa")
    assert unit_book.properties.title == "اظهارنامه واحد FIRE، دوره 1401"
    assert unit_book.properties.language == "fa"


def test_hours_name_each_assessors_place_on_the_team(units, fw):
    # given FIRE's member taken off the team after logging hours
    fire = units["FIRE"]
    fire.assessment.team.filter(assessor=fire.member).delete()

    book, _written = programme_workbook(fw.cycle, language="en")

    roles = {
        (row["Unit code"], row["Assessor"]): row["Role"] for row in sheet_rows(book["Hours per assessor"])
    }
    assert roles[("FIRE", "مریم رهبر FIRE")] == "Team leader"
    assert roles[("FIRE", "رضا عضو FIRE")] == "No longer on the team"
    assert roles[("BUS", "رضا عضو BUS")] == "Member"


def test_the_streamed_ratings_are_the_selectors_ratings(units, fw):
    # given stored results (FIRE, BUS) and one rated live from its consensus scores (METRO)
    from assessments.models import Assessment
    from assessments.selectors.results import cycle_ratings_stream

    everyone = Assessment.objects.all()

    streamed = list(cycle_ratings_stream(cycle=fw.cycle, assessments=everyone, chunk_size=2))

    assert streamed == cycle_ratings(cycle=fw.cycle, assessments=everyone)
    assert [(row.code, row.stored) for row in streamed] == [("BUS", True), ("FIRE", True), ("METRO", False)]
