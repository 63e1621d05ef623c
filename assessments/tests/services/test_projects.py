import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Finding, ImprovementProject
from assessments.services.findings import finding_create
from assessments.services.projects import (
    improvement_project_create,
    improvement_project_transition,
    improvement_project_update,
    improvement_project_verify,
)
from assessments.tests.factories import AssessmentFactory
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def improvement_point(programme):
    return finding_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.CONSENSUS,
        text="The strategy is not reviewed yearly.",
    )


def create(programme, *, title="Yearly strategy review", **data):
    return improvement_project_create(
        actor=COMMAND_LINE,
        organization=programme.assessment.organization,
        cycle=programme.cycle,
        title=title,
        category=ImprovementProject.Category.STRATEGY,
        **data,
    )


def test_a_project_answers_improvement_points_of_its_organization(programme, improvement_point):
    project = create(programme, improvement_points=[improvement_point], progress=10)
    assert list(project.improvement_points.all()) == [improvement_point]


def test_improvement_points_of_another_organization_cannot_be_linked(programme):
    elsewhere = AssessmentFactory(cycle=programme.cycle)
    foreign = Finding.objects.create(
        assessment=elsewhere,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.CONSENSUS,
        text="x",
    )
    with pytest.raises(ApplicationError) as error:
        create(programme, improvement_points=[foreign])
    assert error.value.message_dict["improvement_points"][0].startswith(
        "Improvement points: only improvement points found for"
    )
    assert not ImprovementProject.objects.exists()


@pytest.mark.parametrize("progress", [-1, 101])
def test_progress_is_0_to_100(programme, progress):
    with pytest.raises(ApplicationError) as error:
        create(programme, progress=progress)
    assert error.value.message_dict["progress"] == [
        f"Progress: must be between 0 and 100 percent; {progress} was given."
    ]


def test_a_project_is_not_due_before_it_starts(programme):
    with pytest.raises(ApplicationError, match="cannot be due before it starts"):
        create(programme, start_date=datetime.date(2023, 1, 1), due_date=datetime.date(2022, 1, 1))


Status = ImprovementProject.Status


def move(project, *statuses, actor=COMMAND_LINE, note=""):
    for status in statuses:
        project = improvement_project_transition(actor=actor, project=project, to_status=status, note=note)
    return project


def completed(programme, **data):
    return move(create(programme, **data), Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED)


def test_a_new_project_is_proposed_and_walks_the_statuses_of_design_2(programme):
    project = create(programme, progress=20)
    assert project.status == Status.PROPOSED

    project = move(project, Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED)

    assert (project.status, project.progress) == (Status.COMPLETED, 100)
    statuses = [record.status for record in project.history.order_by("history_id")]
    assert statuses == [Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED]


ALLOWED = {
    (Status.PROPOSED, Status.APPROVED),
    (Status.PROPOSED, Status.CANCELLED),
    (Status.APPROVED, Status.IN_PROGRESS),
    (Status.APPROVED, Status.CANCELLED),
    (Status.IN_PROGRESS, Status.COMPLETED),
    (Status.IN_PROGRESS, Status.CANCELLED),
    (Status.COMPLETED, Status.IN_PROGRESS),
    (Status.COMPLETED, Status.VERIFIED),
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_only_the_moves_of_the_transitions_table_are_allowed(programme, current, target):
    project = create(programme)
    verifier = UserFactory(programme_admin=True)
    stored = {"status": current}
    if current == Status.VERIFIED:
        stored.update(verified_by=UserFactory(), verified_at=timezone.now())
    ImprovementProject.objects.filter(pk=project.pk).update(**stored)

    if (current, target) in ALLOWED:
        moved = move(project, target, actor=verifier, note="Minutes of the review seen")
        assert moved.status == target
    else:
        with pytest.raises(ApplicationError) as error:
            move(project, target, actor=verifier, note="Minutes of the review seen")
        assert error.value.message_dict["status"] == [
            f"Status: a project cannot move from “{current.label}” to “{target.label}”."
        ]
        project.refresh_from_db()
        assert project.status == current


def test_the_status_is_not_changed_by_editing_the_project(programme):
    project = create(programme)
    updated = improvement_project_update(
        actor=COMMAND_LINE,
        project=project,
        expected_updated_at=project.updated_at,
        data={"status": Status.VERIFIED, "title": "Renamed"},
    )
    updated.refresh_from_db()
    assert (updated.title, updated.status) == ("Renamed", Status.PROPOSED)


def test_verification_is_by_someone_other_than_the_owner_with_a_note(programme):
    # An office member who is also one of the unit's members owns the project
    owner, verifier = UserFactory(programme_admin=True), UserFactory(programme_admin=True)
    OrganizationMember.objects.create(organization=programme.assessment.organization, user=owner)
    project = completed(programme, owner=owner)

    with pytest.raises(ApplicationError) as error:
        improvement_project_verify(project=project, actor=owner, note="Done")
    assert error.value.message_dict["verified_by"] == [
        "Verified by: a project is verified by someone other than its owner."
    ]
    with pytest.raises(ApplicationError, match="say what was checked"):
        improvement_project_verify(project=project, actor=verifier, note=" ")

    verified = improvement_project_verify(project=project, actor=verifier, note="Review minutes seen")
    assert (verified.status, verified.verified_by, verified.verification_note) == (
        Status.VERIFIED,
        verifier,
        "Review minutes seen",
    )


def test_a_verified_project_is_closed(programme):
    project = improvement_project_verify(
        project=completed(programme), actor=UserFactory(programme_admin=True), note="Seen"
    )
    with pytest.raises(ApplicationError, match="a verified project is closed"):
        improvement_project_update(
            actor=COMMAND_LINE, project=project, expected_updated_at=project.updated_at, data={"title": "x"}
        )


def test_project_history_records_progress_changes(programme):
    project = create(programme, progress=10)
    improvement_project_update(
        actor=COMMAND_LINE, project=project, expected_updated_at=project.updated_at, data={"progress": 40}
    )
    assert [record.progress for record in project.history.order_by("history_id")] == [10, 40]


def test_checking_linked_improvement_points_takes_one_query_whatever_their_number(programme):
    def points(count):
        """Fresh rows, as a form's queryset gives them: nothing about their assessment is loaded."""
        created = [
            finding_create(
                actor=COMMAND_LINE,
                assessment=programme.assessment,
                sub_criterion=programme.sub_criterion,
                kind=Finding.Kind.IMPROVEMENT,
                stage=Finding.Stage.CONSENSUS,
                text=f"Improvement point {number}",
            )
            for number in range(count)
        ]
        return list(Finding.objects.filter(pk__in=[finding.pk for finding in created]))

    few, many = points(1), points(8)
    with CaptureQueriesContext(connection) as with_few:
        create(programme, improvement_points=few)
    with CaptureQueriesContext(connection) as with_many:
        create(programme, improvement_points=many)
    assert len(with_many) == len(with_few)


def test_a_project_is_owned_by_one_of_its_units_members(programme):
    member, outsider = UserFactory(), UserFactory(programme_admin=True)
    OrganizationMember.objects.create(organization=programme.assessment.organization, user=member)

    project = create(programme, owner=member)
    assert project.owner == member
    with pytest.raises(ApplicationError) as error:
        create(programme, owner=outsider, title="Someone else's")
    assert error.value.message_dict["owner"] == [
        f"Owner: a project of {programme.assessment.organization} is owned by one of its members "
        "(its representatives)."
    ]
    with pytest.raises(ApplicationError):
        improvement_project_update(
            actor=COMMAND_LINE,
            project=project,
            expected_updated_at=project.updated_at,
            data={"owner": outsider},
        )
    assert list(ImprovementProject.objects.values_list("owner", flat=True)) == [member.pk]
