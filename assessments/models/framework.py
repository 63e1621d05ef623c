"""An excellence model (framework) as data: criteria, sub-criteria and the RADAR matrix."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from excellence.fields import PersianCharField, PersianTextField
from excellence.languages import is_english
from excellence.models import TimeStampedModel


class CriterionKind(models.TextChoices):
    ENABLER = "enabler", _("Enabler")
    RESULT = "result", _("Result")


class Framework(TimeStampedModel):
    """One version of an excellence model, loaded from a data file by `load_framework`."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description = PersianTextField(_("description"), blank=True)
    source_file = models.CharField(_("source file"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.name_fa


class Criterion(TimeStampedModel):
    """A criterion (معیار) of a framework with its share of the 1000 points."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=10)
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework_id", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="criterion_code_unique",
                violation_error_message=_("Code: the framework already has a criterion with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(points__gt=0, points__lte=1000),
                name="criterion_points_range",
                violation_error_message=_("Points: a criterion has more than 0 and at most 1000 points."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["enabler", "result"]),
                name="criterion_kind_valid",
                violation_error_message=_("Kind: choose enabler or result."),
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.name_fa}"


class SubCriterion(TimeStampedModel):
    """A sub-criterion (زیرمعیار): the unit that findings and scores are recorded against.

    `weight` is its share inside its criterion; the weights of a criterion sum to 1.
    `framework` repeats the criterion's framework so that a rule like "only this
    framework's sub-criteria" is a single comparison.
    """

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="sub_criteria",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="sub_criteria",
    )
    code = models.CharField(_("code"), max_length=10)
    code_fa = PersianCharField(_("Persian code"), max_length=20, blank=True)
    name_fa = PersianTextField(_("Persian name"))
    name_en = models.TextField(_("English name"))
    weight = models.DecimalField(_("weight in criterion"), max_digits=6, decimal_places=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["criterion_id", "order", "code"]
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="sub_criterion_code_unique",
                violation_error_message=_("Code: the framework already has a sub-criterion with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0, weight__lte=1),
                name="sub_criterion_weight_range",
                violation_error_message=_("Weight: a sub-criterion's weight is more than 0 and at most 1."),
            ),
        ]

    def __str__(self):
        return f"{self.code_fa or self.code} {self.name_fa}"

    @property
    def kind(self):
        return self.criterion.kind

    @property
    def display_code(self):
        """«۱الف» in Persian, "1a" in English."""
        if self.code_fa and not is_english():
            return self.code_fa
        return self.code


class RadarElement(TimeStampedModel):
    """A RADAR element (Approach, Deployment, …) of one kind of criterion in a framework."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="radar_elements",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    code = models.CharField(_("code"), max_length=40)
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework_id", "kind", "order"]
        verbose_name = _("RADAR element")
        verbose_name_plural = _("RADAR elements")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "kind", "code"],
                name="radar_element_code_unique",
                violation_error_message=_(
                    "Code: the framework already has this RADAR element for this kind."
                ),
            ),
        ]

    def __str__(self):
        return self.name_fa


class RadarAttribute(TimeStampedModel):
    """A RADAR attribute (Sound, Integrated, …) scored 0–100 in steps of 5."""

    element = models.ForeignKey(
        RadarElement,
        verbose_name=_("element"),
        on_delete=models.CASCADE,
        related_name="attributes",
    )
    code = models.CharField(_("code"), max_length=40)
    name_fa = PersianCharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["element_id", "order"]
        verbose_name = _("RADAR attribute")
        verbose_name_plural = _("RADAR attributes")
        constraints = [
            models.UniqueConstraint(
                fields=["element", "code"],
                name="radar_attribute_code_unique",
                violation_error_message=_("Code: the element already has an attribute with this code."),
            ),
        ]

    def __str__(self):
        return self.name_fa
