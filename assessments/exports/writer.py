"""Writing a declaration workbook with openpyxl's write-only mode: rows go to disk as they come.

A sheet is written from a column map (`columns.py`) and an iterator of rows (`rows.py`):
the header row styled, the header frozen, an autofilter over every row, column widths from
the map, long text wrapped, numbers and dates stored as numbers and dates. The sheet reads
right to left in Persian and left to right in English.

Text is never evaluated: a text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is stored as a string cell (never a formula) with Excel's quote prefix, which keeps
it text even when someone edits the cell; the text itself is kept exactly, so that a
workbook read back gives what the database holds. Characters XML cannot carry (control
characters other than tab, line feed and carriage return) are dropped.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .columns import Column, Kind

# A cell text starting with one of these could be read as a formula by some spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "1F5F5B"
PROGRESS_EVERY = 5000

Progress = Callable[[str, int], None]


class SheetStyles:
    """The few cell styles a workbook uses, registered once with the workbook."""

    def __init__(self, workbook: Workbook):
        self.header = self._style(
            workbook,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=Border(bottom=Side(style="thin", color="0B2F2D")),
        )
        self.wrapped = self._style(workbook, alignment=Alignment(vertical="top", wrap_text=True))
        self.inert = self._style(workbook, quote_prefix=True)
        self.inert_wrapped = self._style(
            workbook, alignment=Alignment(vertical="top", wrap_text=True), quote_prefix=True
        )

    @staticmethod
    def _style(workbook, *, font=None, fill=None, alignment=None, border=None, quote_prefix=False):
        style = StyleArray()
        if font is not None:
            style.fontId = workbook._fonts.add(font)
        if fill is not None:
            style.fillId = workbook._fills.add(fill)
        if alignment is not None:
            style.alignmentId = workbook._alignments.add(alignment)
        if border is not None:
            style.borderId = workbook._borders.add(border)
        if quote_prefix:
            style.quotePrefix = 1
        return style


class DeclarationSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking ready-made cells as they are.

    openpyxl's own sheet first tries every appended item as a value, and for a cell object
    raises and catches an error (formatting the cell's repr) before using it: a cost per
    styled cell that a sheet of wrapped findings pays on every row.
    """

    def _values_to_row(self, values, row_idx):
        cell = Cell(self, row=1, column=1)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                value.column = col_idx
                value.row = row_idx
                yield value
                continue
            cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            if cell.has_style:  # a date: its number format stays with the cell written
                cell = Cell(self, row=1, column=1)


def _clean(text: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(text):
        return ILLEGAL_CHARACTERS_RE.sub("", text)
    return text


def _string_cell(sheet, text: str, style: StyleArray) -> Cell:
    """A string cell whatever the text looks like: never a formula, never a number."""
    # The style is shared, never changed: cells of one kind have the same style.
    cell = Cell(sheet, row=1, column=1, style_array=style)
    cell._value = text
    cell.data_type = "s"
    return cell


def _text_converter(sheet, styles: SheetStyles, *, wrapped: bool):
    plain_style = styles.wrapped if wrapped else None
    inert_style = styles.inert_wrapped if wrapped else styles.inert

    def convert(value):
        if value is None or value == "":
            return None
        text = _clean(str(value))
        if text.startswith(FORMULA_TRIGGERS):
            return _string_cell(sheet, text, inert_style)
        if plain_style is not None:
            return _string_cell(sheet, text, plain_style)
        return text

    return convert


def _date_converter(value):
    # A datetime would carry a time zone Excel cannot store; the sheets show days.
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


class DeclarationWorkbook:
    """One workbook, written sheet by sheet; `save` writes the file."""

    def __init__(self, *, right_to_left: bool, progress: Progress | None = None):
        self.workbook = Workbook(write_only=True)
        self.styles = SheetStyles(self.workbook)
        self.right_to_left = right_to_left
        self.progress = progress
        self.row_counts: dict[str, int] = {}

    def set_properties(self, *, title: str, subject: str, creator: str, language: str, keywords: str):
        properties = self.workbook.properties
        properties.title = title
        properties.subject = subject
        properties.creator = creator
        properties.lastModifiedBy = creator
        properties.language = language
        properties.keywords = keywords
        properties.category = subject
        properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    def add_sheet(self, *, title: str, columns: tuple[Column, ...], rows: Iterable[Mapping]) -> int:
        """Write a sheet of `columns` from `rows` (mappings by column key); returns the rows written."""
        sheet = DeclarationSheet(parent=self.workbook, title=title)
        self.workbook._add_sheet(sheet)
        sheet.sheet_view.rightToLeft = self.right_to_left
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.append([_string_cell(sheet, str(column.header), self.styles.header) for column in columns])

        converters = [self._converter(sheet, column) for column in columns]
        pick = itemgetter(*(column.key for column in columns))
        if len(columns) == 1:
            single = pick
            pick = lambda row: (single(row),)  # noqa: E731
        written = 0
        append = sheet.append
        for row in rows:
            append(
                [
                    value if convert is None else convert(value)
                    for convert, value in zip(converters, pick(row), strict=True)
                ]
            )
            written += 1
            if self.progress is not None and written % PROGRESS_EVERY == 0:
                self.progress(title, written)
        last_column = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last_column}{written + 1}"
        self.row_counts[title] = written
        if self.progress is not None:
            self.progress(title, written)
        return written

    def _converter(self, sheet, column: Column):
        if column.kind is Kind.TEXT:
            return _text_converter(sheet, self.styles, wrapped=False)
        if column.kind is Kind.LONG_TEXT:
            return _text_converter(sheet, self.styles, wrapped=True)
        if column.kind is Kind.DATE:
            return _date_converter
        return None  # numbers: stored as they are (int, Decimal), empty when None

    def save(self, output) -> None:
        """Write the workbook to a path or a binary file."""
        self.workbook.save(output)
