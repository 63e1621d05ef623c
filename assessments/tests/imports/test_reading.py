"""Opening an upload: only an .xlsx of at most 5 MB that openpyxl can read, safely, is read."""

import io

import openpyxl
import openpyxl.xml.functions
import pytest

from assessments.imports import reading
from assessments.imports.reading import FileRefused, read_workbook

from .conftest import HEADERS_EN, workbook
from .files import OLE_HEADER, billion_laughs, corrupted_sheet, plain_zip, renamed_text, truncated

pytestmark = pytest.mark.usefixtures("english")


def read(content: bytes, name="findings.xlsx", **kwargs):
    return read_workbook(io.BytesIO(content), name=name, **kwargs)


def refusal(content: bytes, name="findings.xlsx", **kwargs) -> FileRefused:
    with pytest.raises(FileRefused) as raised:
        read(content, name, **kwargs)
    return raised.value


def test_openpyxl_parses_through_defusedxml():
    import defusedxml.ElementTree

    assert openpyxl.DEFUSEDXML is True
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


def test_a_billion_laughs_is_refused_for_safety_without_expanding():
    from defusedxml import EntitiesForbidden

    refused = refusal(billion_laughs())
    assert refused.code == "unsafe"
    assert refused.message.startswith("«findings.xlsx» holds XML that is refused for safety")
    causes, cause = [], refused.__cause__
    while cause is not None:
        causes.append(type(cause))
        cause = cause.__cause__ or cause.__context__
    assert EntitiesForbidden in causes


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("findings.txt", renamed_text(), "not_xlsx", "only .xlsx files can be imported"),
        ("findings.csv", renamed_text(), "not_xlsx", "only .xlsx files can be imported"),
        ("findings", workbook([]), "not_xlsx", "only .xlsx files can be imported"),
        ("findings.xls", OLE_HEADER, "xls", "Excel 97–2003 workbook (.xls)"),
        ("findings.xlsx", OLE_HEADER, "xls", "Excel 97–2003 workbook (.xls)"),
        ("findings.xlsx", renamed_text(), "not_a_workbook", "its content is not that of an .xlsx file"),
        ("findings.xlsx", b"", "not_a_workbook", "its content is not that of an .xlsx file"),
        ("findings.xlsx", plain_zip(), "zip_not_workbook", "is a zip archive but not an Excel workbook"),
        ("findings.xlsx", truncated(), "damaged", "is damaged or is not a valid Excel workbook"),
        ("findings.xlsx", corrupted_sheet(), "damaged", "is damaged or is not a valid Excel workbook"),
        ("FINDINGS.XLSM", workbook([]), "not_xlsx", "only .xlsx files can be imported"),
    ],
)
def test_what_is_not_a_readable_xlsx_is_refused_with_its_reason(name, content, code, words):
    refused = refusal(content, name)
    assert refused.code == code
    assert words in refused.message
    assert f"«{name}»" in refused.message


def test_more_than_5_mb_is_refused_before_it_is_opened():
    refused = refusal(b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024 - 3))
    assert refused.code == "too_big"
    assert refused.message == "«findings.xlsx» is 5.0 MB; a workbook to import is at most 5 MB."


def test_the_size_the_upload_declares_counts():
    refused = refusal(workbook([("1a", "strength", "x")]), size=6 * 1024 * 1024)
    assert refused.code == "too_big" and "6.0 MB" in refused.message


def test_an_archive_that_unpacks_to_far_more_than_a_workbook_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)
    refused = refusal(workbook([("1a", "strength", "یافته " * 200)]))
    assert refused.code == "unpacks_too_big"


def test_10000_rows_are_read_and_one_more_is_refused():
    rows = [("1a", "strength", f"یافته {n}") for n in range(10_000)]
    assert len(read(workbook(rows, headers=HEADERS_EN)).rows) == 10_000
    refused = refusal(workbook([*rows, ("1b", "strength", "one too many")], headers=HEADERS_EN))
    assert refused.code == "too_many_rows"
    assert refused.message == (
        "The file has more than 10,000 rows of findings: import at most 10,000 at a time "
        "(split the file into several)."
    )


def test_rows_are_counted_across_sheets():
    rows = [("1a", "strength", f"یافته {n}") for n in range(6_000)]
    content = workbook(rows, headers=HEADERS_EN, extra_sheets=[("More", HEADERS_EN, rows)])
    assert refusal(content).code == "too_many_rows"


def test_columns_are_found_by_header_in_either_language_and_any_order():
    content = workbook(
        [("ignored", "متن اول", "1a", "نقطه قوت"), (None, "second", "۱ب", "Strength")],
        headers=("Unit", "Finding", "زیرمعیار", "kind"),
        extra_sheets=[("Notes", ("Anything", "Else"), [("a", "b")])],
    )
    read_book = read(content)
    assert [sheet.title for sheet in read_book.sheets] == ["یافته‌ها"]
    sheet = read_book.sheets[0]
    assert {name: (column.letter, column.header) for name, column in sheet.columns.items()} == {
        "text": ("B", "Finding"),
        "sub_criterion": ("C", "زیرمعیار"),
        "kind": ("D", "kind"),
    }
    assert [(row.number, row.values) for row in read_book.rows] == [
        (2, {"text": "متن اول", "sub_criterion": "1a", "kind": "نقطه قوت"}),
        (3, {"text": "second", "sub_criterion": "۱ب", "kind": "Strength"}),
    ]


def test_empty_rows_are_left_out_and_rows_keep_their_numbers():
    content = workbook(
        [("1a", "strength", "اول"), (None, None, None), ("  ", "", ""), ("1b", "strength", "دوم")]
    )
    assert [row.number for row in read(content).rows] == [2, 5]


def test_numbers_and_dates_are_read_as_the_text_a_person_sees():
    import datetime

    content = workbook([(6, "strength", 12.5), (1.0, "strength", datetime.date(2022, 8, 3))])
    assert [(row.values["sub_criterion"], row.values["text"]) for row in read(content).rows] == [
        ("6", "12.5"),
        ("1", "2022-08-03"),
    ]


def test_a_declaration_sheet_gives_its_kind_by_its_name():
    content = workbook([("1a", "x")], headers=("Sub-criterion", "Finding"), title="نقاط قابل بهبود")
    assert read(content).sheets[0].kind_from_title == "improvement"
    content = workbook([("1a", "x")], headers=("Sub-criterion", "Finding"), title="Best practices")
    assert read(content).sheets[0].kind_from_title == "best_practice"
