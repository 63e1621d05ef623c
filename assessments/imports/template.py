"""The template workbook to fill in and import, for one assessment's cycle framework.

Three sheets, right to left in Persian, headers in the active language: **Findings**
(sub-criterion, kind, finding: one finding a row; a styled, frozen header row whose
cells carry a comment saying what to write; a drop-down list of the framework's
sub-criterion codes and one of the kinds, and a length check on the text, as Excel's
data validation), **Guide** (the rules the import checks) and **Sub-criteria** (every
code of the framework with its criterion and title, the list the drop-down offers).
The columns are those `columns.py` reads, and the same headers as the declaration
workbook's finding sheets.
"""

from __future__ import annotations

import datetime

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from excellence.languages import is_english
from excellence.numbers import shown_digits, shown_number_grouped

from ..exports import columns as export_columns
from ..exports.writer import HEADER_FILL
from ..models import Finding
from . import columns
from .reading import MAX_BYTES, MAX_ROWS
from .validation import NOTE_LIMIT, TEXT_LIMIT, Catalog, joined

FINDINGS_TITLE = gettext_lazy("Findings")
GUIDE_TITLE = gettext_lazy("Guide")
SUB_CRITERIA_TITLE = gettext_lazy("Sub-criteria")
WIDTHS = {
    columns.SUB_CRITERION: 14,
    columns.KIND: 24,
    columns.TEXT: 90,
    columns.EVIDENCE: 16,
    columns.EVIDENCE_NOTE: 36,
}
COMMENT_AUTHOR = "Excellence"


def _header_style(cell) -> None:
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = Border(bottom=Side(style="thin", color="0B2F2D"))


def _sheet(book: Workbook, title: str, headers: list[tuple[str, int]], *, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.sheet_view.rightToLeft = not is_english()
    sheet.freeze_panes = "A2"
    for index, (header, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        _header_style(cell)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[1].height = 24
    return sheet


def _kinds() -> list[tuple[str, str]]:
    return [(str(kind.label), kind.value) for kind in Finding.Kind]


def _places() -> list[str]:
    return [str(evidence.label) for evidence in Finding.Evidence]


def _comments(catalog: Catalog) -> dict[str, str]:
    return {
        columns.SUB_CRITERION: _(
            "The code of the finding's sub-criterion, as the Sub-criteria sheet lists it "
            "(for example %(examples)s)."
        )
        % {"examples": catalog.examples()},
        columns.KIND: _("One of: %(kinds)s.") % {"kinds": joined(label for label, _code in _kinds())},
        columns.TEXT: _("The finding's text, at most %(limit)s characters.")
        % {"limit": shown_number_grouped(TEXT_LIMIT)},
        columns.EVIDENCE: _("Optional. Where the finding was seen: %(places)s.")
        % {"places": joined(_places())},
        columns.EVIDENCE_NOTE: _("Optional. Which document, place or person, at most %(limit)s characters.")
        % {"limit": shown_number_grouped(NOTE_LIMIT)},
    }


def _findings_sheet(book: Workbook, catalog: Catalog, *, sub_criteria_range: str) -> None:
    sheet = _sheet(
        book,
        str(FINDINGS_TITLE),
        [(str(column.header), WIDTHS[column.field]) for column in columns.TEMPLATE_COLUMNS],
        first=True,
    )
    comments = _comments(catalog)
    last_row = MAX_ROWS + 1
    letters = {}
    for index, column in enumerate(columns.TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        letters[column.field] = letter
        comment = Comment(comments[column.field], COMMENT_AUTHOR, width=260, height=90)
        sheet.cell(row=1, column=index).comment = comment
        # Codes stay text as typed: "1.10" must not become the number 1.1.
        sheet.column_dimensions[letter].number_format = "@"
    sheet.column_dimensions[letters[columns.TEXT]].alignment = Alignment(wrap_text=True, vertical="top")

    codes = DataValidation(
        type="list",
        formula1=sub_criteria_range,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Sub-criterion"),
        error=_("Choose a code from the list: the Sub-criteria sheet lists the framework's sub-criteria."),
    )
    kinds = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(label for label, _code in _kinds())),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Kind"),
        error=_("Choose a kind of finding from the list."),
    )
    length = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(TEXT_LIMIT),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Finding"),
        error=_("A finding is at most %(limit)s characters.") % {"limit": shown_number_grouped(TEXT_LIMIT)},
    )
    places = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(_places())),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Evidence"),
        error=_("Choose where the finding was seen from the list, or leave it empty."),
    )
    validations = (
        (codes, columns.SUB_CRITERION),
        (kinds, columns.KIND),
        (length, columns.TEXT),
        (places, columns.EVIDENCE),
    )
    for validation, field in validations:
        sheet.add_data_validation(validation)
        validation.add(f"{letters[field]}2:{letters[field]}{last_row}")


def _guide_lines(catalog: Catalog) -> list[str]:
    kinds = [f"• {label} — {code}" for label, code in _kinds()]
    finding_sheets = joined(columns.KIND_SHEETS.values())
    return [
        _("Importing findings into the assessment of %(unit)s, cycle %(year)s (%(framework)s)")
        % {"unit": catalog.unit_name, "year": shown_digits(catalog.year), "framework": catalog.framework},
        _(
            "Write one finding a row on the %(sheet)s sheet: the code of its sub-criterion, its kind and its "
            "text. Leave the header row as it is; the columns may be in any order."
        )
        % {"sheet": FINDINGS_TITLE},
        _(
            "%(column)s: the code as the %(sheet)s sheet lists it, in Persian or English (for example "
            "%(examples)s); Persian digits are read too."
        )
        % {
            "column": columns.BY_FIELD[columns.SUB_CRITERION].header,
            "sheet": SUB_CRITERIA_TITLE,
            "examples": catalog.examples(),
        },
        _("%(column)s: one of the kinds below, by its name in Persian or English or by its code:")
        % {"column": columns.BY_FIELD[columns.KIND].header},
        *kinds,
        _(
            "%(column)s: the text, not empty and at most %(limit)s characters. Arabic %(arabic)s are saved "
            "as Persian %(persian)s, spaces around the text are removed, half-spaces are kept."
        )
        % {
            "column": columns.BY_FIELD[columns.TEXT].header,
            "limit": shown_number_grouped(TEXT_LIMIT),
            "arabic": "\u064a/\u0643",  # ي/ك
            "persian": "\u06cc/\u06a9",  # ی/ک
        },
        _(
            "%(evidence)s and %(note)s (optional): where the finding was seen — %(places)s — and which "
            "document, place or person, at most %(limit)s characters."
        )
        % {
            "evidence": columns.BY_FIELD[columns.EVIDENCE].header,
            "note": columns.BY_FIELD[columns.EVIDENCE_NOTE].header,
            "places": joined(_places()),
            "limit": shown_number_grouped(NOTE_LIMIT),
        },
        _(
            "Every row is checked before anything is saved: if any row has an error, nothing is saved "
            "and the page lists each error with its row and column. Correct them and upload the file again."
        ),
        _(
            "A row identical to a finding already recorded (the same sub-criterion, kind and text, "
            "at the same stage and by the same assessor) is skipped, and the page says which rows were."
        ),
        _(
            "A declaration workbook's finding sheets (%(sheets)s) can be imported as they are: their sheet "
            "gives the kind; the other columns are for reading and are not imported."
        )
        % {"sheets": finding_sheets},
        _("One file: an Excel workbook (.xlsx) of at most %(size)s MB and %(rows)s rows of findings.")
        % {"size": shown_digits(MAX_BYTES // (1024 * 1024)), "rows": shown_number_grouped(MAX_ROWS)},
    ]


def _guide_sheet(book: Workbook, catalog: Catalog) -> None:
    sheet = _sheet(book, str(GUIDE_TITLE), [(str(GUIDE_TITLE), 110)])
    wrapped = Alignment(wrap_text=True, vertical="top")
    for number, line in enumerate(_guide_lines(catalog), start=2):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.alignment = wrapped
        if number == 2:
            cell.font = Font(bold=True)


def _sub_criteria_sheet(book: Workbook, catalog: Catalog) -> str:
    """The framework's sub-criteria; returns the range of their codes, for the drop-down list."""
    by_key = {column.key: column for column in export_columns.FINDINGS}
    headers = [
        (str(by_key["sub_criterion_code"].header), 14),
        (str(by_key["criterion_code"].header), 10),
        (str(by_key["criterion_title"].header), 30),
        (str(by_key["sub_criterion_title"].header), 80),
    ]
    sheet = _sheet(book, str(SUB_CRITERIA_TITLE), headers)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for number, choice in enumerate(catalog.sub_criteria, start=2):
        for index, value in enumerate(
            (choice.shown_code, choice.criterion_code, choice.criterion_title, choice.title), start=1
        ):
            cell = sheet.cell(row=number, column=index, value=value)
            cell.data_type = "s"
            if index > 2:
                cell.alignment = wrapped
    sheet.auto_filter.ref = f"A1:D{len(catalog.sub_criteria) + 1}"
    last = max(len(catalog.sub_criteria) + 1, 2)
    return f"{quote_sheetname(sheet.title)}!$A$2:$A${last}"


def template_write(*, catalog: Catalog, output) -> None:
    """Write the template workbook for `catalog` (in the active language) to `output`."""
    book = Workbook()
    # The findings sheet comes first; its drop-down list needs the sub-criteria sheet's range.
    book.active.title = str(FINDINGS_TITLE)
    _guide_sheet(book, catalog)
    sub_criteria_range = _sub_criteria_sheet(book, catalog)
    _findings_sheet(book, catalog, sub_criteria_range=sub_criteria_range)
    properties = book.properties
    properties.title = _("Findings to import: %(unit)s, cycle %(year)s") % {
        "unit": catalog.unit_name,
        "year": catalog.year,
    }
    properties.subject = _("Template for importing findings")
    properties.creator = properties.lastModifiedBy = COMMENT_AUTHOR
    properties.language = get_language() or "fa"
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    book.save(output)


def template_filename(*, year: int, organization_code: str) -> str:
    """`findings-template-1401-FIRE.xlsx` (ASCII)."""
    return f"findings-template-{year}-{organization_code}.xlsx"
