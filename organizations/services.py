"""Writes to the assessed units and the people who represent them."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.updates import model_update

from .models import Organization, OrganizationMember

ORGANIZATION_FIELDS = ["code", "name_fa", "name_en", "kind", "is_active", "is_demo"]


def _clean_code(code: str) -> str:
    return (code or "").strip().upper()


@transaction.atomic
def organization_create(
    *,
    code: str,
    name_fa: str,
    kind: str,
    name_en: str = "",
    is_active: bool = True,
    is_demo: bool = False,
) -> Organization:
    code = _clean_code(code)
    if Organization.objects.filter(code=code).exists():
        raise ApplicationError(
            _("Code: an organization with the code %(code)s already exists."),
            field="code",
            params={"code": code},
        )
    organization = Organization(
        code=code, name_fa=name_fa, name_en=name_en, kind=kind, is_active=is_active, is_demo=is_demo
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict) -> Organization:
    if "code" in data:
        data = {**data, "code": _clean_code(data["code"])}
    organization, _changed = model_update(instance=organization, fields=ORGANIZATION_FIELDS, data=data)
    return organization


@transaction.atomic
def organization_member_add(
    *, organization: Organization, user, role: str = OrganizationMember.Role.REPRESENTATIVE
) -> OrganizationMember:
    if OrganizationMember.objects.filter(organization=organization, user=user).exists():
        raise ApplicationError(
            _("User: %(user)s is already a member of %(organization)s."),
            field="user",
            params={"user": user, "organization": organization},
        )
    member = OrganizationMember(organization=organization, user=user, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def organization_member_remove(*, member: OrganizationMember) -> None:
    """The person no longer speaks for the unit; the change history keeps that they did."""
    member.delete()
