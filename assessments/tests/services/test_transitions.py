"""Every state change is one service with a transitions table: each allowed move, each refused one."""

import pytest

from assessments.models import Assessment, AssessmentResult, Cycle
from assessments.services.assessments import ALLOWED_TRANSITIONS, assessment_transition
from assessments.services.cycles import CYCLE_TRANSITIONS, cycle_close, cycle_open, cycle_update
from assessments.tests.factories import CycleFactory
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE

pytestmark = pytest.mark.usefixtures("english")

CYCLE_MOVES = {Cycle.Status.ASSESSMENT: cycle_open, Cycle.Status.CLOSED: cycle_close}


def test_the_cycle_table_is_planning_then_assessment_then_closed():
    assert {
        Cycle.Status.PLANNING: {Cycle.Status.ASSESSMENT},
        Cycle.Status.ASSESSMENT: {Cycle.Status.CLOSED},
        Cycle.Status.CLOSED: set(),
    } == CYCLE_TRANSITIONS


@pytest.mark.django_db
@pytest.mark.parametrize("current", list(Cycle.Status))
@pytest.mark.parametrize("target", list(CYCLE_MOVES))
def test_a_cycle_makes_only_the_moves_of_its_table(current, target):
    cycle = CycleFactory(year=1402, status=current)
    move = CYCLE_MOVES[target]

    if target in CYCLE_TRANSITIONS[current]:
        assert move(actor=COMMAND_LINE, cycle=cycle).status == target
    else:
        with pytest.raises(ApplicationError) as error:
            move(actor=COMMAND_LINE, cycle=cycle)
        assert error.value.message_dict["status"] == [
            f"Status: a cycle cannot move from “{current.label}” to “{Cycle.Status(target).label}”."
        ]
        cycle.refresh_from_db()
        assert cycle.status == current


@pytest.mark.django_db
def test_editing_a_cycle_never_changes_its_status():
    cycle = CycleFactory(year=1402, status=Cycle.Status.PLANNING)

    updated = cycle_update(
        actor=COMMAND_LINE,
        cycle=cycle,
        expected_updated_at=cycle.updated_at,
        data={"status": Cycle.Status.CLOSED, "window_end": cycle.window_end},
    )

    updated.refresh_from_db()
    assert updated.status == Cycle.Status.PLANNING


def allowed_assessment_moves():
    return {(current, target) for current, targets in ALLOWED_TRANSITIONS.items() for target in targets}


@pytest.mark.parametrize("current", list(Assessment.Status))
@pytest.mark.parametrize("target", list(Assessment.Status))
def test_an_assessment_makes_only_the_moves_of_its_table(programme, monkeypatch, current, target):
    # Finalizing stores a result; its scoring is tested elsewhere, here only the move counts.
    monkeypatch.setattr(
        "assessments.services.results._result_write",
        lambda **kwargs: AssessmentResult(assessment=programme.assessment),
    )
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=current)

    if (current, target) in allowed_assessment_moves():
        moved = assessment_transition(actor=COMMAND_LINE, assessment=programme.assessment, to_status=target)
        assert moved.status == target
    else:
        with pytest.raises(ApplicationError) as error:
            assessment_transition(actor=COMMAND_LINE, assessment=programme.assessment, to_status=target)
        assert error.value.message_dict["status"] == [
            f"Status: an assessment cannot move from “{current.label}” to “{target.label}”."
        ]
        programme.assessment.refresh_from_db()
        assert programme.assessment.status == current


def test_the_assessment_table_moves_one_step_forward_only():
    order = list(Assessment.Status)
    assert allowed_assessment_moves() == {(order[i], order[i + 1]) for i in range(len(order) - 1)}
