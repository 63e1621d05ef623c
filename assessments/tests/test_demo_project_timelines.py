"""The demo's project timelines: what each status implies, dated in order, never in the future."""

import datetime

import pytest
from django.utils import timezone

from assessments.demo.project_timelines import project_timelines_build
from assessments.models import ImprovementProject, ProjectUpdate
from assessments.tests.factories import ImprovementProjectFactory
from assessments.tests.projects_programme import projects_programme_build

Status = ImprovementProject.Status
TODAY = datetime.date(2024, 6, 1)


@pytest.fixture
def programme(db):
    return projects_programme_build()


def inserted(programme, status, progress, **fields):
    """A project written straight in its final status, as the demo builder writes them."""
    fields = {"start_date": datetime.date(2023, 1, 10), "due_date": datetime.date(2023, 9, 1), **fields}
    return ImprovementProjectFactory(
        organization=programme.fire.organization,
        cycle=programme.cycles[1401],
        owner=programme.fire.representative,
        status=status,
        progress=progress,
        title=f"پروژه {status}",
        **fields,
    )


def test_each_project_gets_the_timeline_its_status_implies(programme):
    # Given projects in every status, without a timeline
    verified_at = timezone.make_aware(datetime.datetime(2023, 9, 20, 11))
    projects = {
        Status.PROPOSED: inserted(programme, Status.PROPOSED, 0, start_date=None),
        Status.APPROVED: inserted(programme, Status.APPROVED, 0),
        Status.IN_PROGRESS: inserted(programme, Status.IN_PROGRESS, 45),
        Status.COMPLETED: inserted(programme, Status.COMPLETED, 100),
        Status.VERIFIED: inserted(
            programme,
            Status.VERIFIED,
            100,
            verified_by=programme.office,
            verified_at=verified_at,
            verification_note="شواهد دیده شد.",
        ),
        Status.CANCELLED: inserted(programme, Status.CANCELLED, 20),
    }

    # When the demo builds the timelines
    written = project_timelines_build(
        cycle=programme.cycles[1401], office_id=programme.office.pk, today=TODAY
    )

    # Then each shows the statuses passed, in date order, and reports climbing to the progress
    assert written == ProjectUpdate.objects.count() > 0
    for status, project in projects.items():
        entries = list(ProjectUpdate.objects.filter(project=project).order_by("date", "id"))
        reached = [entry.status for entry in entries if entry.status]
        expected = {
            Status.PROPOSED: [],
            Status.APPROVED: [Status.APPROVED],
            Status.IN_PROGRESS: [Status.APPROVED, Status.IN_PROGRESS],
            Status.COMPLETED: [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED],
            Status.VERIFIED: [Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.VERIFIED],
            Status.CANCELLED: [Status.APPROVED, Status.IN_PROGRESS, Status.CANCELLED],
        }[status]
        assert reached == expected, status
        dates = [entry.date for entry in entries]
        assert dates == sorted(dates) and all(date <= TODAY for date in dates), status
        reports = [entry.progress for entry in entries if not entry.status]
        assert reports == sorted(reports), status
        assert all(entry.note for entry in entries), status
        if status == Status.IN_PROGRESS:
            assert 1 <= len(reports) <= 3 and reports[-1] == 45
    verified = ProjectUpdate.objects.get(project=projects[Status.VERIFIED], status=Status.VERIFIED)
    assert (verified.note, verified.author, verified.date) == (
        "شواهد دیده شد.",
        programme.office,
        datetime.date(2023, 9, 20),
    )


def test_building_again_adds_nothing_and_gives_the_same_timeline(programme):
    project = inserted(programme, Status.IN_PROGRESS, 60)
    cycle = programme.cycles[1401]
    project_timelines_build(cycle=cycle, office_id=programme.office.pk, today=TODAY)
    first = list(
        ProjectUpdate.objects.filter(project=project).values_list("date", "progress", "status", "note")
    )

    assert project_timelines_build(cycle=cycle, office_id=programme.office.pk, today=TODAY) == 0
    ProjectUpdate.objects.all().delete()
    project_timelines_build(cycle=cycle, office_id=programme.office.pk, today=TODAY)
    again = list(
        ProjectUpdate.objects.filter(project=project).values_list("date", "progress", "status", "note")
    )
    assert again == first
