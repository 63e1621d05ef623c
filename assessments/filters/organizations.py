"""Filters of the assessed units."""

import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .base import ProgrammeFilterSet, YearFilter


class OrganizationFilterSet(ProgrammeFilterSet):
    search_fields = ("code", "name_fa", "name_en")

    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    cycle = YearFilter(field_name="assessments__cycle__year", distinct=True, label=_("Assessed in cycle"))

    class Meta:
        model = Organization
        fields = ["kind", "is_active", "cycle", "q"]
