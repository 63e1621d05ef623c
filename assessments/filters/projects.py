"""Which improvement projects a list shows: the one FilterSet of `/projects/` and of the API.

It filters a queryset it is given — always a scoped one (`access.projects_visible(user)`),
so it never widens what a person sees; the cycles and units it accepts are those the
person sees too (another unit's code is refused, as a choice that is not offered).
Query parameters name things as people do, in any digits:

- `cycle`: a cycle's Jalali year (`?cycle=1401`); `organization`: a unit's code
  (`?organization=FIRE`, in any case); `organization_kind`, `category`, `status`: equality;
- `overdue`: `true` for projects past their due date and still open (see
  `selectors.projects.overdue_condition`), `false` for the others;
- `criterion`: projects linked to an improvement point of that criterion, by its code
  (with `cycle`, the code of that cycle's framework);
- `due_after`, `due_before`: the due date, ISO (2022-08-03) or Jalali (1401/05/12);
- `q`: words of the title, the description or the unit's name, in any spelling of
  Arabic ي/ك and any digits.

The page renders the same FilterSet's form: the cycles, units and criteria are offered as
choices labelled in the page's language.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from excellence.languages import is_english
from organizations.models import Organization

from .. import access
from ..models import Criterion, Cycle, ImprovementProject
from ..selectors.projects import overdue_condition
from .base import DateFilter, ProgrammeFilterSet


def _cycles(request) -> QuerySet[Cycle]:
    if request is None:
        return Cycle.objects.none()
    return access.cycles_visible(request.user).order_by("-year")


def _organizations(request) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    return access.organizations_visible(request.user).order_by("kind", "code")


def criterion_choices() -> list[tuple[str, str]]:
    """Each criterion code of the frameworks the cycles use, once, as "1. Leadership".

    Codes repeat across frameworks (EFQM 2013 and 2020 both have a criterion 1): a code is
    labelled with the latest cycle's name first, then any other framework's.
    """
    names: dict[str, list[str]] = {}
    english = is_english()
    criteria = (
        Criterion.objects.filter(framework__cycles__isnull=False)
        .order_by("order", "code", "-framework__cycles__year")
        .values_list("code", "name_fa", "name_en")
    )
    for code, name_fa, name_en in criteria:
        name = name_en if english and name_en else name_fa
        if name not in names.setdefault(code, []):
            names[code].append(name)
    return [(code, f"{code}. {' / '.join(labels)}") for code, labels in names.items()]


class UnitCodeField(django_filters.fields.ModelChoiceField):
    """A unit by its code, in any case (`fire` is FIRE)."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitCodeField


@extend_schema_field(OpenApiTypes.STR)
class CriterionCodeFilter(django_filters.ChoiceFilter):
    """A criterion code, offered as the cycles' frameworks' criteria (a plain string in the API schema)."""


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """`true` / `false` in the query string, with the programme's own labels in the form."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class ImprovementProjectFilterSet(ProgrammeFilterSet):
    search_fields = ("title", "description", "organization__name_fa", "organization__name_en")

    cycle = django_filters.ModelChoiceFilter(
        queryset=_cycles, to_field_name="year", label=_("Cycle"), empty_label=_("All cycles")
    )
    organization = UnitChoiceFilter(
        queryset=_organizations, to_field_name="code", label=_("Unit"), empty_label=_("All units")
    )
    organization_kind = django_filters.ChoiceFilter(
        field_name="organization__kind",
        choices=Organization.Kind.choices,
        label=_("Kind of unit"),
        empty_label=_("Organizations and companies"),
    )
    category = django_filters.ChoiceFilter(
        choices=ImprovementProject.Category.choices, label=_("Category"), empty_label=_("All categories")
    )
    status = django_filters.ChoiceFilter(
        choices=ImprovementProject.Status.choices, label=_("Status"), empty_label=_("All statuses")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"), widget=YesNoWidget)
    criterion = CriterionCodeFilter(
        choices=criterion_choices,
        method="filter_criterion",
        label=_("Criterion of the improvement points"),
        empty_label=_("All criteria"),
    )
    due_after = DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    due_before = DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

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
        if value is None:
            return queryset
        condition = overdue_condition()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_criterion(self, queryset, name, value):
        if not value:
            return queryset
        points = {"finding__sub_criterion__criterion__code": value}
        cycle = self.form.cleaned_data.get("cycle")
        if cycle is not None:
            points["finding__sub_criterion__criterion__framework_id"] = cycle.framework_id
        # A subquery, not a join: a project with two points of the criterion is listed once.
        links = ImprovementProject.improvement_points.through.objects.filter(**points)
        return queryset.filter(pk__in=links.values("improvementproject_id"))
