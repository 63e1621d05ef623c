"""The people who assess, and the units they may not assess."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from excellence.fields import PersianCharField, PersianTextField
from excellence.history import history_user
from excellence.models import TimeStampedModel
from organizations.models import Organization


class Assessor(TimeStampedModel):
    """An assessor (ارزیاب): internal, with a home organization, or external, with an affiliation."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="assessor",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    home_organization = models.ForeignKey(
        Organization,
        verbose_name=_("home organization"),
        on_delete=models.PROTECT,
        related_name="home_assessors",
        null=True,
        blank=True,
    )
    affiliation = PersianCharField(_("affiliation"), max_length=200, blank=True)
    qualifications = PersianTextField(_("qualifications"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["id"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="internal", home_organization__isnull=False)
                    | models.Q(kind="external", home_organization__isnull=True)
                ),
                name="assessor_home_organization_matches_kind",
                violation_error_message=_(
                    "Home organization: an internal assessor needs one; an external assessor has none."
                ),
            ),
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_internal(self):
        return self.kind == self.Kind.INTERNAL


class ConflictOfInterest(TimeStampedModel):
    """A declared reason why an assessor must not assess an organization."""

    assessor = models.ForeignKey(
        Assessor, verbose_name=_("assessor"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="assessor_conflicts",
    )
    reason = PersianTextField(_("reason"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["assessor_id", "organization_id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["assessor", "organization"],
                name="conflict_of_interest_unique",
                violation_error_message=_("Organization: this conflict of interest is already declared."),
            ),
        ]

    def __str__(self):
        return f"{self.assessor} ✕ {self.organization}"
