"""The manager dashboards: the programme's (`/dashboard/`), a unit's, its findings, and the comparisons.

Thin views: the access layer decides who may open each page (`required_action`, then
the unit's scope and `dashboard.read_unit`), the selectors compute every figure, and
`charts` turns them into what the charts draw.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from excellence.persian import to_ascii_digits
from organizations.models import Organization

from .. import access
from ..filtersets import FindingFilterSet
from ..forms.dashboards import UnitsTableForm
from ..models import Assessment, Finding
from ..selectors import comparisons as comparison_selectors
from ..selectors import dashboard, unit_dashboard
from ..selectors.projects import unit_projects
from . import charts
from .base import ProductPageMixin, ScopedObjectMixin

UNITS_PER_PAGE = 25
FINDINGS_PER_PAGE = 50
TOTALS_PER_PAGE = 50
FINDING_KINDS = [(kind.value, kind.label) for kind in unit_dashboard.FINDING_KINDS]


def requested_year(request) -> int | None:
    """`?cycle=1401` (Persian digits too); None when not given; 404 when it is no year."""
    raw = to_ascii_digits(request.GET.get("cycle", "")).strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404(_("There is no cycle %(year)s.") % {"year": raw}) from None


def chosen_cycle(request, cycles):
    """The cycle of `?cycle=`, else the dashboards' default; 404 for a cycle that does not exist."""
    year = requested_year(request)
    if year is None:
        return dashboard.default_cycle(cycles)
    for cycle in cycles:
        if cycle.year == year:
            return cycle
    raise Http404(_("There is no cycle %(year)s.") % {"year": year})


def page_of(request, items, per_page):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The query string without `page`, for the pagination links to keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def sort_links(request, current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the link that sorts by it (again: the other way) and its `aria-sort`."""
    links = {}
    for name in dashboard.SORT_KEYS:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = name if current == f"-{name}" else f"-{name}"
        state = {name: "ascending", f"-{name}": "descending"}.get(current, "none")
        links[name] = {"url": f"?{query.urlencode()}", "state": state}
    return links


class ProgrammeDashboardView(ProductPageMixin, TemplateView):
    template_name = "assessments/dashboard/programme.html"
    required_action = "dashboard.read"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cycles = dashboard.dashboard_cycles(user=user)
        cycle = chosen_cycle(self.request, cycles)
        context.update(cycles=cycles, cycle=cycle)
        if cycle is None:
            return context
        page = dashboard.programme_dashboard(user=user, cycle=cycle, cycles=cycles)
        context["can_export"] = access.can(user, "declaration.export")
        form = UnitsTableForm(self.request.GET, levels=page.level_choices)
        filters = form.filters()
        units = dashboard.units_sort(
            dashboard.units_filter(
                page.units, kind=filters["kind"], stars=filters["stars"], level=filters["level"]
            ),
            sort=filters["sort"],
        )
        context.update(
            dashboard=page,
            form=form,
            sort=filters["sort"],
            sort_links=sort_links(self.request, filters["sort"]),
            units=page_of(self.request, units, UNITS_PER_PAGE),
            units_shown=len(units),
            query=query_without_page(self.request),
            charts={
                "stars": charts.stars_chart(page.stars),
                "levels": charts.levels_chart(page.levels),
                "projects": charts.projects_chart(page.projects),
            },
        )
        return context


class ComparisonsView(ProductPageMixin, TemplateView):
    template_name = "assessments/dashboard/comparisons.html"
    required_action = "dashboard.read"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cycles = dashboard.dashboard_cycles(user=user)
        cycle = chosen_cycle(self.request, cycles)
        context.update(cycles=cycles, cycle=cycle)
        if cycle is None:
            return context
        page = comparison_selectors.comparisons(user=user, cycle=cycle, cycles=cycles)
        kind_labels = [str(label) for _value, label in Organization.Kind.choices]
        context.update(
            comparisons=page,
            kind_labels=kind_labels,
            totals=page_of(self.request, page.units, TOTALS_PER_PAGE),
            query=query_without_page(self.request),
            charts={
                "trend": charts.programme_trend_chart(page),
                "improved": charts.improved_chart(page.most_improved),
                "kinds": charts.kinds_chart(page, kind_labels),
            },
        )
        return context


class UnitPageMixin(ProductPageMixin, ScopedObjectMixin):
    """A unit's page: 403 for those who read no unit's dashboard, 404 for a unit outside their scope,
    403 for a unit they see but whose dashboard is not theirs to read."""

    required_action = "dashboard.read_unit"
    scope = access.organizations_visible
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "organization"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.ensure("dashboard.read_unit", self.object)
        return super().get(request, *args, **kwargs)


class UnitDashboardView(UnitPageMixin, TemplateView):
    template_name = "assessments/dashboard/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            page = unit_dashboard.unit_dashboard(
                user=self.request.user, organization=self.object, year=requested_year(self.request)
            )
        except Assessment.DoesNotExist:
            raise Http404(_("This unit has no assessment in that cycle to show.")) from None
        context.update(dashboard=page, cycle=page.cycle, cycles=page.cycles, finding_kinds=FINDING_KINDS)
        context["can_export"] = page.assessment is not None and access.can(
            self.request.user, "declaration.export", page.assessment
        )
        context["unit_projects"] = unit_projects(user=self.request.user, organization=self.object)
        if page.cycle is not None:
            context["charts"] = {
                "profile": charts.profile_chart(page.profile),
                "trend": charts.trend_chart(page.trend),
                "findings": charts.findings_chart(page.findings, FINDING_KINDS),
                "projects": charts.project_status_chart(page.projects),
            }
        return context


class UnitFindingsView(UnitPageMixin, TemplateView):
    template_name = "assessments/dashboard/unit_findings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organization = self.request.user, self.object
        assessments = unit_dashboard.unit_assessments(user=user, organization=organization)
        year = requested_year(self.request)
        assessment = next(
            (item for item in reversed(assessments) if year is None or item.cycle.year == year), None
        )
        if assessment is None:
            raise Http404(_("This unit has no assessment in that cycle to show."))
        cycle = assessment.cycle
        criteria = unit_dashboard.criteria_of(framework_id=cycle.framework_id)
        findings = FindingFilterSet(
            self.request.GET,
            queryset=unit_dashboard.unit_findings(user=user, organization=organization, cycle=cycle),
            criteria=[(criterion.code, f"{criterion.code}. {criterion.name}") for criterion in criteria],
        )
        context.update(
            cycle=cycle,
            cycles=[item.cycle for item in reversed(assessments)],
            filter=findings,
            findings=page_of(self.request, findings.qs, FINDINGS_PER_PAGE),
            query=query_without_page(self.request),
            kind_names=dict(Finding.Kind.choices),
        )
        return context
