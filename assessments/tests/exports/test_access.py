"""Who may download which declaration: the access layer decides, for the page and both downloads."""

import pytest
from django.urls import reverse

from assessments import access
from assessments.models import Assessment
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

from .conftest import programme_download, reopen, sheet_rows
from .programme import admin_user, manager_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def programme_url(year=1401):
    return reverse("declaration_programme", args=[year])


def unit_url(code, year=1401):
    return reverse("declaration_unit", args=[year, code])


@pytest.fixture
def representative(units):
    user = UserFactory(username="rep-fire")
    OrganizationMember.objects.create(organization=units["FIRE"].assessment.organization, user=user)
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client, units):
    for url in (reverse("declarations"), programme_url(), unit_url("FIRE")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_an_admin_downloads_every_units_and_the_programmes_workbook(
    client, units, django_capture_on_commit_callbacks
):
    client.force_login(admin_user())

    _job, programme = programme_download(client, django_capture_on_commit_callbacks)
    unreleased = client.get(unit_url("METRO"))

    assert programme.status_code == 200 and programme["Content-Type"] == XLSX
    assert programme["Content-Disposition"] == 'attachment; filename="declarations-1401.xlsx"'
    summary = sheet_rows(reopen(b"".join(programme.streaming_content)).worksheets[0])
    assert sorted(row["کد واحد"] for row in summary) == ["BUS", "FIRE", "METRO"]
    assert unreleased.status_code == 200
    assert unreleased["Content-Disposition"] == 'attachment; filename="declaration-1401-METRO.xlsx"'


def test_a_manager_exports_released_results_only(client, units, django_capture_on_commit_callbacks):
    client.force_login(manager_user())

    _job, programme = programme_download(client, django_capture_on_commit_callbacks)
    released = client.get(unit_url("FIRE"))
    unreleased = client.get(unit_url("METRO"))
    page = client.get(reverse("declarations"))

    summary = sheet_rows(reopen(b"".join(programme.streaming_content)).worksheets[0])
    assert sorted(row["کد واحد"] for row in summary) == ["BUS", "FIRE"]
    assert released.status_code == 200
    assert unreleased.status_code == 403
    assert "اظهارنامه‌ها را دفتر برنامه صادر می‌کند" in unreleased.content.decode()
    listed = [assessment.organization.code for assessment in page.context["page_obj"].object_list]
    assert listed == ["BUS", "FIRE"]


def test_a_representative_may_not_export_even_their_own_unit(client, units, representative):
    client.force_login(representative)

    assert client.get(reverse("declarations")).status_code == 403
    assert client.get(programme_url()).status_code == 403
    assert client.get(unit_url("FIRE")).status_code == 403  # released, visible to them: forbidden
    assert client.get(unit_url("BUS")).status_code == 404  # another unit: not found


def test_an_assessor_may_not_export_their_teams_unit(client, units):
    client.force_login(units["METRO"].leader.user)

    assert client.get(reverse("declarations")).status_code == 403
    assert client.get(programme_url()).status_code == 403
    assert client.get(unit_url("METRO")).status_code == 403  # their team's: forbidden
    assert client.get(unit_url("FIRE")).status_code == 404  # another team's: not found


def test_unknown_cycles_and_units_are_not_found(client, units):
    client.force_login(admin_user())
    assert client.get(programme_url(1399)).status_code == 404
    assert client.get(unit_url("NOPE")).status_code == 404
    assert client.get(unit_url("FIRE", year=1399)).status_code == 404


def test_the_access_layer_names_the_exportable_assessments(units):
    admin, manager, nobody = admin_user(), manager_user(), UserFactory()
    metro = units["METRO"].assessment

    assert access.assessments_exportable(admin).count() == 3
    assert set(access.assessments_exportable(manager).values_list("status", flat=True)) == {
        Assessment.Status.RELEASED
    }
    assert access.assessments_exportable(nobody).count() == 0
    assert access.can(admin, "declaration.export", metro)
    assert access.can(manager, "declaration.export") and not access.can(manager, "declaration.export", metro)
    assert access.can(manager, "declaration.export", units["FIRE"].assessment)
    assert not access.can(nobody, "declaration.export")


def test_the_home_page_offers_the_declarations_to_those_who_may_export(client, units, representative):
    client.force_login(admin_user())
    page = client.get(reverse("home")).content.decode()
    assert reverse("declarations") in page and programme_url() in page

    client.force_login(representative)
    page = client.get(reverse("home")).content.decode()
    assert reverse("declarations") not in page and programme_url() not in page


def test_the_declarations_page_lists_a_chosen_cycle(client, units, fw):
    client.force_login(admin_user())
    response = client.get(reverse("declarations"), {"cycle": "1401"})
    page = response.content.decode()
    assert response.status_code == 200
    assert programme_url() in page and unit_url("METRO") in page
    assert response.context["cycle"] == fw.cycle
