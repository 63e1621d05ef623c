"""Which improvement projects `/projects/` shows (its filter form); the API's is `projects.py`.

To do: one FilterSet for both (the page needs model choices for its form, the API codes).

It filters a queryset it is given — always a scoped one (`access.projects_visible(user)`),
so it never widens what a person sees; the units and cycles it offers are those the
person sees too. Query parameters name things as people do: a cycle by its year
(`?cycle=1401`), a unit by its code (`?organization=FIRE`).

- `cycle`, `organization`, `organization_kind`, `category`, `status`: equality;
- `overdue`: `true` for projects past their due date and not completed (see
  `selectors.projects.overdue_condition`), `false` for the others;
- `criterion`: projects linked to an improvement point of that criterion (by id, as
  criterion codes repeat across frameworks);
- `q`: words of the title, the description or the unit's name, in any spelling of
  Arabic ي/ك and any digits.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from excellence.languages import is_english
from excellence.persian import normalize_search, normalize_text, to_persian_digits
from organizations.models import Organization

from .. import access
from ..models import Criterion, Cycle, ImprovementProject
from ..selectors.projects import overdue_condition
from .base import DateFilter


def _cycles(request) -> QuerySet[Cycle]:
    if request is None:
        return Cycle.objects.none()
    return access.cycles_visible(request.user).order_by("-year")


def _organizations(request) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    return access.organizations_visible(request.user).order_by("kind", "code")


def _criteria(request) -> QuerySet[Criterion]:
    """The criteria of the frameworks the cycles use (not of every framework ever loaded)."""
    return (
        Criterion.objects.filter(framework__in=Cycle.objects.values("framework_id"))
        .select_related("framework")
        .order_by("framework__code", "order", "code")
    )


class CriterionChoiceFilter(django_filters.ModelChoiceFilter):
    """Choices read "1. Leadership" in the active language."""

    def label_from_instance(self, criterion: Criterion) -> str:
        name = criterion.name_en if is_english() and criterion.name_en else criterion.name_fa
        return f"{criterion.code}. {name}"


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """`true` / `false` in the query string (as the API takes them), with the programme's own labels."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class ProjectListFilterSet(django_filters.FilterSet):
    cycle = django_filters.ModelChoiceFilter(
        queryset=_cycles, to_field_name="year", label=_("Cycle"), empty_label=_("All cycles")
    )
    organization = django_filters.ModelChoiceFilter(
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
    criterion = CriterionChoiceFilter(
        queryset=_criteria,
        method="filter_criterion",
        label=_("Criterion of the improvement points"),
        empty_label=_("All criteria"),
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
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
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_condition()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_criterion(self, queryset, name, value):
        if value is None:
            return queryset
        # A subquery, not a join: a project with two points of the criterion is listed once.
        links = ImprovementProject.improvement_points.through.objects.filter(
            finding__sub_criterion__criterion=value
        ).values("improvementproject_id")
        return queryset.filter(pk__in=links)

    def filter_q(self, queryset, name, value):
        # Stored text has Persian ی/ک but keeps the digits it was typed with: look for each form.
        letters = normalize_text(value)
        if not letters:
            return queryset
        condition = Q()
        for term in {letters, normalize_search(value), to_persian_digits(normalize_search(value))}:
            condition |= (
                Q(title__icontains=term)
                | Q(description__icontains=term)
                | Q(organization__name_fa__icontains=term)
                | Q(organization__name_en__icontains=term)
            )
        return queryset.filter(condition)
