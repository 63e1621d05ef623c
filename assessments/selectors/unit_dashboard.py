"""A unit's dashboard (`/dashboard/organizations/<code>/`) and its findings drill-down.

For managers and the programme office, and for the unit's own representatives
(`dashboard.read_unit`). Everything is read through the access layer's scoped querysets,
so a representative's page holds their unit's released results only; the programme's
average and best beside the unit's profile come from `access.results_benchmarked`, as
aggregates only.

Query budget, whatever the number of units and findings: the unit's assessments with their
results (one), the framework's criteria (one), the benchmark (one), findings per criterion and
kind (one), projects by status (one), the team and its hours (two); and, for an assessment not
yet finalized, its live rating from the consensus scores (five).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from excellence.languages import is_english
from organizations.models import Organization

from .. import access
from ..models import Assessment, Criterion, Cycle, Finding, ImprovementProject
from .results import FrameworkCache, RatingRow, assessment_rating_row

ONE_DECIMAL = Decimal("0.1")
FINDING_KINDS = (
    Finding.Kind.STRENGTH,
    Finding.Kind.IMPROVEMENT,
    Finding.Kind.BEST_PRACTICE,
    Finding.Kind.SITE_VISIT_ISSUE,
)


def one_decimal(value) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    name: str
    points: Decimal


def criteria_of(*, framework_id: int) -> list[CriterionInfo]:
    """A framework's criteria in order, named in the active language; one query."""
    english = is_english()
    return [
        CriterionInfo(
            code=criterion.code,
            name=criterion.name_en if english and criterion.name_en else criterion.name_fa,
            points=criterion.points,
        )
        for criterion in Criterion.objects.filter(framework_id=framework_id).order_by("order", "code")
    ]


@dataclass(frozen=True)
class ProfilePoint:
    """One criterion of the unit's profile beside the programme's average and best."""

    criterion: CriterionInfo
    unit: Decimal | None
    average: Decimal | None
    best: Decimal | None


@dataclass(frozen=True)
class TrendPoint:
    cycle: Cycle
    rating: RatingRow


@dataclass(frozen=True)
class FindingCell:
    kind: str
    count: int


@dataclass(frozen=True)
class FindingLine:
    criterion: CriterionInfo
    cells: list[FindingCell]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass(frozen=True)
class StatusCount:
    code: str
    label: str
    projects: int


@dataclass(frozen=True)
class TeamMember:
    name: str
    kind: str
    kind_label: str
    role: str
    role_label: str
    hours: Decimal


@dataclass(frozen=True)
class UnitDashboard:
    organization: Organization
    cycle: Cycle | None
    cycles: list[Cycle]
    rating: RatingRow | None
    profile: list[ProfilePoint]
    benchmark_units: int
    trend: list[TrendPoint]
    findings: list[FindingLine]
    projects: list[StatusCount]
    team: list[TeamMember] | None
    assessment: Assessment | None = None  # the cycle's assessment shown, for what may be done with it

    @property
    def finding_totals(self) -> list[FindingCell]:
        totals: dict[str, int] = defaultdict(int)
        for line in self.findings:
            for cell in line.cells:
                totals[cell.kind] += cell.count
        return [FindingCell(kind=kind, count=totals[kind]) for kind in FINDING_KINDS]

    @property
    def team_hours(self) -> Decimal:
        return sum((member.hours for member in self.team or ()), Decimal(0))

    @property
    def project_count(self) -> int:
        return sum(status.projects for status in self.projects)


def unit_assessments(*, user, organization: Organization) -> list[Assessment]:
    """The unit's assessments the person may see (a representative: released ones), oldest first."""
    return list(
        access.assessments_visible(user)
        .filter(organization_id=organization.pk)
        .select_related("cycle", "organization", "result")
        .order_by("cycle__year")
    )


def _benchmark(*, user, cycle: Cycle, criteria: Sequence[CriterionInfo]):
    """Per criterion code, the mean and best points of the cycle's results the person may compare
    with (`access.results_benchmarked`), and how many results that is; one query."""
    rows = list(
        access.results_benchmarked(user)
        .filter(assessment__cycle_id=cycle.pk)
        .order_by()
        .values_list("criterion_points", flat=True)
    )
    sums: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    best: dict[str, Decimal] = {}
    for points_by_code in rows:
        for code, points in (points_by_code or {}).items():
            value = Decimal(str(points))
            sums[code] += value
            counts[code] += 1
            best[code] = max(best.get(code, value), value)
    average = {code: one_decimal(sums[code] / counts[code]) for code in sums}
    return average, best, len(rows)


def _findings(*, user, assessment: Assessment, criteria: Sequence[CriterionInfo]) -> list[FindingLine]:
    counts = {
        (row["sub_criterion__criterion__code"], row["kind"]): row["findings"]
        for row in access.findings_visible(user)
        .filter(assessment_id=assessment.pk, stage=Finding.Stage.CONSENSUS)
        .order_by()
        .values("sub_criterion__criterion__code", "kind")
        .annotate(findings=Count("*"))
    }
    return [
        FindingLine(
            criterion=criterion,
            cells=[
                FindingCell(kind=kind, count=counts.get((criterion.code, kind), 0)) for kind in FINDING_KINDS
            ],
        )
        for criterion in criteria
    ]


def _projects(*, user, organization: Organization, cycle: Cycle) -> list[StatusCount]:
    counts = {
        row["status"]: row["projects"]
        for row in access.projects_visible(user)
        .filter(organization_id=organization.pk, cycle_id=cycle.pk)
        .order_by()
        .values("status")
        .annotate(projects=Count("*"))
    }
    return [
        StatusCount(code=status.value, label=status.label, projects=counts.get(status.value, 0))
        for status in ImprovementProject.Status
    ]


def _team(*, user, assessment: Assessment) -> list[TeamMember] | None:
    """The team with each member's hours, or None for a representative, whose scope holds no team
    (`access.assignments_visible`): their page says so rather than show an empty team."""
    if not access.roles_of(user).reads_everything:
        return None
    hours = {
        row["assessor_id"]: row["hours"]
        for row in access.time_entries_visible(user)
        .filter(assessment_id=assessment.pk)
        .order_by()
        .values("assessor_id")
        .annotate(hours=Sum("hours"))
    }
    assignments = (
        access.assignments_visible(user)
        .filter(assessment_id=assessment.pk)
        .select_related("assessor__user")
        .order_by("role", "assessor__kind", "assessor__user__last_name", "assessor_id")
    )
    return [
        TeamMember(
            name=str(assignment.assessor),
            kind=assignment.assessor.kind,
            kind_label=assignment.assessor.get_kind_display(),
            role=assignment.role,
            role_label=assignment.get_role_display(),
            hours=hours.get(assignment.assessor_id) or Decimal(0),
        )
        for assignment in assignments
    ]


def unit_dashboard(*, user, organization: Organization, year: int | None = None) -> UnitDashboard:
    """The unit's page for the cycle `year` (default: the latest it was assessed in that the person
    sees). Raises `Assessment.DoesNotExist` for a year the unit has no visible assessment in."""
    access.ensure(user, "dashboard.read_unit", organization)
    assessments = unit_assessments(user=user, organization=organization)
    cycles = [assessment.cycle for assessment in reversed(assessments)]
    empty = UnitDashboard(
        organization=organization,
        cycle=None,
        cycles=cycles,
        rating=None,
        profile=[],
        benchmark_units=0,
        trend=[],
        findings=[],
        projects=[],
        team=None,
    )
    if not assessments:
        if year is not None:
            raise Assessment.DoesNotExist
        return empty
    if year is None:
        assessment = assessments[-1]
    else:
        assessment = next((item for item in assessments if item.cycle.year == year), None)
        if assessment is None:
            raise Assessment.DoesNotExist
    cycle = assessment.cycle
    cache: FrameworkCache = {}
    trend = [
        TrendPoint(cycle=item.cycle, rating=assessment_rating_row(assessment=item, cache=cache))
        for item in assessments
    ]
    rating = next(point.rating for point in trend if point.cycle.pk == cycle.pk)
    criteria = criteria_of(framework_id=cycle.framework_id)
    average, best, benchmark_units = _benchmark(user=user, cycle=cycle, criteria=criteria)
    profile = [
        ProfilePoint(
            criterion=criterion,
            unit=rating.criterion_points.get(criterion.code),
            average=average.get(criterion.code),
            best=best.get(criterion.code),
        )
        for criterion in criteria
    ]
    return UnitDashboard(
        organization=organization,
        cycle=cycle,
        cycles=cycles,
        rating=rating,
        profile=profile,
        benchmark_units=benchmark_units,
        trend=trend,
        findings=_findings(user=user, assessment=assessment, criteria=criteria),
        projects=_projects(user=user, organization=organization, cycle=cycle),
        team=_team(user=user, assessment=assessment),
        assessment=assessment,
    )


# --------------------------------------------------------------------------- the findings drill-down


def unit_findings(*, user, organization: Organization, cycle: Cycle):
    """The consensus findings of the unit's assessment in `cycle` that the person may see, in
    framework order; a queryset for the findings FilterSet to narrow and the page to paginate."""
    access.ensure(user, "dashboard.read_unit", organization)
    return (
        access.findings_visible(user)
        .filter(
            assessment__organization_id=organization.pk,
            assessment__cycle_id=cycle.pk,
            stage=Finding.Stage.CONSENSUS,
        )
        .select_related("sub_criterion__criterion")
        .order_by("sub_criterion__criterion__order", "sub_criterion__order", "sub_criterion__code", "id")
    )
