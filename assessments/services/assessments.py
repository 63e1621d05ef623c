"""An assessment's life: creation, its team, status changes, finalizing and reopening.

The `…s_create` / `assessments_transition` functions do many rows at once for programme-wide
set-ups (the demo's synthetic cycle), checking each row with the same rule functions as the
single services, with the rows they need read in a fixed number of queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from excellence.errors import ApplicationError
from excellence.history import records_actor, stored_user
from excellence.roles import ensure_programme_admin
from excellence.updates import locked_current, save_new
from organizations.models import Organization

from .. import access
from ..models import (
    Assessment,
    AssessmentReopening,
    AssessmentResult,
    Assessor,
    Assignment,
    ConflictOfInterest,
    Cycle,
)
from .rules import (
    CONFLICT_DECLARED,
    CONFLICT_HOME_ORGANIZATION,
    conflict_of_interest,
    ensure_assessment_editable,
    ensure_cycle_open,
)

# Forward moves an assessment may make; backward moves are only an admin's reopening.
ALLOWED_TRANSITIONS = {
    Assessment.Status.PLANNED: {Assessment.Status.INDIVIDUAL},
    Assessment.Status.INDIVIDUAL: {Assessment.Status.CONSENSUS},
    Assessment.Status.CONSENSUS: {Assessment.Status.FINALIZED},
    Assessment.Status.FINALIZED: {Assessment.Status.RELEASED},
    Assessment.Status.RELEASED: set(),
}


@records_actor
@transaction.atomic
def assessment_create(*, actor, cycle: Cycle, organization: Organization, site_visit_date=None) -> Assessment:
    ensure_programme_admin(actor)
    ensure_cycle_open(cycle)
    duplicate = _duplicate_assessment(cycle=cycle, organization=organization)
    if Assessment.objects.filter(cycle=cycle, organization=organization).exists():
        raise duplicate
    assessment = Assessment(cycle=cycle, organization=organization, site_visit_date=site_visit_date)
    return save_new(assessment, refusal=duplicate)


def _duplicate_assessment(*, cycle: Cycle, organization: Organization) -> ApplicationError:
    return ApplicationError(
        _("Organization: %(organization)s already has an assessment in cycle %(year)s."),
        field="organization",
        code="assessment_duplicate",
        params={"organization": organization, "year": cycle.year},
    )


@records_actor
@transaction.atomic
def assessments_create(
    *, actor, cycle: Cycle, visits: Sequence[tuple[Organization, datetime.date | None]]
) -> list[Assessment]:
    """Create many assessments of one cycle at once, under the rules of `assessment_create`.

    `visits` are (organization, site visit date). For programme-wide set-ups (the demo's
    synthetic cycle): the existing assessments are read in one query, an organization
    already assessed (or given twice) is refused with the single service's message, and
    a refusal creates nothing. Returns the new rows, with their history.
    """
    ensure_programme_admin(actor)
    ensure_cycle_open(cycle)
    taken = set(
        Assessment.objects.filter(cycle=cycle, organization__in=[o for o, _date in visits]).values_list(
            "organization_id", flat=True
        )
    )
    rows = []
    for organization, site_visit_date in visits:
        if organization.pk in taken:
            raise _duplicate_assessment(cycle=cycle, organization=organization)
        taken.add(organization.pk)
        row = Assessment(cycle=cycle, organization=organization, site_visit_date=site_visit_date)
        row.clean_fields(exclude=["cycle", "organization"])
        rows.append(row)
    try:
        with transaction.atomic():
            return bulk_create_with_history(
                rows, Assessment, batch_size=1000, default_user=stored_user(actor)
            )
    except IntegrityError:
        raise _duplicate_assessment(cycle=cycle, organization=visits[0][0]) from None


@records_actor
@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, expected_updated_at, site_visit_date) -> Assessment:
    ensure_programme_admin(actor)
    assessment = locked_current(
        assessment, expected_updated_at=expected_updated_at, select_related=("cycle", "organization")
    )
    ensure_assessment_editable(assessment)
    if assessment.site_visit_date != site_visit_date:
        assessment.site_visit_date = site_visit_date
        assessment.full_clean()
        assessment.save(update_fields=["site_visit_date", "updated_at"])
    return assessment


def _team_leader(assessment: Assessment) -> Assignment | None:
    return assessment.team.filter(role=Assignment.Role.LEADER).select_related("assessor__user").first()


def _ensure_move_allowed(*, actor, assessment: Assessment, to_status: str, has_leader: Callable[[], bool]):
    """A status change's rules, in the order a refusal names them: who, the cycle, the table, the team."""
    access.ensure_transition(actor, assessment, to_status)
    ensure_cycle_open(assessment.cycle)
    if to_status not in ALLOWED_TRANSITIONS.get(assessment.status, set()):
        raise ApplicationError(
            _("Status: an assessment cannot move from “%(current)s” to “%(target)s”."),
            field="status",
            code="invalid_transition",
            params={
                "current": assessment.get_status_display(),
                "target": Assessment.Status(to_status).label,
            },
        )
    if to_status == Assessment.Status.INDIVIDUAL and not has_leader():
        raise ApplicationError(
            _("Team: an assessment needs a team leader before individual assessment starts."),
            field="team",
            code="no_leader",
        )


def _move(*, actor, assessment: Assessment, to_status: str, now) -> list[str]:
    """Set the new status (storing the result on finalizing); returns the fields that changed."""
    assessment.status = to_status
    update_fields = ["status", "updated_at"]
    if to_status == Assessment.Status.FINALIZED:
        # Imported here: the results service imports this module's neighbours.
        from .results import assessment_result_store

        assessment_result_store(actor=actor, assessment=assessment)
        assessment.finalized_at = now
        update_fields.append("finalized_at")
    elif to_status == Assessment.Status.RELEASED:
        assessment.released_at = now
        update_fields.append("released_at")
    return update_fields


@records_actor
@transaction.atomic
def assessment_transition(*, actor, assessment: Assessment, to_status: str) -> Assessment:
    """Move an assessment one step forward: planned → individual → consensus → finalized → released.

    Who may make which move is the access layer's (`access.TRANSITION_ACTIONS`): the team
    leader or the office moves the work on, only the office releases.
    """
    assessment = (
        Assessment.objects.select_for_update().select_related("cycle", "organization").get(pk=assessment.pk)
    )
    _ensure_move_allowed(
        actor=actor,
        assessment=assessment,
        to_status=to_status,
        has_leader=lambda: _team_leader(assessment) is not None,
    )
    update_fields = _move(actor=actor, assessment=assessment, to_status=to_status, now=timezone.now())
    assessment.full_clean()
    assessment.save(update_fields=update_fields)
    return assessment


@records_actor
@transaction.atomic
def assessments_transition(*, actor, assessments: Sequence[Assessment], to_status: str) -> list[Assessment]:
    """Move many assessments one step forward at once, under the rules of `assessment_transition`.

    For programme-wide moves (the demo's synthetic cycle): the rows are locked and their
    teams' leaders read in one query each, every assessment is checked by the same
    function as a single move, and the first refusal undoes them all. Finalizing stores
    each result as a single move does. Returns the moved assessments in id order.
    """
    ids = [assessment.pk for assessment in assessments]
    locked = list(
        Assessment.objects.select_for_update()
        .select_related("cycle", "organization")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    led = set()
    if to_status == Assessment.Status.INDIVIDUAL:
        led = set(
            Assignment.objects.filter(assessment_id__in=ids, role=Assignment.Role.LEADER).values_list(
                "assessment_id", flat=True
            )
        )
    now = timezone.now()
    update_fields: list[str] = []
    for assessment in locked:
        _ensure_move_allowed(
            actor=actor,
            assessment=assessment,
            to_status=to_status,
            has_leader=lambda assessment=assessment: assessment.pk in led,
        )
        update_fields = _move(actor=actor, assessment=assessment, to_status=to_status, now=now)
        assessment.updated_at = now
    if locked:
        # Every row moved to the same status at the same moment: one UPDATE, then their history.
        Assessment.objects.filter(pk__in=[a.pk for a in locked]).update(
            **{name: getattr(locked[0], name) for name in update_fields}
        )
        Assessment.history.bulk_history_create(locked, update=True, default_user=stored_user(actor))
    return locked


def assessment_finalize(*, actor, assessment: Assessment) -> Assessment:
    """Finalize after consensus: stores the rating computed from the consensus scores."""
    return assessment_transition(actor=actor, assessment=assessment, to_status=Assessment.Status.FINALIZED)


def assessment_release(*, actor, assessment: Assessment) -> Assessment:
    return assessment_transition(actor=actor, assessment=assessment, to_status=Assessment.Status.RELEASED)


@records_actor
@transaction.atomic
def assessment_reopen(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """An admin sends a finalized (or released) assessment back to consensus, with a written reason."""
    assessment = Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    access.ensure(actor, "assessment.reopen", assessment)
    ensure_cycle_open(assessment.cycle)
    if not assessment.is_locked:
        raise ApplicationError(
            _("Status: only a finalized or released assessment can be reopened; this one is “%(status)s”."),
            field="status",
            code="reopen_not_locked",
            params={"status": assessment.get_status_display()},
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Reason: a written reason is required to reopen an assessment."),
            field="reason",
            code="reopen_reason_required",
        )
    reopening = AssessmentReopening(assessment=assessment, reason=reason, reopened_by=stored_user(actor))
    reopening.full_clean()
    reopening.save()
    # The stored rating no longer stands; its history keeps what it was.
    AssessmentResult.objects.filter(assessment=assessment).delete()
    assessment.status = Assessment.Status.CONSENSUS
    assessment.finalized_at = None
    assessment.released_at = None
    assessment.save(update_fields=["status", "finalized_at", "released_at", "updated_at"])
    return assessment


@dataclass
class _Team:
    """Who is on a team already, as the team rules need it."""

    assessor_ids: set[int] = field(default_factory=set)
    leader: Assessor | None = None

    def add(self, assessor: Assessor, role: str) -> None:
        self.assessor_ids.add(assessor.pk)
        if role == Assignment.Role.LEADER:
            self.leader = assessor


def _second_leader(leader: Assessor) -> ApplicationError:
    return ApplicationError(
        _("Role: the team already has a leader (%(leader)s); a team has exactly one leader."),
        field="role",
        code="second_leader",
        params={"leader": leader},
    )


def _ensure_team_place(
    *, assessment: Assessment, assessor: Assessor, role: str, team: _Team, declared: Mapping[int, str]
) -> None:
    """The rules of a team place: an active assessor, no conflict of interest, once per team, one leader.

    `declared` maps the organizations the assessor declared a conflict with to its reason.
    """
    if not assessor.is_active:
        raise ApplicationError(
            _("Assessor: %(assessor)s is not active."),
            field="assessor",
            code="assessor_inactive",
            params={"assessor": assessor},
        )
    conflict = conflict_of_interest(
        is_internal=assessor.is_internal,
        home_organization_id=assessor.home_organization_id,
        organization_id=assessment.organization_id,
        declared_organization_ids=declared,
    )
    if conflict == CONFLICT_HOME_ORGANIZATION:
        raise ApplicationError(
            _(
                "Assessor: %(assessor)s cannot assess %(organization)s, "
                "because it is their home organization (conflict of interest)."
            ),
            field="assessor",
            code=conflict,
            params={"assessor": assessor, "organization": assessment.organization},
        )
    if conflict == CONFLICT_DECLARED:
        raise ApplicationError(
            _(
                "Assessor: %(assessor)s cannot assess %(organization)s, "
                "because of a declared conflict of interest: %(reason)s"
            ),
            field="assessor",
            code=conflict,
            params={
                "assessor": assessor,
                "organization": assessment.organization,
                "reason": declared[assessment.organization_id],
            },
        )
    if assessor.pk in team.assessor_ids:
        raise ApplicationError(
            _("Assessor: %(assessor)s is already on this team."),
            field="assessor",
            code="assignment_duplicate",
            params={"assessor": assessor},
        )
    if role == Assignment.Role.LEADER and team.leader is not None:
        raise _second_leader(team.leader)


def _ensure_single_leader(*, assessment: Assessment, role: str, exclude_pk=None) -> None:
    if role != Assignment.Role.LEADER:
        return
    leaders = assessment.team.filter(role=Assignment.Role.LEADER).select_related("assessor__user")
    if exclude_pk is not None:
        leaders = leaders.exclude(pk=exclude_pk)
    leader = leaders.first()
    if leader is not None:
        raise _second_leader(leader.assessor)


def _concurrent_team_change() -> ApplicationError:
    return ApplicationError(
        _("Team: someone else changed this team at the same moment. Reload the page and try again."),
        field="assessor",
        code="assignment_concurrent",
    )


@records_actor
@transaction.atomic
def assignment_create(
    *, actor, assessment: Assessment, assessor: Assessor, role: str = Assignment.Role.MEMBER
) -> Assignment:
    """Put an assessor on a team; conflicts of interest and a second leader are refused."""
    ensure_programme_admin(actor)
    ensure_assessment_editable(assessment)
    team = _Team()
    for place in assessment.team.select_related("assessor__user"):
        team.add(place.assessor, place.role)
    declared = dict(
        assessor.conflicts.filter(organization_id=assessment.organization_id).values_list(
            "organization_id", "reason"
        )
    )
    _ensure_team_place(assessment=assessment, assessor=assessor, role=role, team=team, declared=declared)
    assignment = Assignment(assessment=assessment, assessor=assessor, role=role)
    # Two admins adding to the same team at once: the constraints decide, with their messages.
    return save_new(assignment, refusal=_concurrent_team_change())


@records_actor
@transaction.atomic
def assignments_create(*, actor, places: Sequence[tuple[Assessment, Assessor, str]]) -> list[Assignment]:
    """Put many assessors on teams at once, under the rules of `assignment_create`.

    `places` are (assessment, assessor, role). For programme-wide set-ups (the demo's
    synthetic cycle): the teams and declared conflicts are read in one query each, every
    place is checked by the same function as a single one, in order, and the first
    refusal adds nothing. Returns the new rows.
    """
    ensure_programme_admin(actor)
    assessments = {assessment.pk: assessment for assessment, _assessor, _role in places}
    for assessment in assessments.values():
        ensure_assessment_editable(assessment)
    teams = {pk: _Team() for pk in assessments}
    for place in Assignment.objects.filter(assessment_id__in=list(assessments)).select_related(
        "assessor__user"
    ):
        teams[place.assessment_id].add(place.assessor, place.role)
    declared: dict[int, dict[int, str]] = defaultdict(dict)
    for assessor_id, organization_id, reason in ConflictOfInterest.objects.filter(
        assessor_id__in={assessor.pk for _assessment, assessor, _role in places},
        organization_id__in={assessment.organization_id for assessment in assessments.values()},
    ).values_list("assessor_id", "organization_id", "reason"):
        declared[assessor_id][organization_id] = reason
    rows = []
    for assessment, assessor, role in places:
        team = teams[assessment.pk]
        _ensure_team_place(
            assessment=assessment, assessor=assessor, role=role, team=team, declared=declared[assessor.pk]
        )
        team.add(assessor, role)
        row = Assignment(assessment=assessment, assessor=assessor, role=role)
        row.clean_fields(exclude=["assessment", "assessor"])
        rows.append(row)
    try:
        with transaction.atomic():
            return bulk_create_with_history(
                rows, Assignment, batch_size=2000, default_user=stored_user(actor)
            )
    except IntegrityError:
        raise _concurrent_team_change() from None


@records_actor
@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, expected_updated_at, role: str) -> Assignment:
    ensure_programme_admin(actor)
    assignment = locked_current(
        assignment, expected_updated_at=expected_updated_at, select_related=("assessment__cycle",)
    )
    ensure_assessment_editable(assignment.assessment)
    if assignment.role != role:
        _ensure_single_leader(assessment=assignment.assessment, role=role, exclude_pk=assignment.pk)
        assignment.role = role
        assignment.full_clean()
        assignment.save(update_fields=["role", "updated_at"])
    return assignment


@records_actor
@transaction.atomic
def assignment_delete(*, actor, assignment: Assignment) -> None:
    ensure_programme_admin(actor)
    ensure_assessment_editable(assignment.assessment)
    if assignment.assessor.time_entries.filter(assessment=assignment.assessment).exists() or (
        assignment.assessor.findings.filter(assessment=assignment.assessment).exists()
    ):
        raise ApplicationError(
            _(
                "Assessor: %(assessor)s has recorded hours or findings on this assessment "
                "and cannot be removed from its team."
            ),
            field="assessor",
            code="assignment_has_work",
            params={"assessor": assignment.assessor},
        )
    assignment.delete()
