"""Filters of the assessors' hours."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Assessor, TimeEntry
from .base import (
    DateFilter,
    IdFilter,
    ProgrammeFilterSet,
    YearFilter,
    organization_code_filter,
    organization_kind_filter,
)


class TimeEntryFilterSet(ProgrammeFilterSet):
    search_fields = ("note", "assessment__organization__name_fa", "assessment__organization__name_en")

    cycle = YearFilter(field_name="assessment__cycle__year")
    organization = organization_code_filter("assessment__organization__code")
    organization_kind = organization_kind_filter("assessment__organization__kind")
    assessment = IdFilter(field_name="assessment_id", label=_("Assessment (id)"))
    assessor = IdFilter(field_name="assessor_id", label=_("Assessor (id)"))
    assessor_kind = django_filters.ChoiceFilter(
        field_name="assessor__kind", choices=Assessor.Kind.choices, label=_("Assessor kind")
    )
    activity = django_filters.ChoiceFilter(choices=TimeEntry.Activity.choices, label=_("Activity"))
    date_after = DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_before = DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))

    class Meta:
        model = TimeEntry
        fields = [
            "cycle",
            "organization",
            "organization_kind",
            "assessment",
            "assessor",
            "assessor_kind",
            "activity",
            "date_after",
            "date_before",
            "q",
        ]
