"""The declaration workbooks (اظهارنامه) for the national award: one unit's, and the programme's.

A unit's workbook for one cycle: its profile, then its scores, strengths, improvement
points, best practices, improvement projects and hours per assessor. The programme's: a
summary with one row per unit (the profile's columns), then the same sheets for every
unit, each row naming its unit. Pages, the `export_declaration` command and the benchmark
call these two functions, which ask the access layer first: `declaration.export` decides
who may, `access.assessments_exportable` which assessments a workbook holds (an admin's:
all; a manager's: the released ones).

Both write to `output` (a path or a binary file) in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from excellence.languages import is_english

from .. import access
from ..models import Assessment, Cycle, Finding
from . import rows
from .columns import (
    BEST_PRACTICES,
    DETAIL_SHEETS,
    HOURS,
    IMPROVEMENTS,
    PROFILE,
    PROJECTS,
    SCORES,
    STRENGTHS,
    SUMMARY_TITLE,
    SheetMap,
)
from .writer import DeclarationWorkbook, Progress

CREATOR = "Excellence"


@dataclass(frozen=True)
class WrittenWorkbook:
    """What was written: rows per sheet key (the header row not counted)."""

    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _detail_rows(sheet: SheetMap, scope: rows.ExportScope):
    if sheet is SCORES:
        return rows.score_rows(scope)
    if sheet is STRENGTHS:
        return rows.finding_rows(scope, kind=Finding.Kind.STRENGTH)
    if sheet is IMPROVEMENTS:
        return rows.finding_rows(scope, kind=Finding.Kind.IMPROVEMENT)
    if sheet is BEST_PRACTICES:
        return rows.finding_rows(scope, kind=Finding.Kind.BEST_PRACTICE)
    if sheet is PROJECTS:
        return rows.project_rows(scope)
    if sheet is HOURS:
        return rows.hour_rows(scope)
    raise ValueError(sheet.key)


def _write(
    *, scope: rows.ExportScope, programme: bool, title: str, output, progress: Progress | None
) -> WrittenWorkbook:
    book = DeclarationWorkbook(right_to_left=not is_english(), progress=progress)
    book.set_properties(
        title=title,
        subject=_("Declaration for the national excellence award"),
        creator=CREATOR,
        language=get_language() or "fa",
        keywords=_("excellence, declaration, cycle %(year)s") % {"year": scope.cycle.year},
    )
    written = {
        PROFILE.key: book.add_sheet(
            title=str(SUMMARY_TITLE if programme else PROFILE.title),
            columns=PROFILE.columns_for(programme=programme),
            rows=rows.profile_rows(scope),
        )
    }
    for sheet in DETAIL_SHEETS:
        written[sheet.key] = book.add_sheet(
            title=str(sheet.title),
            columns=sheet.columns_for(programme=programme),
            rows=_detail_rows(sheet, scope),
        )
    book.save(output)
    return WrittenWorkbook(rows=written)


def declaration_unit_write(
    *, user, assessment: Assessment, output, progress: Progress | None = None
) -> WrittenWorkbook:
    """One unit's declaration for the assessment's cycle; refused unless `user` may export it."""
    access.ensure(user, "declaration.export", assessment)
    scope = rows.ExportScope(
        cycle=assessment.cycle, assessments=access.assessments_exportable(user).filter(pk=assessment.pk)
    )
    unit = scope.units[0].name if scope.units else str(assessment.organization)
    title = _("Declaration of %(unit)s, cycle %(year)s") % {"unit": unit, "year": assessment.cycle.year}
    return _write(scope=scope, programme=False, title=title, output=output, progress=progress)


def declaration_programme_write(
    *, user, cycle: Cycle, output, progress: Progress | None = None
) -> WrittenWorkbook:
    """The programme's declarations for `cycle`: every unit `user` may export, one sheet per subject."""
    access.ensure(user, "declaration.export")
    scope = rows.ExportScope(cycle=cycle, assessments=access.assessments_exportable(user))
    title = _("Declarations of the programme, cycle %(year)s") % {"year": cycle.year}
    return _write(scope=scope, programme=True, title=title, output=output, progress=progress)


def declaration_filename(*, cycle: Cycle, organization_code: str | None = None) -> str:
    """`declaration-1401-FIRE.xlsx` for a unit, `declarations-1401.xlsx` for the programme (ASCII)."""
    if organization_code:
        return f"declaration-{cycle.year}-{organization_code}.xlsx"
    return f"declarations-{cycle.year}.xlsx"
