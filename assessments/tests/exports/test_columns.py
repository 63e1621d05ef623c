"""The column maps: one per sheet, keys and headers their own, and every row has exactly its map's keys."""

import re

from django.utils import translation

from assessments.exports import rows
from assessments.exports.columns import (
    BEST_PRACTICES,
    DETAIL_SHEETS,
    IMPROVEMENTS,
    PROFILE,
    STRENGTHS,
    SUMMARY_TITLE,
    Kind,
)
from assessments.exports.declarations import _detail_rows
from assessments.models import Assessment

PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")
ALL_SHEETS = (PROFILE, *DETAIL_SHEETS)


def test_every_sheet_has_its_own_keys_and_a_width_for_each_column():
    for sheet in ALL_SHEETS:
        keys = [column.key for column in sheet.columns]
        assert len(keys) == len(set(keys)), f"{sheet.key} repeats a column key"
        assert all(4 <= column.width <= 100 for column in sheet.columns), sheet.key


def test_sheet_titles_are_valid_excel_names_and_distinct_in_both_languages():
    for language in ("fa", "en"):
        with translation.override(language):
            titles = [str(SUMMARY_TITLE)] + [str(sheet.title) for sheet in ALL_SHEETS]
        assert len(set(titles)) == len(titles), titles
        for title in titles:
            assert 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title), title


def test_headers_read_in_persian_and_in_english():
    for sheet in ALL_SHEETS:
        for column in sheet.columns:
            with translation.override("en"):
                english = str(column.header)
            with translation.override("fa"):
                persian = str(column.header)
            assert persian != english and PERSIAN_LETTERS.search(persian), (
                f"{sheet.key}.{column.key}: {persian!r}"
            )


def test_unit_columns_only_in_the_programme_workbook_except_on_the_profile():
    for sheet in DETAIL_SHEETS:
        unit_keys = {"unit_code", "unit_name"}
        assert unit_keys <= {column.key for column in sheet.columns_for(programme=True)}
        assert not unit_keys & {column.key for column in sheet.columns_for(programme=False)}
    assert PROFILE.columns_for(programme=False) == PROFILE.columns_for(programme=True)


def test_dates_have_their_jalali_text_beside_them():
    for sheet in ALL_SHEETS:
        keys = [column.key for column in sheet.columns]
        for index, column in enumerate(sheet.columns):
            if column.kind is Kind.DATE:
                assert keys[index + 1] == f"{column.key}_jalali", f"{sheet.key}.{column.key}"


def test_the_finding_sheets_share_one_map():
    assert STRENGTHS.columns == IMPROVEMENTS.columns == BEST_PRACTICES.columns


def test_every_row_has_exactly_the_keys_of_its_map(units, fw):
    # given an export scope over the whole cycle
    scope = rows.ExportScope(cycle=fw.cycle, assessments=Assessment.objects.all())

    # when each sheet's rows are built
    built = {PROFILE.key: list(rows.profile_rows(scope))}
    for sheet in DETAIL_SHEETS:
        built[sheet.key] = list(_detail_rows(sheet, scope))

    # then every sheet has rows, and each row carries its map's keys, no more and no fewer
    for sheet in ALL_SHEETS:
        expected = {column.key for column in sheet.columns}
        assert built[sheet.key], f"no rows for {sheet.key}"
        assert all(set(row) == expected for row in built[sheet.key]), sheet.key
