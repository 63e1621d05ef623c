"""Filters of the stored results (ratings of finalized assessments)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Assessment, AssessmentResult
from .base import (
    ProgrammeFilterSet,
    WholeNumberFilter,
    YearFilter,
    organization_code_filter,
    organization_kind_filter,
)


class AssessmentResultFilterSet(ProgrammeFilterSet):
    search_fields = (
        "assessment__organization__code",
        "assessment__organization__name_fa",
        "assessment__organization__name_en",
    )

    cycle = YearFilter(field_name="assessment__cycle__year")
    organization = organization_code_filter("assessment__organization__code")
    organization_kind = organization_kind_filter("assessment__organization__kind")
    status = django_filters.ChoiceFilter(
        field_name="assessment__status", choices=Assessment.Status.choices, label=_("Assessment status")
    )
    stars = WholeNumberFilter(min_value=0, max_value=4, label=_("Stars"))
    level_code = django_filters.CharFilter(max_length=40, label=_("Level (code)"))

    class Meta:
        model = AssessmentResult
        fields = ["cycle", "organization", "organization_kind", "status", "stars", "level_code", "q"]
