"""The synthetic cycle (`seed_demo --units N`) places teams and moves statuses through the services."""

import pytest

from assessments.demo import plans
from assessments.demo.people import people_ensure
from assessments.demo.reference import framework_plan_load, reference_data_ensure
from assessments.demo.report import SeedReport
from assessments.demo.synthetic import (
    synthetic_assessors_ensure,
    synthetic_build,
    synthetic_code,
    synthetic_units_ensure,
)
from assessments.demo.units import units_ensure
from assessments.models import Assessment, AssessmentResult, Assessor, Assignment, Finding, Score
from assessments.services.assessors import conflict_of_interest_declare
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def base(db):
    """What a synthetic cycle builds on: reference data, the demo units and people (no demo cycles)."""
    report = SeedReport()
    framework, scheme = reference_data_ensure(report=report)
    people = people_ensure(units=units_ensure(report=report), report=report)
    return {"plan": framework_plan_load(framework), "scheme": scheme, "people": people}


def build(base, count: int):
    return synthetic_build(count=count, year=1402, report=SeedReport(), **base)


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Assessment, Assignment, Finding, Score, AssessmentResult)
    )


def team_of(code: str) -> set[str]:
    return set(
        Assignment.objects.filter(assessment__organization__code=code).values_list(
            "assessor__user__username", flat=True
        )
    )


@pytest.mark.parametrize("declared", [False, True])
def test_a_declared_conflict_keeps_the_assessor_off_that_team(base, declared):
    # given the synthetic units and assessors, and (or not) a conflict of the first external
    # assessor, whom the planner gives the first unit, with that unit
    organizations = synthetic_units_ensure(count=3, report=SeedReport())
    first_external = synthetic_assessors_ensure(organizations=organizations, report=SeedReport()).external[0]
    assessor = Assessor.objects.select_related("user").get(pk=first_external.id)
    if declared:
        conflict_of_interest_declare(
            actor=COMMAND_LINE, assessor=assessor, organization=organizations[0], reason="Adviser in 1401"
        )
    # when the synthetic cycle is built
    build(base, 3)
    # then that assessor is on the first unit's team only without the conflict, and the team
    # still has one external member
    assert (assessor.user.username in team_of(synthetic_code(1))) is not declared
    externals = Assignment.objects.filter(
        assessment__organization__code=synthetic_code(1), assessor__kind="external"
    )
    assert externals.count() == 1


def test_the_team_service_refuses_a_conflict_the_planner_would_let_through(base, monkeypatch):
    # given a planner that ignores conflicts: the first unit's own internal assessor would lead its team
    monkeypatch.setattr(plans.Candidate, "may_assess", lambda self, organization_id: True)
    # when the synthetic cycle is built, then the team service refuses, naming the home organization
    with pytest.raises(ApplicationError) as error:
        build(base, 2)
    assert "because it is their home organization (conflict of interest)" in error.value.messages[0]
    # and the chunk left nothing behind
    assert not Assessment.objects.filter(cycle__year=1402).exists()
    assert not Assignment.objects.exists()


def test_status_changes_and_team_places_are_the_services_with_their_history(base):
    build(base, 3)
    for assessment in Assessment.objects.filter(cycle__year=1402):
        # every move of the transitions table, in order, recorded in the history
        statuses = list(
            assessment.history.order_by("history_date", "history_id").values_list("status", flat=True)
        )
        assert statuses == ["planned", "individual", "consensus", "finalized", "released"]
        assert assessment.result.stars in {1, 2, 3, 4}
        assert assessment.finalized_at < assessment.released_at
        assert Assignment.history.filter(assessment_id=assessment.pk, history_type="+").count() == (
            assessment.team.count()
        )
        assert assessment.team.filter(role="leader").count() == 1


def test_a_rerun_adds_nothing_and_a_larger_count_only_the_missing_units(base):
    build(base, 3)
    before, first_team = counts(), team_of(synthetic_code(1))
    build(base, 3)
    assert counts() == before
    build(base, 4)
    assert Assessment.objects.filter(cycle__year=1402).count() == 4
    assert counts()[0] == before[0] + 1
    assert team_of(synthetic_code(1)) == first_team
