"""A save made on a copy someone else changed meanwhile is refused, never silently overwritten."""

import re

import pytest

from excellence.roles import COMMAND_LINE
from organizations.models import Organization
from organizations.services import organization_update
from organizations.tests.factories import OrganizationFactory

from .conftest import admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def loaded_version(response) -> str:
    match = re.search(rb'name="loaded_version" value="([^"]+)"', response.content)
    assert match, "the change form carries the version it was opened on"
    return match.group(1).decode()


def test_a_save_on_a_stale_copy_is_refused_and_keeps_the_other_change(admin_en):
    # Given an office member who opened a unit's page
    organization = OrganizationFactory(code="PARKS", name_en="Parks")
    page = admin_en.get(admin_url(organization, "change"))
    data = {**form_data(page, name_en="Parks (mine)"), "loaded_version": loaded_version(page)}
    # and a colleague who changed the same unit meanwhile
    organization_update(
        actor=COMMAND_LINE,
        organization=organization,
        expected_updated_at=organization.updated_at,
        data={"name_en": "Parks (theirs)"},
    )

    # When the first one saves
    response = admin_en.post(admin_url(organization, "change"), data)

    # Then nothing is saved and the page says why
    assert response.status_code == 200
    assert any(message.startswith("Someone else changed this record at") for message in page_errors(response))
    assert Organization.objects.get(pk=organization.pk).name_en == "Parks (theirs)"


def test_a_save_on_the_current_copy_goes_through(admin_en):
    organization = OrganizationFactory(code="FIRE", name_en="Fire")
    page = admin_en.get(admin_url(organization, "change"))
    data = {**form_data(page, name_en="Fire and Safety"), "loaded_version": loaded_version(page)}

    response = admin_en.post(admin_url(organization, "change"), data)

    assert response.status_code == 302, page_errors(response)
    assert Organization.objects.get(pk=organization.pk).name_en == "Fire and Safety"


def test_a_forged_version_is_treated_as_stale(admin_en):
    organization = OrganizationFactory(code="TAXI", name_en="Taxi")
    page = admin_en.get(admin_url(organization, "change"))
    data = {**form_data(page, name_en="Taxi!"), "loaded_version": "not-a-date"}

    response = admin_en.post(admin_url(organization, "change"), data)

    assert response.status_code == 200
    assert Organization.objects.get(pk=organization.pk).name_en == "Taxi"
