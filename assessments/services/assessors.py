"""Assessors and their declared conflicts of interest."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.roles import ensure_programme_admin
from excellence.updates import locked_current, model_update, save_new
from organizations.models import Organization

from ..models import Assessor, ConflictOfInterest

ASSESSOR_FIELDS = ["kind", "home_organization", "affiliation", "qualifications", "is_active"]


def _validate_kind(*, kind: str, home_organization: Organization | None) -> None:
    if kind == Assessor.Kind.INTERNAL and home_organization is None:
        raise ApplicationError(
            _("Home organization: an internal assessor needs a home organization."),
            field="home_organization",
            code="internal_needs_home",
        )
    if kind == Assessor.Kind.EXTERNAL and home_organization is not None:
        raise ApplicationError(
            _("Home organization: an external assessor has an affiliation, not a home organization."),
            field="home_organization",
            code="external_has_home",
        )


@records_actor
@transaction.atomic
def assessor_create(
    *,
    actor,
    user,
    kind: str,
    home_organization: Organization | None = None,
    affiliation: str = "",
    qualifications: str = "",
    is_active: bool = True,
) -> Assessor:
    ensure_programme_admin(actor)
    _validate_kind(kind=kind, home_organization=home_organization)
    assessor = Assessor(
        user=user,
        kind=kind,
        home_organization=home_organization,
        affiliation=affiliation,
        qualifications=qualifications,
        is_active=is_active,
    )
    return save_new(
        assessor,
        refusal=ApplicationError(
            _("User: %(user)s is already an assessor."),
            field="user",
            code="assessor_duplicate",
            params={"user": user},
        ),
    )


@records_actor
@transaction.atomic
def assessor_update(*, actor, assessor: Assessor, expected_updated_at, data: dict) -> Assessor:
    ensure_programme_admin(actor)
    assessor = locked_current(assessor, expected_updated_at=expected_updated_at)
    _validate_kind(
        kind=data.get("kind", assessor.kind),
        home_organization=data.get("home_organization", assessor.home_organization),
    )
    assessor, _changed = model_update(instance=assessor, fields=ASSESSOR_FIELDS, data=data)
    return assessor


@records_actor
@transaction.atomic
def conflict_of_interest_declare(
    *, actor, assessor: Assessor, organization: Organization, reason: str
) -> ConflictOfInterest:
    ensure_programme_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Reason: say why the assessor must not assess this organization."), field="reason"
        )
    if ConflictOfInterest.objects.filter(assessor=assessor, organization=organization).exists():
        raise ApplicationError(
            _(
                "Organization: a conflict of interest of %(assessor)s with %(organization)s "
                "is already declared."
            ),
            field="organization",
            params={"assessor": assessor, "organization": organization},
        )
    conflict = ConflictOfInterest(assessor=assessor, organization=organization, reason=reason)
    conflict.full_clean()
    conflict.save()
    return conflict


@records_actor
@transaction.atomic
def conflict_of_interest_withdraw(*, actor, conflict: ConflictOfInterest) -> None:
    """Withdraw a declared conflict; history keeps that it was declared and by whom it was removed.

    Teams already formed are unaffected; the assessor may be assigned again from now on.
    """
    ensure_programme_admin(actor)
    conflict.delete()
