"""Filters of the assessments and of their teams."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Assessment, Assignment
from .base import (
    DateFilter,
    IdFilter,
    ProgrammeFilterSet,
    YearFilter,
    organization_code_filter,
    organization_kind_filter,
)


class AssessmentFilterSet(ProgrammeFilterSet):
    search_fields = ("organization__code", "organization__name_fa", "organization__name_en")

    cycle = YearFilter(field_name="cycle__year")
    organization = organization_code_filter("organization__code")
    organization_kind = organization_kind_filter("organization__kind")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label=_("Status"))
    assessor = IdFilter(field_name="team__assessor_id", distinct=True, label=_("Assessor on the team (id)"))
    site_visit_after = DateFilter(
        field_name="site_visit_date", lookup_expr="gte", label=_("Site visit on or after")
    )
    site_visit_before = DateFilter(
        field_name="site_visit_date", lookup_expr="lte", label=_("Site visit on or before")
    )

    class Meta:
        model = Assessment
        fields = [
            "cycle",
            "organization",
            "organization_kind",
            "status",
            "assessor",
            "site_visit_after",
            "site_visit_before",
            "q",
        ]


class AssignmentFilterSet(ProgrammeFilterSet):
    search_fields = (
        "assessor__user__username",
        "assessor__user__first_name",
        "assessor__user__last_name",
        "assessment__organization__code",
        "assessment__organization__name_fa",
        "assessment__organization__name_en",
    )

    cycle = YearFilter(field_name="assessment__cycle__year")
    organization = organization_code_filter("assessment__organization__code")
    assessment = IdFilter(field_name="assessment_id", label=_("Assessment (id)"))
    assessor = IdFilter(field_name="assessor_id", label=_("Assessor (id)"))
    role = django_filters.ChoiceFilter(choices=Assignment.Role.choices, label=_("Role"))

    class Meta:
        model = Assignment
        fields = ["cycle", "organization", "assessment", "assessor", "role", "q"]
