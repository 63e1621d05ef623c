"""Checking every row read from a workbook against the cycle's framework, before anything is saved.

A row is imported when its sub-criterion is one of the framework's (its code as the
declaration export writes it, «۱الف» or "1a", Persian or Arabic-Indic digits, any case),
its kind is known (the code, or the label in either language; on a declaration
workbook's finding sheet the sheet's kind), and its text, normalized as every stored
Persian text is (`excellence.persian.normalize_text`: Arabic ي/ك as ی/ک, trimmed, the
half-space kept), is neither empty nor longer than a finding may be. On a sheet with a
unit code column (the programme's workbook), a row of another unit is refused.

`validate` answers every row: the rows to save, or the errors, each naming its sheet,
row and column with the column's rule in its message. Nothing here reads the database:
the `Catalog` is what the service loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from excellence.languages import is_english
from excellence.numbers import shown_digits, shown_number_grouped
from excellence.persian import normalize_text

from ..models import Finding
from . import columns
from .reading import RawRow, ReadSheet, ReadWorkbook

TEXT_LIMIT = Finding.TEXT_MAX_LENGTH
NOTE_LIMIT = Finding._meta.get_field("evidence_note").max_length
SHOWN_VALUE_LIMIT = 40


@dataclass(frozen=True)
class SubCriterionChoice:
    """A sub-criterion of the cycle's framework as the import needs it (titles in the active language)."""

    pk: int
    code: str
    code_fa: str
    criterion_code: str
    criterion_title: str
    title: str
    shown_code: str


@dataclass
class Catalog:
    """What the rows are checked against: the cycle's framework and the assessment's unit."""

    year: int
    framework: str
    unit_code: str
    unit_name: str
    sub_criteria: list[SubCriterionChoice]
    _by_code: dict[str, SubCriterionChoice] | None = None

    def sub_criterion(self, text: str) -> SubCriterionChoice | None:
        if self._by_code is None:
            self._by_code = {}
            for choice in self.sub_criteria:
                for code in (choice.code, choice.code_fa):
                    if code:
                        self._by_code.setdefault(columns.code_key(code), choice)
        return self._by_code.get(columns.code_key(text))

    def examples(self) -> str:
        return joined(choice.shown_code for choice in self.sub_criteria[:3])


def joined(items) -> str:
    """A list in a sentence, with the active language's comma."""
    return (", " if is_english() else "، ").join(str(item) for item in items)


@dataclass(frozen=True)
class RowError:
    """What is wrong, and where: the sheet, the row (None: the whole sheet) and the column."""

    sheet: str
    row: int | None
    column: str
    message: str

    @property
    def shown_row(self) -> str:
        return shown_digits(self.row) if self.row is not None else ""


@dataclass(frozen=True)
class ValidRow:
    """A row ready to save: its place in the file, its sub-criterion, kind and normalized text."""

    sheet: str
    row: int
    sub_criterion: SubCriterionChoice
    kind: str
    text: str
    evidence: str = ""
    evidence_note: str = ""

    @property
    def key(self) -> tuple[int, str, str]:
        """What makes two findings the same: sub-criterion, kind and text."""
        return (self.sub_criterion.pk, self.kind, self.text)

    @property
    def kind_label(self) -> str:
        return Finding.Kind(self.kind).label


@dataclass
class Checked:
    rows: list[ValidRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _kinds_allowed() -> str:
    return joined(f"{kind.label} ({kind.value})" for kind in Finding.Kind)


def _shown_value(text: str) -> str:
    text = text.strip()
    if len(text) > SHOWN_VALUE_LIMIT:
        return text[: SHOWN_VALUE_LIMIT - 1] + "…"
    return text


def _column_name(sheet: ReadSheet, name: str) -> str:
    column = sheet.column(name)
    if column is not None:
        return str(column)
    return str(columns.BY_FIELD[name].header)


class _Checker:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.kinds = columns.kind_names()
        self.evidence = columns.evidence_names()
        self.checked = Checked()

    def error(self, sheet: ReadSheet, row: int | None, name: str, message: str) -> None:
        self.checked.errors.append(
            RowError(sheet=sheet.title, row=row, column=_column_name(sheet, name), message=message)
        )

    def sheet(self, sheet: ReadSheet) -> bool:
        """Whether the sheet's rows can be checked: a kind must come from its column or its name."""
        if sheet.column(columns.KIND) is None and sheet.kind_from_title is None:
            self.error(
                sheet,
                None,
                columns.KIND,
                _(
                    "Kind: the sheet «%(sheet)s» has no Kind column, and its name is not one of the "
                    "declaration's finding sheets (%(sheets)s): add the column, or name the sheet after "
                    "its kind."
                )
                % {
                    "sheet": sheet.title,
                    "sheets": joined(columns.KIND_SHEETS.values()),
                },
            )
            return False
        return True

    def row(self, raw: RawRow) -> None:
        sheet, number = raw.sheet, raw.number
        errors_before = len(self.checked.errors)

        unit_code = raw.values.get(columns.UNIT_CODE, "").strip()
        if unit_code and columns.code_key(unit_code) != columns.code_key(self.catalog.unit_code):
            self.error(
                sheet,
                number,
                columns.UNIT_CODE,
                _(
                    "Unit code: this row is of unit %(code)s, and this assessment is of %(unit)s "
                    "(%(expected)s)."
                )
                % {"code": unit_code, "unit": self.catalog.unit_name, "expected": self.catalog.unit_code},
            )

        code = raw.values.get(columns.SUB_CRITERION, "").strip()
        sub_criterion = self.catalog.sub_criterion(code) if code else None
        if not code:
            self.error(
                sheet,
                number,
                columns.SUB_CRITERION,
                _(
                    "Sub-criterion: empty; write the code of one of the framework's sub-criteria, "
                    "such as %(examples)s."
                )
                % {"examples": self.catalog.examples()},
            )
        elif sub_criterion is None:
            self.error(
                sheet,
                number,
                columns.SUB_CRITERION,
                _(
                    "Sub-criterion: «%(code)s» is not a sub-criterion of the framework of cycle %(year)s "
                    "(%(framework)s); the template's sub-criteria sheet lists them."
                )
                % {
                    "code": _shown_value(code),
                    "year": shown_digits(self.catalog.year),
                    "framework": self.catalog.framework,
                },
            )

        kind = None
        if sheet.column(columns.KIND) is not None:
            written = raw.values.get(columns.KIND, "").strip()
            kind = self.kinds.get(columns.match_key(written)) if written else None
            if not written:
                self.error(
                    sheet,
                    number,
                    columns.KIND,
                    _("Kind: empty; write one of: %(kinds)s.") % {"kinds": _kinds_allowed()},
                )
            elif kind is None:
                self.error(
                    sheet,
                    number,
                    columns.KIND,
                    _("Kind: «%(kind)s» is not a kind of finding; write one of: %(kinds)s.")
                    % {"kind": _shown_value(written), "kinds": _kinds_allowed()},
                )
        else:
            kind = sheet.kind_from_title

        text = normalize_text(raw.values.get(columns.TEXT, "")) or ""
        if not text:
            self.error(sheet, number, columns.TEXT, _("Finding: the text is empty; write the finding."))
        elif len(text) > TEXT_LIMIT:
            self.error(
                sheet,
                number,
                columns.TEXT,
                _("Finding: a finding is at most %(limit)s characters; this one has %(length)s.")
                % {"limit": shown_number_grouped(TEXT_LIMIT), "length": shown_number_grouped(len(text))},
            )

        written = raw.values.get(columns.EVIDENCE, "").strip()
        evidence = self.evidence.get(columns.match_key(written)) if written else ""
        if evidence is None:
            self.error(
                sheet,
                number,
                columns.EVIDENCE,
                _(
                    "Evidence: «%(value)s» is not where a finding is seen; write one of: %(places)s, "
                    "or leave it empty."
                )
                % {
                    "value": _shown_value(written),
                    "places": joined(str(item.label) for item in Finding.Evidence),
                },
            )
        note = normalize_text(raw.values.get(columns.EVIDENCE_NOTE, "")) or ""
        if len(note) > NOTE_LIMIT:
            self.error(
                sheet,
                number,
                columns.EVIDENCE_NOTE,
                _("Evidence note: at most %(limit)s characters; this one has %(length)s.")
                % {"limit": shown_number_grouped(NOTE_LIMIT), "length": shown_number_grouped(len(note))},
            )

        if len(self.checked.errors) == errors_before:
            self.checked.rows.append(
                ValidRow(
                    sheet=sheet.title,
                    row=number,
                    sub_criterion=sub_criterion,
                    kind=kind,
                    text=text,
                    evidence=evidence,
                    evidence_note=note,
                )
            )


def validate(workbook: ReadWorkbook, catalog: Catalog) -> Checked:
    """Every row of `workbook` checked against `catalog`: the rows to save, or every error found."""
    checker = _Checker(catalog)
    if not workbook.sheets:
        checker.checked.errors.append(
            RowError(
                sheet="",
                row=None,
                column="",
                message=_(
                    "No sheet of «%(name)s» has the columns %(sub_criterion)s and %(text)s in its first "
                    "row: download the template, or upload a declaration workbook."
                )
                % {
                    "name": workbook.name,
                    "sub_criterion": columns.BY_FIELD[columns.SUB_CRITERION].header,
                    "text": columns.BY_FIELD[columns.TEXT].header,
                },
            )
        )
        return checker.checked
    readable = {sheet.title for sheet in workbook.sheets if checker.sheet(sheet)}
    for raw in workbook.rows:
        if raw.sheet.title in readable:
            checker.row(raw)
    if not workbook.rows and not checker.checked.errors:
        checker.checked.errors.append(
            RowError(
                sheet="",
                row=None,
                column="",
                message=_("«%(name)s» has no findings to import: its rows below the headers are empty.")
                % {"name": workbook.name},
            )
        )
    return checker.checked
