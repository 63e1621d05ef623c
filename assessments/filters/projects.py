"""Filters of the improvement projects, for the project pages (/projects/) and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ImprovementProject
from .base import (
    DateFilter,
    ProgrammeFilterSet,
    YearFilter,
    organization_code_filter,
    organization_kind_filter,
)

# A project is overdue when its due date has passed and it is still open.
OPEN_STATUSES = (
    ImprovementProject.Status.PROPOSED,
    ImprovementProject.Status.APPROVED,
    ImprovementProject.Status.IN_PROGRESS,
)


class ImprovementProjectFilterSet(ProgrammeFilterSet):
    search_fields = ("title", "description")

    cycle = YearFilter(field_name="cycle__year")
    organization = organization_code_filter("organization__code")
    organization_kind = organization_kind_filter("organization__kind")
    category = django_filters.ChoiceFilter(choices=ImprovementProject.Category.choices, label=_("Category"))
    status = django_filters.ChoiceFilter(choices=ImprovementProject.Status.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    criterion = django_filters.CharFilter(
        field_name="improvement_points__sub_criterion__criterion__code",
        max_length=10,
        distinct=True,
        label=_("Criterion of a linked improvement point (code)"),
    )
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))

    class Meta:
        model = ImprovementProject
        fields = [
            "cycle",
            "organization",
            "organization_kind",
            "category",
            "status",
            "overdue",
            "criterion",
            "due_after",
            "due_before",
            "q",
        ]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_date__lt=timezone.localdate(), status__in=OPEN_STATUSES)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
