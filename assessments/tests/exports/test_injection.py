"""No cell of a declaration is ever a formula: text that looks like one is stored as inert text."""

import io
import zipfile

import pytest
from django.utils import translation

from assessments.exports.columns import Column, Kind
from assessments.exports.declarations import declaration_programme_write
from assessments.exports.writer import DeclarationWorkbook
from assessments.models import Finding
from excellence.roles import COMMAND_LINE

from .conftest import reopen, sheet_rows
from .programme import unit_build

FORMULA_LOOKING = [
    "=1+1",
    '=HYPERLINK("http://example.org","کلیک")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
]
# Stored text is trimmed (Persian normalization), so a leading tab or carriage return reaches the
# writer only from elsewhere (a label, a future source); the writer is tested with them directly.
WHITESPACE_LED = ["\t=1+1", "\r=1+1", "\r\n@SUM(A1)"]


@pytest.fixture
def hostile(fw):
    texts = {Finding.Kind.STRENGTH: [("1a", text) for text in FORMULA_LOOKING] + [("1b", "متن عادی")]}
    unit = unit_build(fw, code="EVIL", texts=texts)
    unit.assessment.organization.name_en = "=2*3"
    unit.assessment.organization.save()
    return unit


def written(fw) -> bytes:
    output = io.BytesIO()
    with translation.override("en"):
        declaration_programme_write(user=COMMAND_LINE, cycle=fw.cycle, output=output)
    return output.getvalue()


def test_formula_looking_text_is_stored_exactly_as_inert_text(hostile, fw):
    # when the workbook is written and read back
    book = reopen(written(fw))
    sheet = book["Strengths"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Finding")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]

    # then every text is there unchanged, as a string cell with Excel's quote prefix
    by_text = {cell.value: cell for cell in cells}
    assert set(FORMULA_LOOKING) <= set(by_text)
    for text in FORMULA_LOOKING:
        cell = by_text[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    # and ordinary text carries no quote prefix
    assert not by_text["متن عادی"].quotePrefix


def test_a_short_text_column_is_protected_too(hostile, fw):
    book = reopen(written(fw))
    summary = book["Summary"]
    header = [cell.value for cell in summary[1]]
    cell = next(row[header.index("Unit")] for row in summary.iter_rows(min_row=2) if row[0].value == "EVIL")
    assert cell.value == "=2*3" and cell.data_type == "s" and cell.quotePrefix


def test_no_sheet_holds_a_formula_element(hostile, fw):
    # a spreadsheet evaluates only <f> elements; none may be written
    with zipfile.ZipFile(io.BytesIO(written(fw))) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 7
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_characters_xml_cannot_carry_are_dropped(fw):
    unit_build(fw, code="CTRL", texts={Finding.Kind.STRENGTH: [("1a", "قوت\x0bی پنهان\x1f")]})
    rows = sheet_rows(reopen(written(fw))["Strengths"])
    assert [row["Finding"] for row in rows] == ["قوتی پنهان"]


@pytest.mark.parametrize("kind", [Kind.TEXT, Kind.LONG_TEXT])
def test_the_writer_keeps_every_trigger_inert(kind):
    # given texts starting with each character a spreadsheet may read as a formula's start
    texts = [*FORMULA_LOOKING, *WHITESPACE_LED, "عادی"]
    book = DeclarationWorkbook(right_to_left=True)
    book.add_sheet(
        title="t", columns=(Column("text", "Text", kind),), rows=({"text": text} for text in texts)
    )
    output = io.BytesIO()
    book.save(output)

    # when it is read back, every text is exactly what was written, and none is a formula
    cells = [row[0] for row in reopen(output)["t"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == texts
    assert all(cell.data_type == "s" for cell in cells)
    assert [bool(cell.quotePrefix) for cell in cells] == [True] * (len(texts) - 1) + [False]
