"""Progress reports on a project's timeline, and the timeline entry every status change leaves."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import ImprovementProject, ProjectUpdate
from assessments.services.projects import improvement_project_progress_add, improvement_project_transition
from assessments.tests.projects_programme import projects_programme_build
from excellence.errors import ApplicationError, StaleCopy
from excellence.roles import AccessDenied

pytestmark = pytest.mark.usefixtures("english")

Status = ImprovementProject.Status


@pytest.fixture
def programme(db):
    return projects_programme_build()


def report(project, *, actor, progress=40, note="گزارش پیشرفت", date=None, version="loaded"):
    return improvement_project_progress_add(
        actor=actor,
        project=project,
        expected_updated_at=project.updated_at if version == "loaded" else version,
        progress=progress,
        note=note,
        date=date,
    )


def test_a_representative_reports_progress_with_a_dated_note_on_the_timeline(programme):
    # Given a running project of the representative's unit
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    # When they report 45 % with a note typed with Arabic letters
    update = report(
        project,
        actor=programme.fire.representative,
        progress=45,
        note="  كارگاه اول برگزار شد ي ",
        date=yesterday,
    )

    # Then the project is at 45 % and the timeline keeps the note in Persian spelling, dated and signed
    project.refresh_from_db()
    assert project.progress == 45
    assert (update.date, update.progress, update.status, update.author) == (
        yesterday,
        45,
        "",
        programme.fire.representative,
    )
    assert update.note == "کارگاه اول برگزار شد ی"
    assert [record.progress for record in project.history.order_by("history_id")][-1] == 45


def test_a_report_without_a_date_is_dated_today(programme):
    project = programme.project(programme.fire, status=Status.APPROVED)
    update = report(project, actor=programme.office)
    assert update.date == timezone.localdate()


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.COMPLETED, Status.CANCELLED])
def test_progress_is_reported_only_while_the_project_is_approved_or_in_progress(programme, status):
    project = programme.project(programme.fire, status=status)
    with pytest.raises(ApplicationError) as error:
        report(project, actor=programme.office)
    assert error.value.message_dict["status"] == [
        "Status: progress is reported while a project is approved or in progress; "
        f"this one is “{Status(status).label}”."
    ]
    assert not ProjectUpdate.objects.filter(project=project, status="").exists()


def test_a_verified_project_takes_no_more_reports(programme):
    project = programme.project(programme.fire, status=Status.VERIFIED)
    with pytest.raises(ApplicationError, match="a verified project is closed"):
        report(project, actor=programme.office)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"note": "  "}, "note", "Note: say what was done since the last update."),
        ({"progress": 101}, "progress", "Progress: must be between 0 and 100 percent; 101 was given."),
        ({"progress": -5}, "progress", "Progress: must be between 0 and 100 percent; -5 was given."),
        (
            {"date": timezone.localdate() + datetime.timedelta(days=1)},
            "date",
            "Date: a progress update cannot be dated in the future.",
        ),
    ],
)
def test_a_report_is_refused_with_the_rule_it_breaks(programme, changes, field, message):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    with pytest.raises(ApplicationError) as error:
        report(project, actor=programme.fire.representative, **changes)
    assert error.value.message_dict[field] == [message]
    project.refresh_from_db()
    assert project.progress == 0
    assert not ProjectUpdate.objects.filter(project=project, status="").exists()


def test_a_report_is_not_dated_before_the_project_started(programme):
    project = programme.project(
        programme.fire, status=Status.IN_PROGRESS, start_date=datetime.date(2023, 3, 21)
    )
    with pytest.raises(ApplicationError) as error:
        report(project, actor=programme.office, date=datetime.date(2023, 3, 20))
    assert error.value.message_dict["date"] == [
        "Date: a progress update cannot be dated before the project started (1402/01/01)."
    ]


def test_a_report_made_on_a_stale_copy_is_refused(programme):
    # Given two people who opened the same project; the first reports
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    opened = project.updated_at
    report(project, actor=programme.fire.representative, progress=30)

    # When the second reports on the copy they opened
    with pytest.raises(StaleCopy, match="Someone else changed this record"):
        report(project, actor=programme.office, progress=60, version=opened)

    # Then only the first report counts
    project.refresh_from_db()
    assert project.progress == 30
    assert ProjectUpdate.objects.filter(project=project, status="").count() == 1


def test_a_report_without_the_version_loaded_is_refused(programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    with pytest.raises(ApplicationError, match="does not say which version"):
        report(project, actor=programme.office, version=None)


def test_another_units_representative_and_a_manager_cannot_report(programme):
    project = programme.project(programme.fire, status=Status.IN_PROGRESS)
    for outsider in (programme.metro.representative, programme.manager):
        with pytest.raises(AccessDenied) as denied:
            report(project, actor=outsider)
        assert denied.value.messages == [
            "This project is kept up by its unit's representatives or the programme office."
        ]
    assert not ProjectUpdate.objects.filter(project=project, status="").exists()


def test_every_status_change_leaves_a_timeline_entry_with_its_note(programme):
    project = programme.project(programme.fire, status=Status.VERIFIED)
    entries = list(ProjectUpdate.objects.filter(project=project).order_by("id"))
    assert [entry.status for entry in entries] == [
        Status.APPROVED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.VERIFIED,
    ]
    assert {entry.author for entry in entries} == {programme.office}
    assert entries[-1].note == "صورتجلسه بازبینی دیده شد." and entries[-1].progress == 100


def test_a_refused_status_change_leaves_no_timeline_entry(programme):
    project = programme.project(programme.fire)
    with pytest.raises(AccessDenied):
        improvement_project_transition(
            actor=programme.fire.representative, project=project, to_status=Status.APPROVED
        )
    assert not ProjectUpdate.objects.filter(project=project).exists()
