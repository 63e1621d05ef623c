import pytest

from assessments.models import Assessment, AssessmentReopening, Assignment, Cycle, TimeEntry
from assessments.services.assessments import (
    assessment_create,
    assessment_reopen,
    assessment_transition,
    assignment_create,
    assignment_delete,
    assignment_update,
)
from assessments.services.hours import time_entry_create
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    ConflictOfInterestFactory,
)
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import UserFactory

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
