"""Improvement projects: saved through the project services, verified on their own page with a note."""

import datetime

import pytest

from assessments.models import Cycle, ImprovementProject

from .conftest import admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def completed_project(unit, **changes):
    project = ImprovementProject.objects.get(organization=unit.organization, cycle=unit.cycle)
    ImprovementProject.objects.filter(pk=project.pk).update(
        status=ImprovementProject.Status.COMPLETED, progress=100, **changes
    )
    project.refresh_from_db()
    return project


def verify(client, project, note):
    return client.post(admin_url(project, "verify"), {"apply": "1", "verification_note": note})


def test_verifying_needs_a_note(admin_en, unit):
    project = completed_project(unit)

    response = verify(admin_en, project, "")

    assert response.context["form"].errors["verification_note"] == [
        "Verification note: say what was checked."
    ]
    project.refresh_from_db()
    assert project.status == ImprovementProject.Status.COMPLETED


def test_the_owner_cannot_verify_their_own_project(admin_en, admin_user, unit):
    project = completed_project(unit, owner=admin_user)

    response = verify(admin_en, project, "بازدید میدانی انجام شد.")

    assert response.context["form"].non_field_errors() == [
        "Verified by: a project is verified by someone other than its owner."
    ]
    project.refresh_from_db()
    assert project.verified_by is None


def test_verifying_records_who_verified_and_closes_the_project(admin_en, admin_user, unit):
    project = completed_project(unit)

    response = verify(admin_en, project, "بازدید میدانی انجام شد.")
    page = admin_en.get(admin_url(project, "change"))

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.verified_by, project.verification_note) == (
        ImprovementProject.Status.VERIFIED,
        admin_user,
        "بازدید میدانی انجام شد.",
    )
    assert page.context["has_change_permission"] is False


def test_the_verify_link_shows_on_a_completed_project(admin_en, unit):
    project = completed_project(unit)

    page = admin_en.get(admin_url(project, "change"))

    assert admin_url(project, "verify") in page.content.decode()


def test_editing_a_project_goes_through_the_service(admin_en, unit):
    project = ImprovementProject.objects.get(organization=unit.organization)
    page = admin_en.get(admin_url(project, "change"))

    refused = admin_en.post(admin_url(project, "change"), form_data(page, progress="120"))
    saved = admin_en.post(
        admin_url(project, "change"),
        form_data(page, progress="۴۰", status="approved", start_date="1401/10/01"),
    )

    assert refused.context["adminform"].form.errors["progress"] == [
        "Progress: must be between 0 and 100 percent; 120 was given."
    ]
    assert saved.status_code == 302, page_errors(saved)
    project.refresh_from_db()
    assert (project.progress, project.status, project.start_date) == (
        40,
        "approved",
        datetime.date(2022, 12, 22),
    )


def offered_statuses(admin_client, project):
    page = admin_client.get(admin_url(project, "change"))
    return [value for value, _label in page.context["adminform"].form.fields["status"].choices]


def test_the_status_offers_only_the_allowed_next_steps(admin_en, unit):
    project = ImprovementProject.objects.get(organization=unit.organization)
    Status = ImprovementProject.Status

    assert offered_statuses(admin_en, project) == [Status.PROPOSED, Status.APPROVED, Status.CANCELLED]
    ImprovementProject.objects.filter(pk=project.pk).update(status=Status.COMPLETED)
    # Verifying is the Verify page's, with a note.
    assert offered_statuses(admin_en, project) == [Status.IN_PROGRESS, Status.COMPLETED]


def test_projects_of_a_closed_cycle_are_read_only(admin_en, unit):
    project = ImprovementProject.objects.get(organization=unit.organization)
    Cycle.objects.filter(pk=unit.cycle_id).update(status=Cycle.Status.CLOSED)

    refused = admin_en.post(admin_url(project, "change"), {"progress": "50"})

    assert refused.status_code == 403
