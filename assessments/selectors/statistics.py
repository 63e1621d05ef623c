"""A cycle's headline figures (the programme dashboard's), for managers and the programme office.

The ratings come from `results.cycle_ratings`, as the `ratings` command lists them; the
rest is counted and summed in the database. Query budget, whatever the size of the cycle:
the ratings' six, and one aggregate each for assessors, hours, findings and projects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from .. import access
from ..models import Assessor, Cycle, Finding, ImprovementProject
from .home import StarDistribution
from .results import cycle_ratings


@dataclass(frozen=True)
class CycleStatistics:
    cycle: int
    organizations: int
    companies: int
    internal_assessors: int
    external_assessors: int
    internal_hours: Decimal
    external_hours: Decimal
    window_days: int
    strengths: int
    improvements: int
    best_practices: int
    projects: int
    projects_in_sections: int
    distribution: StarDistribution

    @property
    def units(self) -> int:
        return self.organizations + self.companies

    @property
    def stars(self) -> list[dict]:
        return [
            {"stars": stars, "units": units, "provisional": provisional}
            for stars, units, provisional in self.distribution.counts
        ]

    @property
    def not_rated(self) -> int:
        return self.distribution.not_rated


def _star_distribution(*, cycle: Cycle, rows) -> StarDistribution:
    """As the home page's `star_distribution`, over rows already read (no query)."""
    rated = Counter(row.stars for row in rows if row.stars is not None)
    provisional = Counter(row.stars for row in rows if row.stars is not None and not row.stored)
    counts = tuple((stars, rated.get(stars, 0), provisional.get(stars, 0)) for stars in range(4, -1, -1))
    return StarDistribution(
        cycle=cycle, counts=counts, not_rated=sum(1 for row in rows if row.stars is None), units=len(rows)
    )


def _by(rows, key: str, value: str) -> dict:
    return {row[key]: row[value] for row in rows}


def cycle_statistics(*, user, cycle: Cycle) -> CycleStatistics:
    """The figures the programme reports for `cycle` (DESIGN §6); refused unless `dashboard.read`."""
    access.ensure(user, "dashboard.read")
    ratings = cycle_ratings(cycle=cycle)
    kinds = {"organization": 0, "company": 0}
    for row in ratings:
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    assessors = _by(
        access.assignments_visible(user)
        .filter(assessment__cycle_id=cycle.pk)
        .order_by()
        .values("assessor__kind")
        .annotate(people=Count("assessor_id", distinct=True)),
        "assessor__kind",
        "people",
    )
    hours = _by(
        access.time_entries_visible(user)
        .filter(assessment__cycle_id=cycle.pk)
        .order_by()
        .values("assessor__kind")
        .annotate(hours=Sum("hours")),
        "assessor__kind",
        "hours",
    )
    findings = _by(
        access.findings_visible(user)
        .filter(assessment__cycle_id=cycle.pk, stage=Finding.Stage.CONSENSUS)
        .order_by()
        .values("kind")
        .annotate(findings=Count("*")),
        "kind",
        "findings",
    )
    projects = _by(
        access.projects_visible(user)
        .filter(cycle_id=cycle.pk)
        .order_by()
        .values("category")
        .annotate(projects=Count("*")),
        "category",
        "projects",
    )
    return CycleStatistics(
        cycle=cycle.year,
        organizations=kinds.get("organization", 0),
        companies=kinds.get("company", 0),
        internal_assessors=assessors.get(Assessor.Kind.INTERNAL, 0),
        external_assessors=assessors.get(Assessor.Kind.EXTERNAL, 0),
        internal_hours=hours.get(Assessor.Kind.INTERNAL) or Decimal(0),
        external_hours=hours.get(Assessor.Kind.EXTERNAL) or Decimal(0),
        window_days=(cycle.window_end - cycle.window_start).days + 1,
        strengths=findings.get(Finding.Kind.STRENGTH, 0),
        improvements=findings.get(Finding.Kind.IMPROVEMENT, 0),
        best_practices=findings.get(Finding.Kind.BEST_PRACTICE, 0),
        projects=sum(projects.values()),
        projects_in_sections=sum(
            count for category, count in projects.items() if category in ImprovementProject.SECTIONS
        ),
        distribution=_star_distribution(cycle=cycle, rows=ratings),
    )
