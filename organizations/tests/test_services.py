import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.models import Organization, OrganizationMember
from organizations.services import (
    organization_create,
    organization_member_add,
    organization_member_remove,
    organization_update,
)
from organizations.tests.factories import OrganizationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_an_organization_is_stored_with_an_upper_case_code_and_persian_letters():
    organization = organization_create(
        actor=COMMAND_LINE, code=" fire ", name_fa="سازمان آتش‌نشاني", kind="organization"
    )
    organization.refresh_from_db()
    assert (organization.code, organization.name_fa) == ("FIRE", "سازمان آتش‌نشانی")


def test_a_duplicate_code_is_refused_with_the_code_named():
    OrganizationFactory(code="FIRE")
    with pytest.raises(ApplicationError) as error:
        organization_create(actor=COMMAND_LINE, code="fire", name_fa="دیگر", kind="company")
    assert error.value.message_dict["code"] == ["Code: an organization with the code FIRE already exists."]
    assert Organization.objects.count() == 1


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as error:
        organization_create(actor=COMMAND_LINE, code="X", name_fa="ایکس", kind="ministry")
    assert error.value.message_dict["kind"] == ["Value 'ministry' is not a valid choice."]
    assert not Organization.objects.exists()


def test_update_saves_only_what_changed_and_keeps_history():
    organization = OrganizationFactory(code="PARKS", name_en="Parks")
    organization_update(
        actor=COMMAND_LINE,
        organization=organization,
        expected_updated_at=organization.updated_at,
        data={"name_en": "Parks and Green Space", "code": "parks"},
    )
    organization.refresh_from_db()
    assert (organization.code, organization.name_en) == ("PARKS", "Parks and Green Space")
    assert organization.history.count() == 2


def test_a_person_represents_an_organization_once():
    organization, user = OrganizationFactory(), UserFactory()
    organization_member_add(actor=COMMAND_LINE, organization=organization, user=user)
    with pytest.raises(ApplicationError) as error:
        organization_member_add(actor=COMMAND_LINE, organization=organization, user=user)
    assert error.value.message_dict["user"] == [f"User: {user} is already a member of {organization}."]


def test_name_follows_the_active_language():
    organization = OrganizationFactory(name_fa="سازمان پارک‌ها", name_en="Parks Organization")
    with translation.override("fa"):
        assert organization.name == "سازمان پارک‌ها"
    with translation.override("en"):
        assert organization.name == "Parks Organization"


def test_a_representative_is_removed_and_history_keeps_who_it_was():
    organization, user = OrganizationFactory(), UserFactory()
    member = organization_member_add(actor=COMMAND_LINE, organization=organization, user=user)
    member_id = member.pk

    organization_member_remove(actor=COMMAND_LINE, member=member)

    assert not organization.members.exists()
    assert [record.history_type for record in OrganizationMember.history.filter(id=member_id)] == ["-", "+"]
