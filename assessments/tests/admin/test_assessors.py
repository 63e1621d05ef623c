"""Assessors and declared conflicts of interest, written through the assessor services."""

import pytest

from assessments.models import Assessor, ConflictOfInterest
from organizations.tests.factories import OrganizationFactory, UserFactory

from .conftest import add_inline_row, admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def test_an_internal_assessor_without_a_home_organization_is_refused_beside_the_field(admin_en):
    user = UserFactory()
    page = admin_en.get(admin_url(Assessor, "add"))

    response = admin_en.post(admin_url(Assessor, "add"), form_data(page, user=str(user.pk), kind="internal"))

    assert response.context["adminform"].form.errors["home_organization"] == [
        "Home organization: an internal assessor needs a home organization."
    ]
    assert not Assessor.objects.filter(user=user).exists()


def test_a_conflict_is_declared_on_the_assessors_page(admin_en, unit):
    assessor = unit.team.get(role="leader").assessor
    organization = OrganizationFactory()
    page = admin_en.get(admin_url(assessor, "change"))
    data = add_inline_row(
        form_data(page), "conflicts", organization=str(organization.pk), reason="عضو هیئت‌مدیره"
    )

    response = admin_en.post(admin_url(assessor, "change"), data)

    assert response.status_code == 302, page_errors(response)
    assert ConflictOfInterest.objects.filter(assessor=assessor, organization=organization).count() == 1


def test_declaring_the_same_conflict_twice_shows_the_services_message(admin_en, unit):
    existing = ConflictOfInterest.objects.get(assessor__assignments__assessment=unit)
    page = admin_en.get(admin_url(existing.assessor, "change"))
    data = add_inline_row(
        form_data(page), "conflicts", organization=str(existing.organization_id), reason="دوباره"
    )

    response = admin_en.post(admin_url(existing.assessor, "change"), data)

    assert any("is already declared" in message for message in page_errors(response)), page_errors(response)
    assert ConflictOfInterest.objects.filter(assessor=existing.assessor).count() == 1


def test_assessor_search_finds_arabic_spellings(admin_en, unit):
    user = UserFactory(first_name="کاظم", last_name="یزدی")
    Assessor.objects.create(user=user, kind="external", affiliation="دانشگاه")

    response = admin_en.get(admin_url(Assessor, "changelist"), {"q": "كاظم يزدي"})

    assert [assessor.user for assessor in response.context["cl"].result_list] == [user]


def test_a_declared_conflict_is_withdrawn_from_its_delete_page_and_history_keeps_it(admin_en, unit):
    conflict = ConflictOfInterest.objects.get(assessor__assignments__assessment=unit)
    conflict_id = conflict.pk

    response = admin_en.post(admin_url(conflict, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not ConflictOfInterest.objects.filter(pk=conflict_id).exists()
    assert ConflictOfInterest.history.filter(id=conflict_id, history_type="-").count() == 1
