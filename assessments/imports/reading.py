"""Opening an uploaded workbook safely and reading its finding rows.

Only an Excel workbook (`.xlsx`) of at most 5 MB is opened; a file named otherwise, an
Excel 97–2003 workbook (`.xls`, whatever its name), a file that is not a zip archive, a
zip archive that is not a workbook or that would unpack to more than 200 MB, and a
workbook openpyxl cannot read are refused with a `FileRefused` that says which. openpyxl
reads it in read-only mode with the cached values of formulas (`data_only`), and, with
defusedxml installed (requirements.txt), refuses XML with entity declarations (billion
laughs, external entities). The workbook is closed whatever happens.

Each sheet's first row is its header row; a sheet is read when it has a sub-criterion
column and a finding column (`columns.py`), only as many columns wide as its last such
column. Rows whose read columns are all empty are left out; more than 10,000 rows to
read is a refusal, so is a sheet of more than 100,000 rows.
"""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from excellence.numbers import shown_digits, shown_number_grouped

from . import columns

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_SCANNED_ROWS = 100_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls) and other Office binaries
CONTENT_TYPES = "[Content_Types].xml"


class FileRefused(Exception):
    """The file cannot be imported at all; `message` says why, in the active language."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class SheetColumn:
    """Where a read column is on its sheet: its letter and its header as written."""

    letter: str
    header: str
    index: int

    def __str__(self):
        return f"{self.header} ({self.letter})"


@dataclass
class ReadSheet:
    """A sheet whose rows are read: its title, its columns by field and the kind its name gives."""

    title: str
    columns: dict[str, SheetColumn]
    kind_from_title: str | None
    rows: int = 0

    def column(self, name: str) -> SheetColumn | None:
        return self.columns.get(name)


@dataclass(frozen=True)
class RawRow:
    """One data row as written: cell texts by field ("" for an empty cell), not yet checked."""

    sheet: ReadSheet
    number: int
    values: dict[str, str]


@dataclass
class ReadWorkbook:
    name: str
    sheets: list[ReadSheet] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)


def cell_text(value) -> str:
    """A cell's value as the text a person sees in it (a whole number without its ".0")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # a day: Excel stores it as a moment at midnight
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _size_of(file) -> int:
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def _megabytes(size: int) -> str:
    return shown_digits(f"{size / (1024 * 1024):.1f}")


def _check_file(file, *, name: str, size: int | None) -> None:
    """Refuse what is not an .xlsx workbook of at most 5 MB before openpyxl sees it."""
    lowered = name.lower()
    shown = {"name": name}
    if lowered.endswith(".xls"):
        raise FileRefused(_xls_message(name), code="xls")
    if not lowered.endswith(".xlsx"):
        raise FileRefused(
            _("«%(name)s» is not an Excel workbook: only .xlsx files can be imported.") % shown,
            code="not_xlsx",
        )
    size = _size_of(file) if size is None else size
    if size > MAX_BYTES:
        raise FileRefused(
            _("«%(name)s» is %(size)s MB; a workbook to import is at most %(limit)s MB.")
            % {"name": name, "size": _megabytes(size), "limit": shown_digits(MAX_BYTES // (1024 * 1024))},
            code="too_big",
        )
    file.seek(0)
    signature = file.read(8)
    file.seek(0)
    if signature == OLE_SIGNATURE:
        raise FileRefused(_xls_message(name), code="xls")
    if not signature.startswith(ZIP_SIGNATURE):
        raise FileRefused(
            _(
                "«%(name)s» is not an Excel workbook: its content is not that of an .xlsx file, "
                "whatever its name says. Save it from Excel as an Excel Workbook (.xlsx)."
            )
            % shown,
            code="not_a_workbook",
        )
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise _damaged(name) from error
    finally:
        file.seek(0)
    if CONTENT_TYPES not in {entry.filename for entry in entries}:
        raise FileRefused(
            _("«%(name)s» is a zip archive but not an Excel workbook.") % shown, code="zip_not_workbook"
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise FileRefused(
            _(
                "«%(name)s» unpacks to more than %(limit)s MB, far more than any workbook of findings: "
                "refused."
            )
            % {"name": name, "limit": shown_digits(MAX_UNPACKED_BYTES // (1024 * 1024))},
            code="unpacks_too_big",
        )


def _xls_message(name: str) -> str:
    return _(
        "«%(name)s» is an Excel 97–2003 workbook (.xls): open it in Excel, save it as an Excel "
        "Workbook (.xlsx) and upload that."
    ) % {"name": name}


def _unreadable(name: str, error: BaseException) -> FileRefused:
    """Refuse a workbook openpyxl could not read: as unsafe when defusedxml refused its XML."""
    cause = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return FileRefused(
                _(
                    "«%(name)s» holds XML that is refused for safety (entity or document type "
                    "declarations, as in an XML bomb): it was not read. Save it again from Excel as an "
                    "Excel Workbook (.xlsx) and upload that."
                )
                % {"name": name},
                code="unsafe",
            )
        cause = cause.__cause__ or cause.__context__
    return _damaged(name)


def _damaged(name: str) -> FileRefused:
    return FileRefused(
        _(
            "«%(name)s» is damaged or is not a valid Excel workbook, and cannot be read. Open it in "
            "Excel, save it again as an Excel Workbook (.xlsx) and upload it again."
        )
        % {"name": name},
        code="damaged",
    )


def _too_many_rows() -> FileRefused:
    return FileRefused(
        _(
            "The file has more than %(limit)s rows of findings: import at most %(limit)s at a time "
            "(split the file into several)."
        )
        % {"limit": shown_number_grouped(MAX_ROWS)},
        code="too_many_rows",
    )


def read_workbook(file, *, name: str, size: int | None = None) -> ReadWorkbook:
    """The finding rows of the workbook in `file` (a binary file), or `FileRefused`."""
    _check_file(file, name=name, size=size)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # an unreadable upload, whatever part of it openpyxl trips on
        raise _unreadable(name, error) from error
    read = ReadWorkbook(name=name)
    try:
        headers = columns.header_fields()
        sheet_kinds = columns.sheet_kinds()
        for sheet in book.worksheets:
            _read_sheet(sheet, read, headers=headers, sheet_kinds=sheet_kinds)
    except FileRefused:
        raise
    except Exception as error:  # a sheet's XML broken (or refused as unsafe) part of the way
        raise _unreadable(name, error) from error
    finally:
        book.close()
    return read


def _read_sheet(sheet, read: ReadWorkbook, *, headers: dict[str, str], sheet_kinds: dict[str, str]) -> None:
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    if not header_row:
        return
    found: dict[str, SheetColumn] = {}
    for index, value in enumerate(header_row):
        text = cell_text(value).strip()
        name = headers.get(columns.match_key(text)) if text else None
        if name is not None and name not in found:
            found[name] = SheetColumn(letter=get_column_letter(index + 1), header=text, index=index)
    if columns.SUB_CRITERION not in found or columns.TEXT not in found:
        return
    read_sheet = ReadSheet(
        title=sheet.title,
        columns=found,
        kind_from_title=sheet_kinds.get(columns.match_key(sheet.title)),
    )
    read.sheets.append(read_sheet)
    width = max(column.index for column in found.values()) + 1
    for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        if number > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        values = {
            name: cell_text(row[column.index]) if column.index < len(row) else ""
            for name, column in found.items()
        }
        if not any(value.strip() for value in values.values()):
            continue
        if len(read.rows) >= MAX_ROWS:
            raise _too_many_rows()
        read.rows.append(RawRow(sheet=read_sheet, number=number, values=values))
        read_sheet.rows += 1
