"""Admin of RADAR scores: a score's attribute values are saved together through score_set."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of
from excellence.admin.filters import CRITERION_KIND_FILTER
from excellence.admin.services import MAIN_FORM, ServiceHistoryAdmin, ServiceTabularInline, formset_rows
from excellence.numbers import shown_decimal, shown_digits

from ..models import AttributeScore, RadarAttribute, Score
from ..services.scores import score_set
from .read_only import LockedAssessmentReadOnlyMixin

SCORE_FIELDS = ("assessment", "sub_criterion", "stage", "assessor")


class RadarAttributeChoiceField(forms.ModelChoiceField):
    """Names an attribute with its framework, kind and element: the same names recur across them."""

    def label_from_instance(self, obj):
        element = obj.element
        return f"{element.framework.code} · {element.get_kind_display()} · {element.name_fa} · {obj.name_fa}"


class RadarAttributeFieldMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "attribute":
            kwargs.setdefault("form_class", RadarAttributeChoiceField)
            kwargs.setdefault("queryset", RadarAttribute.objects.select_related("element__framework"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttributeScoreInline(RadarAttributeFieldMixin, LockedAssessmentReadOnlyMixin, ServiceTabularInline):
    model = AttributeScore
    fields = ("attribute", "value")
    saved_with_parent = True
    can_delete = False
    verbose_name_plural = _("RADAR attribute scores (0–100 in steps of 5)")
    ordering = ("attribute__element__order", "attribute__order")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attribute__element__framework")

    def get_extra(self, request, obj=None, **kwargs):
        return 12 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        attribute = formset.form.base_fields.get("attribute")
        if obj is not None and attribute is not None:
            # Only the attributes of this sub-criterion's kind in its framework can be scored.
            attribute.queryset = attribute.queryset.filter(
                element__framework_id=obj.sub_criterion.framework_id,
                element__kind=obj.sub_criterion.criterion.kind,
            )
        return formset


@admin.register(Score)
class ScoreAdmin(LockedAssessmentReadOnlyMixin, ServiceHistoryAdmin):
    list_display = (
        "assessment",
        "sub_criterion_code",
        "stage",
        "assessor",
        "attribute_count",
        "mean_value",
        "updated_at_jalali",
    )
    list_filter = ("assessment__cycle", "stage", ("sub_criterion__criterion__kind", CRITERION_KIND_FILTER))
    list_select_related = ("assessment__organization", "assessment__cycle", "sub_criterion", "assessor__user")
    search_fields = (
        "assessment__organization__name_fa",
        "assessment__organization__code",
        "sub_criterion__code",
        "assessor__user__username",
        "assessor__user__last_name",
    )
    autocomplete_fields = ("assessment", "sub_criterion", "assessor")
    # Own columns, so that a page of a national-scale list needs no join to sort: newest
    # assessments first (a new cycle's are created after the last one's), then in
    # framework order.
    ordering = ("-assessment_id", "sub_criterion_id", "stage", "id")
    inlines = [AttributeScoreInline]
    str_related = ("assessment__organization", "assessment__cycle", "sub_criterion")

    def get_queryset(self, request):
        mean = (
            AttributeScore.objects.filter(score=models.OuterRef("pk"))
            .order_by()
            .values("score")
            .annotate(mean=models.Avg("value"))
            .values("mean")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                attribute_count=count_of(AttributeScore, "score"),
                mean_value=models.Subquery(mean, output_field=models.FloatField()),
            )
        )

    def get_fields(self, request, obj=None):
        return SCORE_FIELDS

    readonly_on_change = SCORE_FIELDS

    @admin.display(description=_("sub-criterion"), ordering="sub_criterion__code")
    def sub_criterion_code(self, obj):
        return obj.sub_criterion.display_code

    @admin.display(description=_("attributes"), ordering="attribute_count")
    def attribute_count(self, obj):
        return shown_digits(obj.attribute_count)

    @admin.display(description=_("mean attribute score"), ordering="mean_value")
    def mean_value(self, obj):
        return "" if obj.mean_value is None else shown_decimal(obj.mean_value, 1)

    def service_save_whole(self, request, form, formsets, change):
        (table,) = formsets
        header = form.instance if change else None
        data = form.cleaned_data
        values = {
            row["attribute"].code: row["value"]
            for row in formset_rows(table, ("attribute", "value"))
            if row["attribute"] is not None
        }
        with self.refusal_for(request, MAIN_FORM, field_keys={"values": table.prefix}):
            return score_set(
                actor=request.user,
                assessment=header.assessment if change else data["assessment"],
                sub_criterion=header.sub_criterion if change else data["sub_criterion"],
                stage=header.stage if change else data["stage"],
                assessor=header.assessor if change else data.get("assessor"),
                values=values,
                expected_updated_at=form.version_loaded() if change else None,
            )


@admin.register(AttributeScore)
class AttributeScoreAdmin(RadarAttributeFieldMixin, LockedAssessmentReadOnlyMixin, ServiceHistoryAdmin):
    """Attribute values are read here; they change on their score's page, all of a score at once,
    so that the score's version guards every value (no add or change hooks: read-only)."""

    assessment_path = "score.assessment"
    list_display = (
        "score_assessment",
        "score_sub_criterion",
        "score_stage",
        "score_assessor",
        "attribute",
        "value",
    )
    list_filter = (
        "score__assessment__cycle",
        "score__stage",
        ("attribute__element__kind", CRITERION_KIND_FILTER),
    )
    list_select_related = (
        "score__assessment__organization",
        "score__assessment__cycle",
        "score__sub_criterion",
        "score__assessor__user",
        "attribute",
    )
    search_fields = (
        "score__assessment__organization__name_fa",
        "score__assessment__organization__code",
        "score__sub_criterion__code",
        "attribute__code",
        "attribute__name_fa",
    )
    autocomplete_fields = ("score",)
    ordering = ("-score_id", "attribute_id")  # own columns: newest scores first, each in attribute order
    str_related = ("attribute",)

    def get_fields(self, request, obj=None):
        return ("score", "attribute", "value")

    readonly_on_change = ("score", "attribute")

    @admin.display(description=_("assessment"), ordering="score__assessment")
    def score_assessment(self, obj):
        return obj.score.assessment

    @admin.display(description=_("sub-criterion"), ordering="score__sub_criterion__code")
    def score_sub_criterion(self, obj):
        return obj.score.sub_criterion.display_code

    @admin.display(description=_("stage"), ordering="score__stage")
    def score_stage(self, obj):
        return obj.score.get_stage_display()

    @admin.display(description=_("assessor"))
    def score_assessor(self, obj):
        return obj.score.assessor or ""
