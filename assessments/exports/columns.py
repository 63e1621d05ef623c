"""The declaration workbooks' sheets and their columns: one explicit map per sheet.

Each `SheetMap` names its sheet and lists its columns in order; each `Column` says which
key of a row (`rows.py` builds them) it shows, its header, what kind of cell it is and
how wide. Nothing is read off the models: a column exists because it is written here.
The README's "Declaration workbooks" section lists the same maps for people.

Kinds decide how `writer.py` stores a value: `TEXT` and `LONG_TEXT` as inert text (long
text wrapped), `NUMBER` as a number, `DATE` as a date — with the Jalali date as `TEXT`
in the column beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    kind: Kind = Kind.TEXT
    width: int = 14
    # Only in the programme workbook, where one sheet holds every unit's rows.
    programme_only: bool = False


@dataclass(frozen=True)
class SheetMap:
    key: str
    title: Promise
    columns: tuple[Column, ...]

    def columns_for(self, *, programme: bool) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if programme or not column.programme_only)


def _unit_columns() -> tuple[Column, ...]:
    return (
        Column("unit_code", _("Unit code"), width=12, programme_only=True),
        Column("unit_name", _("Unit"), width=32, programme_only=True),
    )


# One row per assessed unit: the unit's profile, and the programme's summary.
PROFILE = SheetMap(
    key="profile",
    title=_("Profile"),
    columns=(
        Column("unit_code", _("Unit code"), width=12),
        Column("unit_name", _("Unit"), width=32),
        Column("unit_kind", _("Kind"), width=10),
        Column("cycle", _("Cycle"), Kind.NUMBER, width=8),
        Column("status", _("Assessment status"), width=16),
        Column("window_start", _("Window start"), Kind.DATE, width=12),
        Column("window_start_jalali", _("Window start (Jalali)"), width=14),
        Column("window_end", _("Window end"), Kind.DATE, width=12),
        Column("window_end_jalali", _("Window end (Jalali)"), width=14),
        Column("team_leader", _("Team leader"), width=22),
        Column("team_members", _("Team members"), Kind.LONG_TEXT, width=44),
        Column("team_size", _("Team size"), Kind.NUMBER, width=9),
        Column("internal_hours", _("Internal person-hours"), Kind.NUMBER, width=12),
        Column("external_hours", _("External person-hours"), Kind.NUMBER, width=12),
        Column("total_hours", _("Total person-hours"), Kind.NUMBER, width=12),
        Column("total_points", _("Total points"), Kind.NUMBER, width=10),
        Column("level", _("Level"), width=20),
        Column("stars", _("Stars"), Kind.NUMBER, width=8),
        Column("result_basis", _("Result"), width=24),
    ),
)

# Per unit: one row per criterion, one per sub-criterion under it, and the total.
SCORES = SheetMap(
    key="scores",
    title=_("Scores"),
    columns=(
        *_unit_columns(),
        Column("row_kind", _("Row"), width=12),
        Column("criterion_code", _("Criterion"), width=9),
        Column("criterion_title", _("Criterion title"), Kind.LONG_TEXT, width=30),
        Column("sub_criterion_code", _("Sub-criterion"), width=11),
        Column("sub_criterion_title", _("Sub-criterion title"), Kind.LONG_TEXT, width=40),
        Column("criterion_kind", _("Enabler or result"), width=11),
        Column("weight", _("Weight in criterion (%)"), Kind.NUMBER, width=11),
        Column("points_available", _("Points available"), Kind.NUMBER, width=11),
        Column("percentage", _("Score (%)"), Kind.NUMBER, width=9),
        Column("points", _("Points"), Kind.NUMBER, width=9),
    ),
)

# Consensus findings of one kind: the strengths, improvement points and best-practices sheets
# have the same columns, so they share this map.
FINDINGS = (
    *_unit_columns(),
    Column("reference", _("Reference"), Kind.NUMBER, width=10),
    Column("criterion_code", _("Criterion"), width=9),
    Column("criterion_title", _("Criterion title"), Kind.LONG_TEXT, width=28),
    Column("sub_criterion_code", _("Sub-criterion"), width=11),
    Column("sub_criterion_title", _("Sub-criterion title"), Kind.LONG_TEXT, width=36),
    Column("text", _("Finding"), Kind.LONG_TEXT, width=80),
)
STRENGTHS = SheetMap(key="strengths", title=_("Strengths"), columns=FINDINGS)
IMPROVEMENTS = SheetMap(key="improvements", title=_("Improvement points"), columns=FINDINGS)
BEST_PRACTICES = SheetMap(key="best_practices", title=_("Best practices"), columns=FINDINGS)

PROJECTS = SheetMap(
    key="projects",
    title=_("Improvement projects"),
    columns=(
        *_unit_columns(),
        Column("reference", _("Reference"), Kind.NUMBER, width=10),
        Column("title", _("Project"), Kind.LONG_TEXT, width=44),
        Column("category", _("Category"), width=18),
        Column("status", _("Status"), width=14),
        Column("progress", _("Progress (%)"), Kind.NUMBER, width=10),
        Column("owner", _("Owner"), width=22),
        Column("start_date", _("Start date"), Kind.DATE, width=12),
        Column("start_date_jalali", _("Start date (Jalali)"), width=14),
        Column("due_date", _("Due date"), Kind.DATE, width=12),
        Column("due_date_jalali", _("Due date (Jalali)"), width=14),
        Column("improvement_points", _("Linked improvement points"), Kind.LONG_TEXT, width=30),
        Column("description", _("Description"), Kind.LONG_TEXT, width=60),
    ),
)

# One row per assessor of a unit's assessment who logged hours.
HOURS = SheetMap(
    key="hours",
    title=_("Hours per assessor"),
    columns=(
        *_unit_columns(),
        Column("assessor", _("Assessor"), width=24),
        Column("assessor_kind", _("Internal or external"), width=12),
        Column("role", _("Role"), width=12),
        Column("document_review", _("Document review"), Kind.NUMBER, width=11),
        Column("site_visit", _("Site visit"), Kind.NUMBER, width=11),
        Column("consensus_meeting", _("Consensus meeting"), Kind.NUMBER, width=11),
        Column("report_writing", _("Report writing"), Kind.NUMBER, width=11),
        Column("other", _("Other"), Kind.NUMBER, width=11),
        Column("total", _("Total hours"), Kind.NUMBER, width=11),
        Column("first_date", _("First day"), Kind.DATE, width=12),
        Column("first_date_jalali", _("First day (Jalali)"), width=14),
        Column("last_date", _("Last day"), Kind.DATE, width=12),
        Column("last_date_jalali", _("Last day (Jalali)"), width=14),
    ),
)

# The sheets after the first, in the order both workbooks show them.
DETAIL_SHEETS = (SCORES, STRENGTHS, IMPROVEMENTS, BEST_PRACTICES, PROJECTS, HOURS)

# The programme workbook's first sheet is the profile of every unit, one row each.
SUMMARY_TITLE = _("Summary")
