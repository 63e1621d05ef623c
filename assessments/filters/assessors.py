"""Filters of the assessors."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Assessor
from .base import ProgrammeFilterSet, YearFilter, organization_code_filter


class AssessorFilterSet(ProgrammeFilterSet):
    search_fields = ("user__username", "user__first_name", "user__last_name", "affiliation")

    kind = django_filters.ChoiceFilter(choices=Assessor.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    home_organization = organization_code_filter("home_organization__code")
    cycle = YearFilter(
        field_name="assignments__assessment__cycle__year", distinct=True, label=_("On a team in cycle")
    )

    class Meta:
        model = Assessor
        fields = ["kind", "is_active", "home_organization", "cycle", "q"]
