"""Yearly rounds of the programme and the rating schemes that turn points into stars."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from excellence.fields import PersianCharField
from excellence.history import history_user
from excellence.models import TimeStampedModel

from .framework import Framework


class RatingScheme(TimeStampedModel):
    """An ordered table of point bands, each giving a level and 0–4 stars (جدول سطح‌بندی)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="rating_scheme_one_default",
                violation_error_message=_("Default: only one rating scheme can be the default."),
            ),
        ]

    def __str__(self):
        return self.name_fa


class RatingBand(TimeStampedModel):
    """Whole points `min_points`–`max_points` (inclusive) earn this level and star count.

    The bands of a scheme cover 0–1000 without gaps or overlaps; the database holds
    the per-band rules and distinct edges, the rating-scheme service the whole table.
    """

    scheme = models.ForeignKey(
        RatingScheme,
        verbose_name=_("rating scheme"),
        on_delete=models.CASCADE,
        related_name="bands",
    )
    min_points = models.PositiveSmallIntegerField(_("from points"))
    max_points = models.PositiveSmallIntegerField(_("to points"))
    level_code = models.CharField(_("level code"), max_length=40)
    level_fa = PersianCharField(_("Persian level"), max_length=100)
    level_en = models.CharField(_("English level"), max_length=100)
    stars = models.PositiveSmallIntegerField(_("stars"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["scheme_id", "min_points"]
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_points__lte=models.F("max_points")),
                name="rating_band_min_not_above_max",
                violation_error_message=_("From points: a band cannot start above where it ends."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__lte=1000),
                name="rating_band_within_1000",
                violation_error_message=_("To points: bands end at 1000 points at most."),
            ),
            models.CheckConstraint(
                condition=models.Q(stars__lte=4),
                name="rating_band_stars_range",
                violation_error_message=_("Stars: must be between 0 and 4."),
            ),
            models.UniqueConstraint(
                fields=["scheme", "min_points"],
                name="rating_band_min_unique",
                violation_error_message=_(
                    "From points: two bands of a scheme cannot start at the same points."
                ),
            ),
            models.UniqueConstraint(
                fields=["scheme", "max_points"],
                name="rating_band_max_unique",
                violation_error_message=_("To points: two bands of a scheme cannot end at the same points."),
            ),
        ]

    def __str__(self):
        return f"{self.min_points}–{self.max_points}: {self.level_fa} ({self.stars}★)"


class Cycle(TimeStampedModel):
    """One yearly round of assessment (دوره), named by its Jalali year."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ASSESSMENT = "assessment", _("Assessment")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("Jalali year"), unique=True, help_text=_("For example 1401."))
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="cycles"
    )
    rating_scheme = models.ForeignKey(
        RatingScheme,
        verbose_name=_("rating scheme"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    window_start = models.DateField(_("assessment window start"))
    window_end = models.DateField(_("assessment window end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNING)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="cycle_window_ordered",
                violation_error_message=_("Assessment window end: the window cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1300, year__lte=1500),
                name="cycle_year_jalali",
                violation_error_message=_("Jalali year: enter a Jalali year such as 1401."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["planning", "assessment", "closed"]),
                name="cycle_status_valid",
                violation_error_message=_("Status: choose planning, assessment or closed."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED
