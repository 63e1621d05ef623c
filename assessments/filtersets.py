"""One FilterSet per listable model, shared by the pages, the API and the exports (STYLE.md)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .filters.base import SubCriterionCodeFilter
from .models import Finding


class FindingFilterSet(django_filters.FilterSet):
    """Findings by criterion, sub-criterion and kind: the dashboards' drill-down from a count to the
    findings behind it. `criteria` gives the criterion choices as (code, name) pairs."""

    criterion = django_filters.ChoiceFilter(
        field_name="sub_criterion__criterion__code", label=_("Criterion"), empty_label=_("All criteria")
    )
    sub_criterion = SubCriterionCodeFilter(label=_("Sub-criterion"))
    kind = django_filters.ChoiceFilter(
        choices=Finding.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Finding
        fields = ["criterion", "sub_criterion", "kind"]

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["criterion"].extra["choices"] = list(criteria)
