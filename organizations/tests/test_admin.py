"""The organization admin: Persian-normalized search, saves through organizations.services."""

import pytest
from django.urls import reverse

from organizations.models import Organization, OrganizationMember
from organizations.tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:organizations_organization_add")


@pytest.fixture
def admin_en(admin_client):
    admin_client.cookies["django_language"] = "en"
    return admin_client


def organization_data(**changes):
    data = {
        "code": "QUALITY",
        "name_fa": "سازمان مدیریت کیفیت",
        "name_en": "Quality Management Organization",
        "kind": Organization.Kind.ORGANIZATION,
        "is_active": "on",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_search_with_arabic_kaf_and_yeh_finds_the_persian_name(admin_client):
    # given an organization whose name is stored in Persian spelling
    wanted = OrganizationFactory(name_fa="سازمان مدیریت کیفیت")
    OrganizationFactory(name_fa="سازمان آتش‌نشانی")

    # when searched with Arabic kaf and yeh
    response = admin_client.get(reverse("admin:organizations_organization_changelist"), {"q": "كيفيت"})

    # then it is found, and only it
    assert list(response.context["cl"].result_list) == [wanted]


def test_a_name_typed_with_arabic_letters_is_stored_in_persian(admin_en):
    response = admin_en.post(ADD_URL, organization_data(code="quality", name_fa="سازمان مديريت كيفيت"))

    assert response.status_code == 302
    organization = Organization.objects.get(code="QUALITY")
    assert organization.name_fa == "سازمان مدیریت کیفیت"


def test_a_duplicate_code_shows_the_services_message_and_saves_nothing(admin_en):
    OrganizationFactory(code="QUALITY")

    response = admin_en.post(ADD_URL, organization_data())

    assert response.context["adminform"].form.errors["code"] == [
        "Code: an organization with the code QUALITY already exists."
    ]
    assert Organization.objects.filter(code="QUALITY").count() == 1


def test_an_organization_is_created_with_its_representative_in_one_save(admin_en):
    user = UserFactory()
    data = organization_data(
        **{"members-TOTAL_FORMS": "1", "members-0-user": str(user.pk), "members-0-role": "representative"}
    )

    response = admin_en.post(ADD_URL, data)

    assert response.status_code == 302
    assert OrganizationMember.objects.filter(organization__code="QUALITY", user=user).exists()


def test_a_refused_representative_rolls_back_the_organization_too(admin_en):
    user = UserFactory()
    data = organization_data(
        **{
            "members-TOTAL_FORMS": "2",
            "members-0-user": str(user.pk),
            "members-0-role": "representative",
            "members-1-user": str(user.pk),
            "members-1-role": "representative",
        }
    )

    response = admin_en.post(ADD_URL, data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.forms[1].errors
    assert not Organization.objects.filter(code="QUALITY").exists()
    assert not OrganizationMember.objects.filter(user=user).exists()


def test_changing_an_organization_goes_through_the_service(admin_en):
    organization = OrganizationFactory(code="FIRE", name_fa="آتش‌نشانی")
    url = reverse("admin:organizations_organization_change", args=[organization.pk])

    response = admin_en.post(
        url,
        organization_data(
            code="fire", name_fa="سازمان آتش‌نشانی", loaded_version=organization.updated_at.isoformat()
        ),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.code, organization.name_fa) == ("FIRE", "سازمان آتش‌نشانی")
