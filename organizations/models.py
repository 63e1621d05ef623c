from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from excellence.fields import PersianCharField
from excellence.history import history_user
from excellence.languages import is_english
from excellence.models import TimeStampedModel


class Organization(TimeStampedModel):
    """A unit of the municipality that is assessed: an organization (سازمان) or a company (شرکت)."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        COMPANY = "company", _("Company")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("A stable short code in Latin capitals, for example FIRE."),
    )
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Made by seed_demo: a plausible unit, not an official record."),
    )

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["organization", "company"]),
                name="organization_kind_valid",
                violation_error_message=_("Kind: choose organization or company."),
            ),
            models.CheckConstraint(
                condition=models.Q(code=Upper("code")) & ~models.Q(code=""),
                name="organization_code_upper_not_empty",
                violation_error_message=_("Code: use Latin capital letters, for example FIRE."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the active language, falling back to Persian."""
        if is_english() and self.name_en:
            return self.name_en
        return self.name_fa


class OrganizationMember(TimeStampedModel):
    """A person who speaks for an assessed unit: sees its released results, keeps its projects."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Unit representative")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organization_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["organization_id", "user_id"]
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                name="organization_member_unique",
                violation_error_message=_("User: this person is already a member of the organization."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organization}"
