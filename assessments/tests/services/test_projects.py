import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Finding, ImprovementProject
from assessments.services.findings import finding_create
from assessments.services.projects import (
    improvement_project_create,
    improvement_project_update,
    improvement_project_verify,
)
from assessments.tests.factories import AssessmentFactory
from excellence.errors import ApplicationError
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def improvement_point(programme):
    return finding_create(
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.CONSENSUS,
        text="The strategy is not reviewed yearly.",
    )


def create(programme, **data):
    return improvement_project_create(
        organization=programme.assessment.organization,
        cycle=programme.cycle,
        title="Yearly strategy review",
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


def test_verification_is_by_someone_other_than_the_owner_with_a_note(programme):
    owner, verifier = UserFactory(), UserFactory()
    project = create(programme, owner=owner)
    improvement_project_update(
        project=project, data={"status": ImprovementProject.Status.COMPLETED, "progress": 100}
    )

    with pytest.raises(ApplicationError) as error:
        improvement_project_verify(project=project, user=owner, note="Done")
    assert error.value.message_dict["verified_by"] == [
        "Verified by: a project is verified by someone other than its owner."
    ]
    with pytest.raises(ApplicationError, match="say what was checked"):
        improvement_project_verify(project=project, user=verifier, note=" ")

    verified = improvement_project_verify(project=project, user=verifier, note="Review minutes seen")
    assert (verified.status, verified.verified_by, verified.verification_note) == (
        ImprovementProject.Status.VERIFIED,
        verifier,
        "Review minutes seen",
    )


def test_only_completed_projects_are_verified_and_not_by_editing_the_status(programme):
    project = create(programme)
    with pytest.raises(ApplicationError, match="only a completed project can be verified"):
        improvement_project_verify(project=project, user=UserFactory(), note="ok")
    with pytest.raises(ApplicationError, match="becomes verified only when someone other"):
        improvement_project_update(project=project, data={"status": ImprovementProject.Status.VERIFIED})


def test_project_history_records_progress_changes(programme):
    project = create(programme, progress=10)
    improvement_project_update(project=project, data={"progress": 40})
    assert [record.progress for record in project.history.order_by("history_id")] == [10, 40]


def test_checking_linked_improvement_points_takes_one_query_whatever_their_number(programme):
    def points(count):
        """Fresh rows, as a form's queryset gives them: nothing about their assessment is loaded."""
        created = [
            finding_create(
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
