"""Filters of the findings."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Finding
from .base import (
    DateFilter,
    IdFilter,
    ProgrammeFilterSet,
    SubCriterionCodeFilter,
    YearFilter,
    organization_code_filter,
    organization_kind_filter,
)


class FindingFilterSet(ProgrammeFilterSet):
    search_fields = ("text",)

    cycle = YearFilter(field_name="assessment__cycle__year")
    organization = organization_code_filter("assessment__organization__code")
    organization_kind = organization_kind_filter("assessment__organization__kind")
    assessment = IdFilter(field_name="assessment_id", label=_("Assessment (id)"))
    criterion = django_filters.CharFilter(
        field_name="sub_criterion__criterion__code", max_length=10, label=_("Criterion (code)")
    )
    sub_criterion = SubCriterionCodeFilter(label=_("Sub-criterion (code)"))
    kind = django_filters.ChoiceFilter(choices=Finding.Kind.choices, label=_("Kind"))
    stage = django_filters.ChoiceFilter(choices=Finding.Stage.choices, label=_("Stage"))
    author = IdFilter(field_name="author_id", label=_("Author (assessor id)"))
    created_after = DateFilter(
        field_name="created_at__date", lookup_expr="gte", label=_("Recorded on or after")
    )
    created_before = DateFilter(
        field_name="created_at__date", lookup_expr="lte", label=_("Recorded on or before")
    )

    class Meta:
        model = Finding
        fields = [
            "cycle",
            "organization",
            "organization_kind",
            "assessment",
            "criterion",
            "sub_criterion",
            "kind",
            "stage",
            "author",
            "created_after",
            "created_before",
            "q",
        ]
