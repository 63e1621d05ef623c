"""Declaration exports that run in the background: who asked for which workbook, and how far it is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from excellence.models import TimeStampedModel

from .cycle import Cycle


class DeclarationExportJob(TimeStampedModel):
    """One request for a cycle's programme workbook, written by a task; its file is kept and
    offered again (to the same person, in the same language and scope) while the cycle's
    data version (`services/export_jobs.py: declaration_data_version`) stays the same."""

    class Scope(models.TextChoices):
        ALL = "all", _("Every unit")
        RELEASED = "released", _("Released results only")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="declaration_export_jobs",
    )
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="declaration_export_jobs"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    # A name inside settings.DECLARATION_EXPORTS_DIR, never a path from outside.
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    data_version = models.CharField(_("data version"), max_length=64)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("declaration export")
        verbose_name_plural = _("declaration exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_by", "cycle", "scope", "language", "data_version"],
                name="export_job_reuse",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total")) | models.Q(rows_total=0),
                name="export_job_rows_done_within_total",
                violation_error_message=_("Rows written: cannot be more than the rows in all."),
            ),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.requested_by} · {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
