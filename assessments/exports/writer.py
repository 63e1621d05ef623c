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
from decimal import Decimal
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


class _StyledCell(Cell):
    """A cell whose style's index in the workbook is looked up once, not once per cell written."""

    __slots__ = ("_style_index",)

    def __init__(self, sheet, style: StyleArray):
        super().__init__(sheet, row=1, column=1, style_array=style)
        self._style_index = sheet.parent._cell_styles.add(self._style)

    @property
    def style_id(self):
        return self._style_index


NUMBER_TYPES = (int, float, Decimal)


class DeclarationSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, writing each row from its columns' kinds.

    openpyxl's own sheet works out each value's type and, for a styled cell, raises and catches
    an error (formatting the cell's repr) before using it. Here each column knows its kind, and a
    row's cells are a few cells per sheet reused from row to row: the writer writes each cell
    before the next one is made (a row is a generator), and every cell of one kind has the same
    style. Text is stored as a string cell whatever it looks like — never a formula, never a
    number — and a text that starts a formula carries Excel's quote prefix.
    """

    def columns_set(self, kinds: list[Kind], styles: SheetStyles) -> None:
        plain = Cell(self, row=1, column=1)
        wrapped = _StyledCell(self, styles.wrapped)
        inert = _StyledCell(self, styles.inert)
        inert_wrapped = _StyledCell(self, styles.inert_wrapped)
        # per column: (holds text, the cell for its values, the cell for formula-looking text)
        self._plan = []
        for kind in kinds:
            if kind is Kind.TEXT:
                self._plan.append((True, plain, inert))
            elif kind is Kind.LONG_TEXT:
                self._plan.append((True, wrapped, inert_wrapped))
            elif kind is Kind.DATE:  # a cell of its own: a date's number format stays with it
                self._plan.append((False, Cell(self, row=1, column=1), None))
            else:
                self._plan.append((False, plain, None))

    def _values_to_row(self, values, row_idx):
        for col_idx, (value, (holds_text, cell, inert)) in enumerate(zip(values, self._plan, strict=True), 1):
            if value is None or value == "":
                continue
            if isinstance(value, Cell):  # a ready-made cell: the header row's
                value.column = col_idx
                value.row = row_idx
                yield value
                continue
            if holds_text:
                text = value if type(value) is str else str(value)
                if ILLEGAL_CHARACTERS_RE.search(text):
                    text = ILLEGAL_CHARACTERS_RE.sub("", text)
                    if not text:
                        continue
                if text.startswith(FORMULA_TRIGGERS):
                    cell = inert
                cell._value = text
                cell.data_type = "s"
            elif type(value) in NUMBER_TYPES:
                cell._value = value
                cell.data_type = "n"
            else:
                # a date; a datetime would carry a time zone Excel cannot store: the sheets show days
                if isinstance(value, datetime.datetime):
                    value = value.date()
                cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell


def _clean(text: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(text):
        return ILLEGAL_CHARACTERS_RE.sub("", text)
    return text


def _string_cell(sheet, text: str, style: StyleArray) -> Cell:
    """A string cell whatever the text looks like: never a formula, never a number."""
    cell = Cell(sheet, row=1, column=1, style_array=style)
    cell._value = _clean(text)
    cell.data_type = "s"
    return cell


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
        sheet.columns_set([column.kind for column in columns], self.styles)
        sheet.append([_string_cell(sheet, str(column.header), self.styles.header) for column in columns])

        pick = itemgetter(*(column.key for column in columns))
        if len(columns) == 1:
            single = pick
            pick = lambda row: (single(row),)  # noqa: E731
        written = 0
        append = sheet.append
        progress, every = self.progress, PROGRESS_EVERY
        for row in rows:
            append(pick(row))
            written += 1
            if progress is not None and written % every == 0:
                progress(title, written)
        last_column = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last_column}{written + 1}"
        self.row_counts[title] = written
        if self.progress is not None:
            self.progress(title, written)
        return written

    def save(self, output) -> None:
        """Write the workbook to a path or a binary file."""
        self.workbook.save(output)
