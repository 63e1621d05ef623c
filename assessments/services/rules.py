"""The state rules every write checks: closed cycles and finalized assessments are read-only."""

from django.utils.translation import gettext as _

from excellence.errors import ApplicationError

from ..models import Assessment, Assessor, Cycle, SubCriterion


def ensure_cycle_open(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise ApplicationError(
            _("Cycle %(year)s is closed: nothing in it can be changed."),
            code="cycle_closed",
            params={"year": cycle.year},
        )


def ensure_assessment_editable(assessment: Assessment) -> None:
    """Refuse any change to the content of a finalized or released assessment, or in a closed cycle."""
    ensure_cycle_open(assessment.cycle)
    if assessment.is_locked:
        raise ApplicationError(
            _(
                "The assessment of %(organization)s in %(year)s is %(status)s: "
                "an admin must reopen it before it can be changed."
            ),
            code="assessment_locked",
            params={
                "organization": assessment.organization,
                "year": assessment.cycle.year,
                "status": assessment.get_status_display(),
            },
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
                "year": assessment.cycle.year,
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
