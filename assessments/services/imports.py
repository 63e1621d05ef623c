"""Importing findings from an Excel workbook into one assessment: all the rows, or none.

`findings_import` asks the access layer first whether `actor` may add findings of the
chosen stage (and author) to the assessment, and the state rules whether it may change
at all; then reads and checks the file (`assessments.imports`). Any error in any row:
nothing is saved and the errors are returned. Otherwise every row is saved in one
transaction through `finding_create_many` (the rules of `finding_create`, checked again:
one `finding_create` per row would ask the database some twenty times a row, two
minutes for 10,000 rows), with the
assessment's row locked so that two imports into it take turns. A row identical to a
finding the assessment already has at that stage and by that author, or to an earlier
row of the file (the same sub-criterion, kind and normalized text), is skipped and
reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor

from .. import access
from ..imports.reading import FileRefused, read_workbook
from ..imports.validation import RowError, ValidRow, validate
from ..models import Assessment, Assessor, Finding, SubCriterion
from ..selectors.imports import import_catalog
from .findings import FINDING_ADD_ACTIONS, ensure_individual_author, finding_create_many
from .rules import ensure_assessment_editable


@dataclass
class ImportOutcome:
    """What an import did: the findings it saved and the rows it skipped, or the errors (nothing saved)."""

    errors: list[RowError] = field(default_factory=list)
    created: list[tuple[ValidRow, Finding]] = field(default_factory=list)
    skipped: list[ValidRow] = field(default_factory=list)
    rows: int = 0

    @property
    def saved(self) -> bool:
        return not self.errors


def ensure_may_import(*, actor, assessment: Assessment, stage: str, author: Assessor | None) -> None:
    """Refuse unless `actor` may add findings of `stage` (by `author`) to `assessment` now."""
    if stage not in FINDING_ADD_ACTIONS:
        raise ApplicationError(
            _("Record as: choose the consensus findings or an assessor's individual findings."),
            field="target",
            code="import_stage_unknown",
        )
    roles = access.roles_of(actor)
    if roles.is_admin or roles.is_assessor:
        # For the team and the office, a locked assessment is the reason: reopening is what changes it.
        ensure_assessment_editable(assessment)
    probe = Finding(assessment=assessment, stage=stage, author=author)
    access.ensure(actor, FINDING_ADD_ACTIONS[stage], probe)
    ensure_individual_author(assessment=assessment, stage=stage, author=author, field="target")


@records_actor
def findings_import(
    *, actor, assessment: Assessment, file, name: str, size: int | None = None, stage: str, author=None
) -> ImportOutcome:
    """Import the findings of the workbook in `file` (named `name`) into `assessment` as `stage`.

    Refuses (`AccessDenied`, `ApplicationError`) before reading when `actor` may not; a file
    that cannot be imported at all is an `ApplicationError` on the field `file`.
    """
    if stage == Finding.Stage.CONSENSUS:
        author = None
    ensure_may_import(actor=actor, assessment=assessment, stage=stage, author=author)
    catalog = import_catalog(assessment=assessment)
    try:
        workbook = read_workbook(file, name=name, size=size)
    except FileRefused as refused:
        raise ApplicationError(refused.message, field="file", code=f"import_{refused.code}") from refused
    checked = validate(workbook, catalog)
    if checked.errors:
        return ImportOutcome(errors=checked.errors, rows=len(workbook.rows))
    return _save(actor=actor, assessment=assessment, rows=checked.rows, stage=stage, author=author)


@transaction.atomic
def _save(*, actor, assessment: Assessment, rows: list[ValidRow], stage: str, author) -> ImportOutcome:
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("cycle", "organization")
        .get(pk=assessment.pk)
    )
    # Checked again on the locked row: the assessment may have moved on since the page was read.
    ensure_may_import(actor=actor, assessment=locked, stage=stage, author=author)
    seen = set(
        Finding.objects.filter(assessment=locked, stage=stage, author=author).values_list(
            "sub_criterion_id", "kind", "text"
        )
    )
    sub_criteria = SubCriterion.objects.in_bulk({row.sub_criterion.pk for row in rows})
    outcome = ImportOutcome(rows=len(rows))
    new = []
    for row in rows:
        if row.key in seen:
            outcome.skipped.append(row)
            continue
        seen.add(row.key)
        new.append(row)
    findings = finding_create_many(
        actor=actor,
        assessment=locked,
        stage=stage,
        author=author,
        rows=[
            (sub_criteria[row.sub_criterion.pk], row.kind, row.text, row.evidence, row.evidence_note)
            for row in new
        ],
    )
    outcome.created = list(zip(new, findings, strict=True))
    return outcome
