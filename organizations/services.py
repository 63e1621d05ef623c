"""Writes to the assessed units and the people who represent them."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.roles import ensure_programme_admin
from excellence.updates import locked_current, model_update, save_new

from .models import Organization, OrganizationMember

ORGANIZATION_FIELDS = ["code", "name_fa", "name_en", "kind", "is_active", "is_demo"]


# Codes name units in addresses, files and exports: Latin capitals, digits and "-" only, so that
# an invisible character (a zero-width non-joiner after FIRE) cannot make a second "FIRE".
CODE_PATTERN = re.compile(r"[A-Z0-9-]+")


def _clean_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE_PATTERN.fullmatch(code):
        others = sorted({character for character in code if not CODE_PATTERN.fullmatch(character)})
        raise ApplicationError(
            _(
                "Code: use only Latin capital letters, digits and “-” (for example FIRE or ZONE-12); "
                "%(code)s contains %(characters)s."
            ),
            field="code",
            code="organization_code_characters",
            params={
                "code": f"“{code}”",
                "characters": ", ".join(
                    character
                    if character.isprintable() and not character.isspace()
                    else f"U+{ord(character):04X}"
                    for character in others
                )
                or _("nothing"),
            },
        )
    return code


@records_actor
@transaction.atomic
def organization_create(
    *,
    actor,
    code: str,
    name_fa: str,
    kind: str,
    name_en: str = "",
    is_active: bool = True,
    is_demo: bool = False,
) -> Organization:
    ensure_programme_admin(actor)
    code = _clean_code(code)
    duplicate = ApplicationError(
        _("Code: an organization with the code %(code)s already exists."),
        field="code",
        code="organization_duplicate",
        params={"code": code},
    )
    if Organization.objects.filter(code=code).exists():
        raise duplicate
    organization = Organization(
        code=code, name_fa=name_fa, name_en=name_en, kind=kind, is_active=is_active, is_demo=is_demo
    )
    return save_new(organization, refusal=duplicate)


@records_actor
@transaction.atomic
def organization_update(
    *, actor, organization: Organization, expected_updated_at, data: dict
) -> Organization:
    ensure_programme_admin(actor)
    organization = locked_current(organization, expected_updated_at=expected_updated_at)
    if "code" in data:
        data = {**data, "code": _clean_code(data["code"])}
    organization, _changed = model_update(instance=organization, fields=ORGANIZATION_FIELDS, data=data)
    return organization


@records_actor
@transaction.atomic
def organization_member_add(
    *, actor, organization: Organization, user, role: str = OrganizationMember.Role.REPRESENTATIVE
) -> OrganizationMember:
    ensure_programme_admin(actor)
    duplicate = ApplicationError(
        _("User: %(user)s is already a member of %(organization)s."),
        field="user",
        code="member_duplicate",
        params={"user": user, "organization": organization},
    )
    if OrganizationMember.objects.filter(organization=organization, user=user).exists():
        raise duplicate
    member = OrganizationMember(organization=organization, user=user, role=role)
    return save_new(member, refusal=duplicate)


@records_actor
@transaction.atomic
def organization_member_remove(*, actor, member: OrganizationMember) -> None:
    """The person no longer speaks for the unit; the change history keeps that they did."""
    ensure_programme_admin(actor)
    member.delete()
