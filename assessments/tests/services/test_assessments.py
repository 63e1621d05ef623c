import pytest

from assessments.models import (
    Assessment,
    AssessmentReopening,
    AssessmentResult,
    Assignment,
    Cycle,
    Score,
    TimeEntry,
)
from assessments.services.assessments import (
    assessment_create,
    assessment_reopen,
    assessment_transition,
    assessments_create,
    assessments_transition,
    assignment_create,
    assignment_delete,
    assignment_update,
    assignments_create,
)
from assessments.services.hours import time_entry_create
from assessments.services.scores import score_set
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    ConflictOfInterestFactory,
)
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


def test_a_second_assessment_of_an_organization_in_a_cycle_is_refused(programme):
    # Given an organization already assessed in 1401
    # When another assessment of it in 1401 is created
    with pytest.raises(ApplicationError) as error:
        assessment_create(
            actor=COMMAND_LINE, cycle=programme.cycle, organization=programme.assessment.organization
        )
    # Then it is refused, naming the organization and the year, and nothing is added
    assert error.value.message_dict["organization"] == [
        f"Organization: {programme.assessment.organization} already has an assessment in cycle 1401."
    ]
    assert Assessment.objects.count() == 1


def test_a_second_leader_is_refused(programme):
    newcomer = AssessorFactory()
    with pytest.raises(ApplicationError) as error:
        assignment_create(
            actor=COMMAND_LINE,
            assessment=programme.assessment,
            assessor=newcomer,
            role=Assignment.Role.LEADER,
        )
    assert error.value.message_dict["role"] == [
        f"Role: the team already has a leader ({programme.leader}); a team has exactly one leader."
    ]
    assert not programme.assessment.team.filter(assessor=newcomer).exists()


def test_promoting_a_member_while_a_leader_exists_is_refused(programme):
    member = programme.assessment.team.get(assessor=programme.member)
    with pytest.raises(ApplicationError, match="already has a leader"):
        assignment_update(
            actor=COMMAND_LINE,
            assignment=member,
            expected_updated_at=member.updated_at,
            role=Assignment.Role.LEADER,
        )
    member.refresh_from_db()
    assert member.role == Assignment.Role.MEMBER


def test_an_internal_assessor_never_assesses_their_home_organization(programme):
    insider = AssessorFactory(internal=True, home_organization=programme.assessment.organization)
    with pytest.raises(ApplicationError) as error:
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=insider)
    assert "because it is their home organization (conflict of interest)" in error.value.messages[0]
    assert not programme.assessment.team.filter(assessor=insider).exists()


def test_a_declared_conflict_blocks_the_assignment_and_gives_its_reason(programme):
    conflict = ConflictOfInterestFactory(
        organization=programme.assessment.organization, reason="Former employee until 1400"
    )
    with pytest.raises(ApplicationError) as error:
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=conflict.assessor)
    assert error.value.message_dict["assessor"][0].endswith(
        "because of a declared conflict of interest: Former employee until 1400"
    )


def test_an_inactive_assessor_cannot_join_a_team(programme):
    retired = AssessorFactory(is_active=False)
    with pytest.raises(ApplicationError, match="is not active"):
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=retired)


def test_an_assessor_is_on_a_team_once(programme):
    with pytest.raises(ApplicationError, match="is already on this team"):
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=programme.member)


def test_individual_assessment_needs_a_leader(db, english):
    assessment = AssessmentFactory(status=Assessment.Status.PLANNED)
    with pytest.raises(ApplicationError) as error:
        assessment_transition(
            actor=COMMAND_LINE, assessment=assessment, to_status=Assessment.Status.INDIVIDUAL
        )
    assert error.value.message_dict["team"] == [
        "Team: an assessment needs a team leader before individual assessment starts."
    ]


def test_status_moves_only_forward_one_step(programme):
    with pytest.raises(ApplicationError) as error:
        assessment_transition(
            actor=COMMAND_LINE, assessment=programme.assessment, to_status=Assessment.Status.RELEASED
        )
    assert error.value.message_dict["status"] == [
        "Status: an assessment cannot move from “Individual assessment” to “Released”."
    ]
    programme.assessment.refresh_from_db()
    assert programme.assessment.status == Assessment.Status.INDIVIDUAL


def test_nothing_in_a_closed_cycle_can_change(programme):
    programme.cycle.status = Cycle.Status.CLOSED
    programme.cycle.save()
    newcomer = AssessorFactory()
    with pytest.raises(ApplicationError) as error:
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=newcomer)
    assert error.value.messages == ["Cycle 1401 is closed: nothing in it can be changed."]
    with pytest.raises(ApplicationError, match="Cycle 1401 is closed"):
        time_entry_create(
            actor=COMMAND_LINE,
            assessment=programme.assessment,
            assessor=programme.member,
            date=programme.cycle.window_start,
            hours=2,
            activity=TimeEntry.Activity.SITE_VISIT,
        )
    with pytest.raises(ApplicationError, match="Cycle 1401 is closed"):
        assessment_create(
            actor=COMMAND_LINE, cycle=programme.cycle, organization=AssessmentFactory().organization
        )


def test_a_finalized_assessment_refuses_team_changes(programme):
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.FINALIZED)
    programme.assessment.refresh_from_db()
    with pytest.raises(ApplicationError) as error:
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=AssessorFactory())
    assert "an admin must reopen it before it can be changed" in error.value.messages[0]
    member = programme.assessment.team.get(assessor=programme.member)
    with pytest.raises(ApplicationError, match="must reopen it"):
        assignment_delete(actor=COMMAND_LINE, assignment=member)


def test_reopening_needs_a_written_reason_and_keeps_it(programme):
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.FINALIZED)
    admin = UserFactory(programme_admin=True)

    with pytest.raises(ApplicationError) as error:
        assessment_reopen(assessment=programme.assessment, actor=admin, reason="   ")
    assert error.value.message_dict["reason"] == [
        "Reason: a written reason is required to reopen an assessment."
    ]
    assert not AssessmentReopening.objects.exists()

    reopened = assessment_reopen(
        assessment=programme.assessment, actor=admin, reason="Scores of 3b were entered twice"
    )
    assert reopened.status == Assessment.Status.CONSENSUS
    reopening = AssessmentReopening.objects.get()
    assert (reopening.reason, reopening.reopened_by) == ("Scores of 3b were entered twice", admin)


def test_only_a_locked_assessment_can_be_reopened(programme):
    with pytest.raises(ApplicationError, match="only a finalized or released assessment can be reopened"):
        assessment_reopen(
            assessment=programme.assessment, actor=UserFactory(programme_admin=True), reason="why not"
        )


def test_a_team_member_with_hours_cannot_be_removed(programme):
    time_entry_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        assessor=programme.member,
        date=programme.cycle.window_start,
        hours="3.5",
        activity=TimeEntry.Activity.DOCUMENT_REVIEW,
    )
    member = programme.assessment.team.get(assessor=programme.member)
    with pytest.raises(ApplicationError, match="has recorded hours or findings"):
        assignment_delete(actor=COMMAND_LINE, assignment=member)
    assert programme.assessment.team.filter(pk=member.pk).exists()


def test_history_records_who_changed_a_team(programme):
    member = programme.assessment.team.get(assessor=programme.member)
    assert member.history.count() == 1
    assert member.history.first().history_type == "+"


# --------------------------------------------------------------------------- many at once, same rules


def refusal_of(call) -> list[str]:
    with pytest.raises(ApplicationError) as error:
        call()
    return error.value.messages


@pytest.mark.parametrize(
    "case", ["home organization", "declared conflict", "inactive", "already on the team", "second leader"]
)
def test_placing_many_refuses_what_placing_one_refuses_with_the_same_message(programme, case):
    # Given an assessor the single service refuses for the programme's team, and one it accepts
    assessment = programme.assessment
    refused, role = {
        "home organization": (
            AssessorFactory(internal=True, home_organization=assessment.organization),
            "member",
        ),
        "declared conflict": (
            ConflictOfInterestFactory(
                organization=assessment.organization, reason="Adviser in 1400"
            ).assessor,
            "member",
        ),
        "inactive": (AssessorFactory(is_active=False), "member"),
        "already on the team": (programme.member, "member"),
        "second leader": (AssessorFactory(), "leader"),
    }[case]
    single = refusal_of(
        lambda: assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=refused, role=role)
    )
    accepted = AssessorFactory()
    # When both are placed at once, the acceptable one first
    many = refusal_of(
        lambda: assignments_create(
            actor=COMMAND_LINE, places=[(assessment, accepted, "member"), (assessment, refused, role)]
        )
    )
    # Then the refusal is the single service's, word for word, and nobody is added
    assert many == single
    assert assessment.team.count() == 2


def test_placing_many_refuses_an_assessor_twice_or_two_leaders_within_the_same_call(db, english):
    assessment = AssessmentFactory(status=Assessment.Status.PLANNED)
    first, second = AssessorFactory(), AssessorFactory()
    twice = refusal_of(
        lambda: assignments_create(
            actor=COMMAND_LINE, places=[(assessment, first, "member"), (assessment, first, "member")]
        )
    )
    assert twice == [f"Assessor: {first} is already on this team."]
    leaders = refusal_of(
        lambda: assignments_create(
            actor=COMMAND_LINE, places=[(assessment, first, "leader"), (assessment, second, "leader")]
        )
    )
    assert leaders == [f"Role: the team already has a leader ({first}); a team has exactly one leader."]
    assert not assessment.team.exists()


def test_placing_many_refuses_a_finalized_assessment_and_a_closed_cycle(programme):
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.FINALIZED)
    programme.assessment.refresh_from_db()
    newcomer = AssessorFactory()
    message = refusal_of(
        lambda: assignments_create(actor=COMMAND_LINE, places=[(programme.assessment, newcomer, "member")])
    )
    assert "an admin must reopen it before it can be changed" in message[0]
    assert not programme.assessment.team.filter(assessor=newcomer).exists()


def test_placing_many_needs_the_programme_office(programme):
    outsider = UserFactory()
    with pytest.raises(ApplicationError, match="Only the programme office"):
        assignments_create(actor=outsider, places=[(programme.assessment, AssessorFactory(), "member")])
    assert programme.assessment.team.count() == 2


def test_placing_many_costs_the_same_queries_for_one_team_or_ten(db, english, django_assert_num_queries):
    # Given eleven planned assessments and six assessors for each
    cycle = AssessmentFactory(status=Assessment.Status.PLANNED).cycle
    assessments = [AssessmentFactory(cycle=cycle, status=Assessment.Status.PLANNED) for _ in range(11)]

    def team_places(assessment):
        return [(assessment, AssessorFactory(), "leader" if index == 0 else "member") for index in range(6)]

    one, ten = team_places(assessments[0]), [p for a in assessments[1:] for p in team_places(a)]
    # When one team, then ten teams, are placed: teams and conflicts read once, rows and history
    # written once, inside two savepoints
    for places in (one, ten):
        with django_assert_num_queries(8):
            rows = assignments_create(actor=COMMAND_LINE, places=places)
        assert len(rows) == len(places)
    # Then every team has its six, one leader, and each row its history
    assert {a.team.count() for a in assessments} == {6}
    assert {a.team.filter(role="leader").count() for a in assessments} == {1}
    assert Assignment.history.filter(history_type="+").count() == 66


def test_moving_many_refuses_what_moving_one_refuses(db, english):
    # Given a planned assessment without a leader, and one with a leader
    cycle = AssessmentFactory(status=Assessment.Status.PLANNED).cycle
    led, leaderless = (AssessmentFactory(cycle=cycle, status=Assessment.Status.PLANNED) for _ in range(2))
    assignment_create(actor=COMMAND_LINE, assessment=led, assessor=AssessorFactory(), role="leader")
    # When both start individual assessment at once, or skip a step
    for to_status in (Assessment.Status.INDIVIDUAL, Assessment.Status.CONSENSUS):
        single = refusal_of(
            lambda to_status=to_status: assessment_transition(
                actor=COMMAND_LINE, assessment=leaderless, to_status=to_status
            )
        )
        many = refusal_of(
            lambda to_status=to_status: assessments_transition(
                actor=COMMAND_LINE, assessments=[led, leaderless], to_status=to_status
            )
        )
        # Then the refusal is the single move's and neither moved
        assert many == single
        assert set(
            Assessment.objects.filter(pk__in=[led.pk, leaderless.pk]).values_list("status", flat=True)
        ) == {Assessment.Status.PLANNED}
    assert single == ["Status: an assessment cannot move from “Planned” to “Consensus”."]


def test_moving_many_finalizes_with_the_stored_result_a_single_move_gives(programme):
    # Given two assessments of the programme with the same consensus scores, in consensus
    other = AssessmentFactory(cycle=programme.cycle, status=Assessment.Status.INDIVIDUAL)
    for assessment in (programme.assessment, other):
        if assessment is other:
            assignment_create(actor=COMMAND_LINE, assessment=other, assessor=AssessorFactory(), role="leader")
        assessment_transition(
            actor=COMMAND_LINE, assessment=assessment, to_status=Assessment.Status.CONSENSUS
        )
        score_set(
            actor=COMMAND_LINE,
            assessment=assessment,
            sub_criterion=programme.sub_criterion,
            stage=Score.Stage.CONSENSUS,
            values={"sound": 60, "integrated": 45},
            expected_updated_at=None,
        )
    # When one is finalized alone and the other with the many-at-once service, then released
    assessment_transition(
        actor=COMMAND_LINE, assessment=programme.assessment, to_status=Assessment.Status.FINALIZED
    )
    moved = assessments_transition(
        actor=COMMAND_LINE, assessments=[other], to_status=Assessment.Status.FINALIZED
    )
    assessments_transition(actor=COMMAND_LINE, assessments=moved, to_status=Assessment.Status.RELEASED)
    # Then both stored the same result, and the other is released with its moves in its history
    alone, many = (AssessmentResult.objects.get(assessment=a) for a in (programme.assessment, other))
    assert (many.total, many.stars, many.level_code) == (alone.total, alone.stars, alone.level_code)
    other.refresh_from_db()
    assert other.status == Assessment.Status.RELEASED
    assert other.finalized_at is not None and other.released_at is not None
    assert list(other.history.order_by("history_date").values_list("status", flat=True))[-2:] == [
        Assessment.Status.FINALIZED,
        Assessment.Status.RELEASED,
    ]


def test_creating_many_refuses_an_organization_assessed_already_or_given_twice(programme):
    # given the programme's assessed organization and two new ones
    taken = programme.assessment.organization
    fresh, other = OrganizationFactory(), OrganizationFactory()
    single = refusal_of(
        lambda: assessment_create(actor=COMMAND_LINE, cycle=programme.cycle, organization=taken)
    )
    # when many are created with the assessed one among them, or a new one twice
    many = refusal_of(
        lambda: assessments_create(
            actor=COMMAND_LINE, cycle=programme.cycle, visits=[(fresh, None), (taken, None)]
        )
    )
    twice = refusal_of(
        lambda: assessments_create(
            actor=COMMAND_LINE, cycle=programme.cycle, visits=[(other, None), (other, None)]
        )
    )
    # then the single service's refusal comes back, and nothing is created
    assert many == single
    assert twice == [f"Organization: {other} already has an assessment in cycle 1401."]
    assert Assessment.objects.count() == 1


def test_creating_many_in_a_closed_cycle_is_refused(programme):
    programme.cycle.status = Cycle.Status.CLOSED
    programme.cycle.save()
    message = refusal_of(
        lambda: assessments_create(
            actor=COMMAND_LINE, cycle=programme.cycle, visits=[(OrganizationFactory(), None)]
        )
    )
    assert message == ["Cycle 1401 is closed: nothing in it can be changed."]
    assert Assessment.objects.count() == 1


def test_creating_many_writes_planned_assessments_with_their_history(programme):
    organizations = [OrganizationFactory() for _ in range(3)]
    visit = programme.cycle.window_start
    rows = assessments_create(
        actor=COMMAND_LINE,
        cycle=programme.cycle,
        visits=[(organization, visit) for organization in organizations],
    )
    assert [row.organization for row in rows] == organizations
    for row in rows:
        row.refresh_from_db()
        assert (row.status, row.site_visit_date) == (Assessment.Status.PLANNED, visit)
        assert list(row.history.values_list("history_type", flat=True)) == ["+"]
