"""Filters of the RADAR scores."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Score
from .base import IdFilter, ProgrammeFilterSet, YearFilter, organization_code_filter, organization_kind_filter


class ScoreFilterSet(ProgrammeFilterSet):
    search_fields = ("sub_criterion__code", "sub_criterion__name_fa", "sub_criterion__name_en")

    cycle = YearFilter(field_name="assessment__cycle__year")
    organization = organization_code_filter("assessment__organization__code")
    organization_kind = organization_kind_filter("assessment__organization__kind")
    assessment = IdFilter(field_name="assessment_id", label=_("Assessment (id)"))
    criterion = django_filters.CharFilter(
        field_name="sub_criterion__criterion__code", max_length=10, label=_("Criterion (code)")
    )
    sub_criterion = django_filters.CharFilter(
        field_name="sub_criterion__code", max_length=10, label=_("Sub-criterion (code)")
    )
    stage = django_filters.ChoiceFilter(choices=Score.Stage.choices, label=_("Stage"))
    assessor = IdFilter(field_name="assessor_id", label=_("Assessor (id)"))

    class Meta:
        model = Score
        fields = [
            "cycle",
            "organization",
            "organization_kind",
            "assessment",
            "criterion",
            "sub_criterion",
            "stage",
            "assessor",
            "q",
        ]
