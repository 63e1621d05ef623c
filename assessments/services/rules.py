"""The state rules every write checks, and every page asks before offering a change.

Closed cycles, finalized or released assessments and verified projects are read-only.
The predicates (`…_is_editable`) answer the question for pages and the admin; the
`ensure_…` functions refuse a write with the rule's message, built on the same predicates.
"""

from collections.abc import Container

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.numbers import shown_digits
from organizations.models import Organization

from ..models import Assessment, Assessor, Assignment, Cycle, ImprovementProject, SubCriterion


def cycle_is_editable(cycle: Cycle) -> bool:
    """Nothing of a closed cycle changes."""
    return not cycle.is_closed


def assessment_is_editable(assessment: Assessment) -> bool:
    """The content of an assessment (team, findings, scores) changes only until it is finalized.

    Reopening the assessment is the way back; nothing changes in a closed cycle.
    """
    return cycle_is_editable(assessment.cycle) and not assessment.is_locked


def time_entries_are_open(assessment: Assessment) -> bool:
    """Hours are logged until an assessment's results are released, also after finalizing.

    The feedback report is written after the consensus is finalized, and its hours count;
    once released, the report is delivered and the hours are closed like the rest. Reopening
    the assessment opens them again; nothing changes in a closed cycle.
    """
    return cycle_is_editable(assessment.cycle) and assessment.status != Assessment.Status.RELEASED


def project_is_editable(project: ImprovementProject) -> bool:
    """A verified project is closed, and so is every project of a closed cycle."""
    return cycle_is_editable(project.cycle) and project.status != ImprovementProject.Status.VERIFIED


CONFLICT_HOME_ORGANIZATION = "conflict_home_organization"
CONFLICT_DECLARED = "conflict_declared"


def project_owners_of(organization: Organization):
    """Who may own a unit's improvement project: the unit's active members (its representatives)."""
    return get_user_model().objects.filter(
        organization_memberships__organization_id=organization.pk, is_active=True
    )


def conflict_of_interest(
    *, is_internal: bool, home_organization_id, organization_id, declared_organization_ids: Container
) -> str | None:
    """Why an assessor may not assess an organization, or None when they may.

    The conflict-of-interest rule: an internal assessor never assesses their home
    organization, and nobody assesses an organization they declared a conflict with.
    Plain values in, so that the team service and the demo's team planner ask the same
    question of rows they loaded their own way.
    """
    if is_internal and home_organization_id == organization_id:
        return CONFLICT_HOME_ORGANIZATION
    if organization_id in declared_organization_ids:
        return CONFLICT_DECLARED
    return None


def cycle_closed_refusal(cycle: Cycle) -> ApplicationError:
    return ApplicationError(
        _("Cycle %(year)s is closed: nothing in it can be changed."),
        code="cycle_closed",
        params={"year": shown_digits(cycle.year)},
    )


def assessment_locked_refusal(assessment: Assessment) -> ApplicationError:
    return ApplicationError(
        _(
            "The assessment of %(organization)s in %(year)s is %(status)s: "
            "an admin must reopen it before it can be changed."
        ),
        code="assessment_locked",
        params={
            "organization": assessment.organization,
            "year": shown_digits(assessment.cycle.year),
            "status": assessment.get_status_display(),
        },
    )


def ensure_cycle_open(cycle: Cycle) -> None:
    if not cycle_is_editable(cycle):
        raise cycle_closed_refusal(cycle)


def ensure_assessment_editable(assessment: Assessment) -> None:
    """Refuse any change to the content of a finalized or released assessment, or in a closed cycle."""
    ensure_cycle_open(assessment.cycle)
    if not assessment_is_editable(assessment):
        raise assessment_locked_refusal(assessment)


def time_entries_closed_refusal(assessment: Assessment) -> ApplicationError:
    return ApplicationError(
        _(
            "The results of the assessment of %(organization)s in %(year)s are released: its hours are "
            "closed. Hours are logged until release (also after finalizing, for the report); an admin "
            "must reopen the assessment to change them."
        ),
        code="time_entries_closed",
        params={"organization": assessment.organization, "year": shown_digits(assessment.cycle.year)},
    )


def ensure_time_entries_open(assessment: Assessment) -> None:
    """Refuse hours on a released assessment, or in a closed cycle (`time_entries_are_open`)."""
    ensure_cycle_open(assessment.cycle)
    if not time_entries_are_open(assessment):
        raise time_entries_closed_refusal(assessment)


def ensure_project_editable(project: ImprovementProject) -> None:
    ensure_cycle_open(project.cycle)
    if not project_is_editable(project):
        raise ApplicationError(
            _("Status: a verified project is closed and cannot be changed."), code="project_verified"
        )


def ensure_assignment_keeps_assessor(*, assignment: Assignment, assessor: Assessor) -> None:
    """A team row is one assessor's for good: another assessor is another row."""
    if assessor.pk != assignment.assessor_id:
        raise ApplicationError(
            _("Assessor: to put another assessor on the team, remove this row and add a new one."),
            field="assessor",
            code="assignment_assessor_fixed",
        )


def ensure_sub_criterion_in_framework(*, assessment: Assessment, sub_criterion: SubCriterion) -> None:
    if sub_criterion.framework_id != assessment.cycle.framework_id:
        raise ApplicationError(
            _(
                "Sub-criterion: %(code)s belongs to another framework than the one of cycle "
                "%(year)s (%(framework)s)."
            ),
            field="sub_criterion",
            code="sub_criterion_other_framework",
            params={
                "code": sub_criterion.code,
                "year": shown_digits(assessment.cycle.year),
                "framework": assessment.cycle.framework,
            },
        )


def ensure_on_team(*, assessment: Assessment, assessor: Assessor, field: str = "assessor") -> None:
    if not assessment.team.filter(assessor=assessor).exists():
        raise ApplicationError(
            _("%(field)s: %(assessor)s is not on the team of this assessment."),
            field=field,
            code="not_on_team",
            params={"field": _("Assessor"), "assessor": assessor},
        )
