"""Filters of the yearly cycles and of the rating schemes."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Cycle, RatingScheme
from .base import DateFilter, ProgrammeFilterSet, YearFilter


class CycleFilterSet(ProgrammeFilterSet):
    search_fields = ("framework__code", "framework__name_fa", "framework__name_en")

    status = django_filters.ChoiceFilter(choices=Cycle.Status.choices, label=_("Status"))
    framework = django_filters.CharFilter(
        field_name="framework__code", lookup_expr="iexact", max_length=30, label=_("Framework (code)")
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))
    window_after = DateFilter(field_name="window_end", lookup_expr="gte", label=_("Window ends on or after"))
    window_before = DateFilter(
        field_name="window_start", lookup_expr="lte", label=_("Window starts on or before")
    )

    class Meta:
        model = Cycle
        fields = ["status", "framework", "year_min", "year_max", "window_after", "window_before", "q"]


class RatingSchemeFilterSet(ProgrammeFilterSet):
    search_fields = ("code", "name_fa", "name_en")

    is_default = django_filters.BooleanFilter(label=_("Default"))

    class Meta:
        model = RatingScheme
        fields = ["is_default", "q"]
