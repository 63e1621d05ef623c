"""Improvement projects (پروژه بهبود) an organization defines to answer its improvement points."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from excellence import jalali
from excellence.fields import PersianCharField, PersianTextField
from excellence.history import history_user
from excellence.models import TimeStampedModel
from organizations.models import Organization

from .assessment import Finding
from .cycle import Cycle


class ImprovementProject(TimeStampedModel):
    """A project an organization runs in a cycle, linked to the improvement points it answers."""

    class Category(models.TextChoices):
        STRATEGY = "strategy", _("Strategy")
        STAKEHOLDERS = "stakeholders", _("Stakeholder management")
        HUMAN_CAPITAL = "human_capital", _("Human capital")
        PROCESSES = "processes", _("Process management")
        RESULTS = "results", _("Results")
        INDICATORS = "indicators", _("Indicators")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        VERIFIED = "verified", _("Verified")
        CANCELLED = "cancelled", _("Cancelled")

    # The six sections the programme reports on; `other` is everything else.
    SECTIONS = [
        Category.STRATEGY,
        Category.STAKEHOLDERS,
        Category.HUMAN_CAPITAL,
        Category.PROCESSES,
        Category.RESULTS,
        Category.INDICATORS,
    ]

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="improvement_projects",
    )
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        related_name="improvement_projects",
    )
    title = PersianCharField(_("title"), max_length=300)
    description = PersianTextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_improvement_projects",
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    improvement_points = models.ManyToManyField(
        Finding,
        verbose_name=_("improvement points"),
        related_name="improvement_projects",
        blank=True,
    )
    verification_note = PersianTextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        related_name="verified_improvement_projects",
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[improvement_points], get_user=history_user)

    class Meta:
        ordering = ["cycle_id", "organization_id", "id"]
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        indexes = [models.Index(fields=["cycle", "organization", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="project_progress_0_100",
                violation_error_message=_("Progress: must be between 0 and 100 percent."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(due_date__isnull=True)
                    | models.Q(start_date__isnull=True)
                    | models.Q(due_date__gte=models.F("start_date"))
                ),
                name="project_due_not_before_start",
                violation_error_message=_("Due date: a project cannot be due before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(verified_by=models.F("owner")),
                name="project_verifier_not_owner",
                violation_error_message=_(
                    "Verified by: a project is verified by someone other than its owner."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    ~models.Q(status="verified")
                    | models.Q(verified_by__isnull=False, verified_at__isnull=False)
                ),
                name="project_verified_has_verifier",
                violation_error_message=_(
                    "Verified by: a verified project records who verified it and when."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    category__in=[
                        "strategy",
                        "stakeholders",
                        "human_capital",
                        "processes",
                        "results",
                        "indicators",
                        "other",
                    ]
                ),
                name="project_category_valid",
                violation_error_message=_("Category: choose one of the project categories."),
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""),
                name="project_title_not_empty",
                violation_error_message=_("Title: a project needs a title."),
            ),
        ]

    def __str__(self):
        return self.title


class ProjectUpdate(TimeStampedModel):
    """One dated entry on a project's timeline: progress reported with a note, or a status reached.

    Entries are only ever added: the timeline is the project's own account of how it went.
    A progress report (`status` empty) always says what was done; a status change may carry
    the note its mover gave.
    """

    project = models.ForeignKey(
        ImprovementProject,
        verbose_name=_("improvement project"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    date = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(
        _("status reached"),
        max_length=20,
        choices=ImprovementProject.Status.choices,
        blank=True,
        help_text=_("Empty for a progress report; the new status for a status change."),
    )
    note = PersianTextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="improvement_project_updates",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["project_id", "-date", "-id"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        indexes = [models.Index(fields=["project", "date"], name="project_update_timeline_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="project_update_progress_0_100",
                violation_error_message=_("Progress: must be between 0 and 100 percent."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="", note=""),
                name="project_update_report_has_note",
                violation_error_message=_("Note: say what was done since the last update."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "",
                        "proposed",
                        "approved",
                        "in_progress",
                        "completed",
                        "verified",
                        "cancelled",
                    ]
                ),
                name="project_update_status_valid",
                violation_error_message=_("Status: choose one of the project statuses."),
            ),
        ]

    def __str__(self):
        return f"{self.project} — {jalali.format_date(self.date)} — {self.progress}%"
