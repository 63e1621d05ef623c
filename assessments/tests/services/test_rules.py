"""The state rules: one predicate per question, and the refusals built on them say why."""

import pytest

from assessments.models import Assessment, Cycle, ImprovementProject
from assessments.services.rules import (
    CONFLICT_DECLARED,
    CONFLICT_HOME_ORGANIZATION,
    assessment_is_editable,
    conflict_of_interest,
    cycle_is_editable,
    ensure_assessment_editable,
    ensure_assignment_keeps_assessor,
    ensure_cycle_open,
    ensure_project_editable,
    project_is_editable,
)
from assessments.tests.factories import AssessorFactory, ImprovementProjectFactory
from excellence.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("english")


def close(cycle):
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])


@pytest.mark.parametrize(
    ("status", "editable"),
    [(Cycle.Status.PLANNING, True), (Cycle.Status.ASSESSMENT, True), (Cycle.Status.CLOSED, False)],
)
def test_only_a_closed_cycle_is_not_editable(programme, status, editable):
    programme.cycle.status = status

    assert cycle_is_editable(programme.cycle) is editable


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (Assessment.Status.PLANNED, True),
        (Assessment.Status.INDIVIDUAL, True),
        (Assessment.Status.CONSENSUS, True),
        (Assessment.Status.FINALIZED, False),
        (Assessment.Status.RELEASED, False),
    ],
)
def test_an_assessment_is_editable_until_it_is_finalized(programme, status, editable):
    programme.assessment.status = status

    assert assessment_is_editable(programme.assessment) is editable


def test_no_assessment_of_a_closed_cycle_is_editable(programme):
    # given an assessment still in consensus, in a cycle that is then closed
    programme.assessment.status = Assessment.Status.CONSENSUS
    close(programme.cycle)

    # then it is not editable, and the refusal names the closed cycle
    assert assessment_is_editable(programme.assessment) is False
    with pytest.raises(ApplicationError) as refused:
        ensure_assessment_editable(programme.assessment)
    assert refused.value.messages == [
        f"Cycle {programme.cycle.year} is closed: nothing in it can be changed."
    ]


def test_a_finalized_assessment_is_refused_with_the_reopening_rule(programme):
    programme.assessment.status = Assessment.Status.FINALIZED

    with pytest.raises(ApplicationError) as refused:
        ensure_assessment_editable(programme.assessment)

    assert refused.value.code == "assessment_locked"
    assert "an admin must reopen it before it can be changed" in refused.value.messages[0]


def test_a_closed_cycle_is_refused_with_its_year(programme):
    close(programme.cycle)

    with pytest.raises(ApplicationError) as refused:
        ensure_cycle_open(programme.cycle)

    assert refused.value.messages == [
        f"Cycle {programme.cycle.year} is closed: nothing in it can be changed."
    ]


def test_a_verified_project_is_not_editable(programme):
    # A verified project needs its verifier to be stored; the rule reads only the status.
    project = ImprovementProjectFactory.build(
        organization=programme.assessment.organization,
        cycle=programme.cycle,
        status=ImprovementProject.Status.VERIFIED,
    )

    assert project_is_editable(project) is False
    with pytest.raises(ApplicationError) as refused:
        ensure_project_editable(project)
    assert refused.value.messages == ["Status: a verified project is closed and cannot be changed."]


def test_a_project_of_a_closed_cycle_is_not_editable(programme):
    project = ImprovementProjectFactory(
        organization=programme.assessment.organization,
        cycle=programme.cycle,
        status=ImprovementProject.Status.IN_PROGRESS,
    )
    assert project_is_editable(project) is True

    close(programme.cycle)

    assert project_is_editable(project) is False


def test_a_team_row_keeps_its_assessor(programme):
    assignment = programme.assessment.team.get(assessor=programme.member)
    ensure_assignment_keeps_assessor(assignment=assignment, assessor=programme.member)

    with pytest.raises(ApplicationError) as refused:
        ensure_assignment_keeps_assessor(assignment=assignment, assessor=AssessorFactory())

    assert refused.value.message_dict == {
        "assessor": ["Assessor: to put another assessor on the team, remove this row and add a new one."]
    }


@pytest.mark.parametrize(
    "is_internal, home, declared, expected",
    [
        (True, 7, set(), CONFLICT_HOME_ORGANIZATION),
        (True, 7, {7}, CONFLICT_HOME_ORGANIZATION),
        (True, 8, {7}, CONFLICT_DECLARED),
        (False, None, {7}, CONFLICT_DECLARED),
        (False, 7, set(), None),  # an external assessor has no home organization to protect
        (True, 8, {9}, None),
    ],
)
def test_the_conflict_of_interest_rule_names_the_conflict(is_internal, home, declared, expected):
    # when organization 7 is to be assessed by an assessor with this home and these declarations
    found = conflict_of_interest(
        is_internal=is_internal,
        home_organization_id=home,
        organization_id=7,
        declared_organization_ids=declared,
    )
    # then the rule names the conflict, the home organization first, or finds none
    assert found == expected
