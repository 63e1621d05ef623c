"""Findings: an assessor's own (individual) and the team's agreed list (consensus)."""

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from excellence.errors import ApplicationError
from excellence.history import records_actor, stored_user
from excellence.updates import locked_current

from .. import access
from ..models import Assessment, Assessor, Finding, SubCriterion
from .rules import ensure_assessment_editable, ensure_on_team, ensure_sub_criterion_in_framework

FINDING_ADD_ACTIONS = {
    Finding.Stage.INDIVIDUAL: "finding.add_individual",
    Finding.Stage.CONSENSUS: "finding.add_consensus",
}


def ensure_individual_author(*, assessment: Assessment, stage: str, author, field: str = "author") -> None:
    """An individual finding is its assessor's, and its assessor is on the assessment's team."""
    if stage != Finding.Stage.INDIVIDUAL:
        return
    if author is None:
        raise ApplicationError(
            _("Author: an individual finding needs its assessor."), field=field, code="author_required"
        )
    ensure_on_team(assessment=assessment, assessor=author, field=field)


@records_actor
@transaction.atomic
def finding_create(
    *,
    actor,
    assessment: Assessment,
    sub_criterion: SubCriterion,
    kind: str,
    stage: str,
    text: str,
    author: Assessor | None = None,
    merged_from=(),
    evidence: str = "",
    evidence_note: str = "",
) -> Finding:
    """Record a finding; a consensus finding may name the individual findings merged into it.

    `evidence` says where it was seen (`Finding.Evidence`: a document, a site visit, an
    interview), `evidence_note` which one; both are optional.

    `author` is the assessor whose finding it is (an individual finding's own assessor);
    `actor` is who records it: the author themself, or the office on their behalf.
    """
    ensure_assessment_editable(assessment)
    ensure_sub_criterion_in_framework(assessment=assessment, sub_criterion=sub_criterion)
    ensure_individual_author(assessment=assessment, stage=stage, author=author)
    merged_from = list(merged_from)
    _validate_merged(assessment=assessment, stage=stage, merged_from=merged_from)

    finding = Finding(
        assessment=assessment,
        sub_criterion=sub_criterion,
        kind=kind,
        stage=stage,
        text=text,
        author=author,
        evidence=evidence,
        evidence_note=evidence_note,
    )
    access.ensure(actor, FINDING_ADD_ACTIONS.get(stage, "finding.add_consensus"), finding)
    finding.full_clean()
    finding.save()
    if merged_from:
        finding.merged_from.set(merged_from)
    return finding


# Foreign keys `finding_create_many` has checked itself: full_clean would ask the database once per row.
_CHECKED_RELATIONS = ("assessment", "sub_criterion", "author")
BATCH_SIZE = 500


@records_actor
@transaction.atomic
def finding_create_many(
    *, actor, assessment: Assessment, stage: str, author: Assessor | None = None, rows
) -> list[Finding]:
    """Record many findings of one stage (and author) at once: `rows` are (sub-criterion, kind, text),
    each optionally followed by its evidence and evidence note.

    The rules of `finding_create`, asked once for the batch where they are the same for every
    row — the assessment may change, `actor` may add findings of this stage by this author to
    it (the access layer decides by stage, author and assessment only), an individual
    finding's author is on the team — and for each row where they are not: its sub-criterion
    is of the cycle's framework, its kind, stage and text are valid. All are saved, with
    their history, in one transaction and a few queries per 500 rows; or none.
    """
    ensure_assessment_editable(assessment)
    ensure_individual_author(assessment=assessment, stage=stage, author=author)
    access.ensure(
        actor,
        FINDING_ADD_ACTIONS.get(stage, "finding.add_consensus"),
        Finding(assessment=assessment, stage=stage, author=author),
    )
    findings = []
    for sub_criterion, kind, text, *seen in rows:
        ensure_sub_criterion_in_framework(assessment=assessment, sub_criterion=sub_criterion)
        evidence, evidence_note = (*seen, "", "")[:2]
        finding = Finding(
            assessment=assessment,
            sub_criterion=sub_criterion,
            kind=kind,
            stage=stage,
            text=text,
            author=author,
            evidence=evidence,
            evidence_note=evidence_note,
        )
        finding.clean_fields(exclude=_CHECKED_RELATIONS)
        findings.append(finding)
    return bulk_create_with_history(findings, Finding, batch_size=BATCH_SIZE, default_user=stored_user(actor))


@records_actor
@transaction.atomic
def finding_update(*, actor, finding: Finding, expected_updated_at, data: dict) -> Finding:
    """Change a finding's text, kind, evidence or sub-criterion (and, for consensus, what it merges)."""
    finding = locked_current(
        finding, expected_updated_at=expected_updated_at, select_related=("assessment__cycle",)
    )
    access.ensure(actor, "finding.change", finding)
    ensure_assessment_editable(finding.assessment)
    sub_criterion = data.get("sub_criterion", finding.sub_criterion)
    ensure_sub_criterion_in_framework(assessment=finding.assessment, sub_criterion=sub_criterion)
    changed = []
    for name in ("sub_criterion", "kind", "text", "evidence", "evidence_note"):
        if name in data and getattr(finding, name) != data[name]:
            setattr(finding, name, data[name])
            changed.append(name)
    if changed:
        finding.full_clean()
        finding.save(update_fields=[*changed, "updated_at"])
    if "merged_from" in data:
        merged_from = list(data["merged_from"])
        _validate_merged(assessment=finding.assessment, stage=finding.stage, merged_from=merged_from)
        finding.merged_from.set(merged_from)
    return finding


@records_actor
@transaction.atomic
def finding_delete(*, actor, finding: Finding) -> None:
    access.ensure(actor, "finding.change", finding)
    ensure_assessment_editable(finding.assessment)
    if finding.improvement_projects.exists():
        raise ApplicationError(
            _("This improvement point is answered by an improvement project and cannot be deleted."),
            code="finding_has_projects",
        )
    finding.delete()


def _validate_merged(*, assessment: Assessment, stage: str, merged_from: list[Finding]) -> None:
    if not merged_from:
        return
    if stage != Finding.Stage.CONSENSUS:
        raise ApplicationError(
            _("Merged findings: only a consensus finding merges individual findings."),
            field="merged_from",
            code="merge_not_consensus",
        )
    for individual in merged_from:
        if individual.assessment_id != assessment.pk or individual.stage != Finding.Stage.INDIVIDUAL:
            raise ApplicationError(
                _("Merged findings: only individual findings of the same assessment can be merged."),
                field="merged_from",
                code="merge_foreign_finding",
            )
