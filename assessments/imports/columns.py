"""The columns a workbook to import may have, recognized by their headers in either language.

A sheet is read when it has a sub-criterion column and a finding column; every other
sheet (a declaration workbook's profile, scores, projects and hours, the template's
guide and sub-criteria) is left alone. A finding's kind comes from the sheet's kind
column, or, on a sheet without one, from the sheet's name when it is one of the
declaration workbook's finding sheets (strengths, improvement points, best practices).
Columns not listed here (the unit's name, the reference, the criterion and the titles)
are for people to read and are not imported.

The headers are the declaration export's own (`exports/columns.py`), so a workbook it
wrote is read back as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from excellence.persian import normalize_text, to_ascii_digits

from ..exports import columns as export_columns
from ..models import Finding

LANGUAGES = ("fa", "en")

SUB_CRITERION = "sub_criterion"
KIND = "kind"
TEXT = "text"
EVIDENCE = "evidence"
EVIDENCE_NOTE = "evidence_note"
UNIT_CODE = "unit_code"


def _export_header(key: str) -> Promise:
    return next(column.header for column in export_columns.FINDINGS if column.key == key)


@dataclass(frozen=True)
class ImportColumn:
    """A column the importer reads: its field, the header the template writes and the others it accepts."""

    field: str
    header: Promise
    aliases: tuple[Promise, ...] = ()

    def headers(self) -> tuple[Promise, ...]:
        return (self.header, *self.aliases)


COLUMNS = (
    ImportColumn(SUB_CRITERION, _export_header("sub_criterion_code"), aliases=(_("Sub-criterion code"),)),
    ImportColumn(KIND, _("Kind"), aliases=(_("Finding kind"),)),
    ImportColumn(TEXT, _export_header("text"), aliases=(_("Text"),)),
    ImportColumn(EVIDENCE, _("Evidence"), aliases=(_("Where seen"),)),
    ImportColumn(EVIDENCE_NOTE, _("Evidence note")),
    ImportColumn(UNIT_CODE, _export_header("unit_code")),
)
BY_FIELD = {column.field: column for column in COLUMNS}

# The template's columns, in order (the unit code is only read, never written); evidence is optional.
TEMPLATE_COLUMNS = tuple(BY_FIELD[name] for name in (SUB_CRITERION, KIND, TEXT, EVIDENCE, EVIDENCE_NOTE))

# A declaration workbook's finding sheets, each of one kind.
KIND_SHEETS = {
    Finding.Kind.STRENGTH: export_columns.STRENGTHS.title,
    Finding.Kind.IMPROVEMENT: export_columns.IMPROVEMENTS.title,
    Finding.Kind.BEST_PRACTICE: export_columns.BEST_PRACTICES.title,
}

_IGNORED = re.compile(r"[\s\u200c\u200d\u200e\u200f\-_.:*()«»\"']+")


def match_key(value) -> str:
    """How a header, a kind or a sheet name is compared: one spelling of Persian, ASCII digits, no case,
    no spaces, half-spaces or punctuation (so «زیر معیار», "Sub-criterion" and "sub criterion" match)."""
    return _IGNORED.sub("", to_ascii_digits(normalize_text(str(value))).casefold())


def code_key(value) -> str:
    """How a sub-criterion's code is compared: «۱الف», "1الف", "1A" and " 1a " are one code; the
    decimal point of "1.1" (or «۱٫۱») is kept."""
    return re.sub(
        r"[\s\u200c\u200d\u200e\u200f]+", "", to_ascii_digits(normalize_text(str(value))).casefold()
    )


def _in_every_language(texts) -> set[str]:
    keys = set()
    for language in LANGUAGES:
        with translation.override(language):
            keys.update(match_key(text) for text in texts)
    return keys


def header_fields() -> dict[str, str]:
    """match_key(header) → field, for every accepted header in Persian and English."""
    fields = {}
    for column in COLUMNS:
        for key in _in_every_language(column.headers()):
            fields[key] = column.field
    return fields


def kind_names() -> dict[str, str]:
    """match_key(name) → kind: each kind's code, its label in either language and its sheet's name."""
    names = {}
    for kind in Finding.Kind:
        texts = [kind.value, kind.label]
        if kind in KIND_SHEETS:
            texts.append(KIND_SHEETS[kind])
        for key in _in_every_language(texts):
            names[key] = kind.value
    return names


def evidence_names() -> dict[str, str]:
    """match_key(name) → where a finding was seen: each place's code and its label in either language."""
    names = {}
    for evidence in Finding.Evidence:
        for key in _in_every_language([evidence.value, evidence.label]):
            names[key] = evidence.value
    return names


def sheet_kinds() -> dict[str, str]:
    """match_key(sheet name) → kind, for the declaration workbook's finding sheets."""
    kinds = {}
    for kind, title in KIND_SHEETS.items():
        for key in _in_every_language([title]):
            kinds[key] = kind.value
    return kinds
