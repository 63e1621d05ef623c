"""The programme dashboard (`/dashboard/`): a cycle's headline figures, its distributions and its units.

For managers and the programme office (`dashboard.read`). Ratings come from
`results.cycle_ratings`, so the dashboard shows what `ratings --cycle` lists, finalized
results as stored and the others, marked provisional, from their consensus scores.
Findings, hours, assessors and projects are counted and summed in the database.

Query budget, whatever the number of units and findings: the cycles (one), the cycle's
ratings and the previous cycle's (`cycle_ratings`: one each when all their results are
stored; six, then three, when some are rated live), the scheme's bands (one), and one
aggregate each for assessors, hours, findings and projects.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from operator import itemgetter

from django.db.models import Count, Sum

from excellence.languages import is_english

from .. import access
from ..models import Assessor, Cycle, Finding, ImprovementProject
from ..scoring import Band
from .home import CURRENT_CYCLE_PREFERENCE, StarDistribution, star_distribution_of
from .results import FrameworkCache, RatingRow, cycle_ratings, rating_bands_load

UNIT_KINDS = ("organization", "company")
STAR_COUNTS = (4, 3, 2, 1, 0)

# The units table's columns that sort, and what each sorts by. Unrated units sort last either way.
SORT_KEYS = {
    "name": lambda unit: unit.rating.name.casefold(),
    "kind": lambda unit: (UNIT_KINDS.index(unit.rating.kind), unit.rating.code),
    "total": lambda unit: unit.rating.total,
    "stars": lambda unit: (unit.rating.stars, unit.rating.total) if unit.rating.stars is not None else None,
    "level": lambda unit: (unit.level_rank, unit.rating.total) if unit.level_rank is not None else None,
    "to_next": lambda unit: unit.rating.points_to_next,
    "change": lambda unit: unit.change,
}
DEFAULT_SORT = "-total"


# --------------------------------------------------------------------------- cycles


def dashboard_cycles(*, user) -> list[Cycle]:
    """The cycles a person may pick on a dashboard, latest first."""
    return list(access.cycles_visible(user).select_related("framework", "rating_scheme").order_by("-year"))


def default_cycle(cycles: Sequence[Cycle]) -> Cycle | None:
    """The cycle a dashboard opens on, as the home page speaks of it: the latest in assessment,
    else the latest closed, else the latest."""
    for status in CURRENT_CYCLE_PREFERENCE:
        for cycle in cycles:  # latest first
            if cycle.status == status:
                return cycle
    return None


def previous_cycle(cycles: Sequence[Cycle], cycle: Cycle) -> Cycle | None:
    """The cycle just before `cycle` among `cycles`."""
    earlier = [other for other in cycles if other.year < cycle.year]
    return max(earlier, key=lambda other: other.year, default=None)


# --------------------------------------------------------------------------- headline figures


@dataclass(frozen=True)
class Headline:
    """The figures the programme reports for a cycle (the article's list, DESIGN §6)."""

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

    @property
    def units(self) -> int:
        return self.organizations + self.companies

    @property
    def window_weeks(self) -> int:
        return math.ceil(self.window_days / 7)

    @property
    def sections_share(self) -> int | None:
        """The share of the projects in the six sections, in whole percent."""
        if not self.projects:
            return None
        return round(100 * self.projects_in_sections / self.projects)


def _by_key(rows, key: str, value: str) -> dict:
    return {row[key]: row[value] for row in rows}


def headline_figures(
    *, user, cycle: Cycle, ratings: Sequence[RatingRow], projects: Sequence[ProjectCategory]
) -> Headline:
    """Three aggregate queries: the cycle's team places, hours and consensus findings."""
    access.ensure(user, "dashboard.read")
    kinds = Counter(row.kind for row in ratings)
    assessors = _by_key(
        access.assignments_visible(user)
        .filter(assessment__cycle_id=cycle.pk)
        .order_by()
        .values("assessor__kind")
        .annotate(people=Count("assessor_id", distinct=True)),
        "assessor__kind",
        "people",
    )
    hours = _by_key(
        access.time_entries_visible(user)
        .filter(assessment__cycle_id=cycle.pk)
        .order_by()
        .values("assessor__kind")
        .annotate(hours=Sum("hours")),
        "assessor__kind",
        "hours",
    )
    findings = _by_key(
        access.findings_visible(user)
        .filter(assessment__cycle_id=cycle.pk, stage=Finding.Stage.CONSENSUS)
        .order_by()
        .values("kind")
        .annotate(findings=Count("*")),
        "kind",
        "findings",
    )
    return Headline(
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
        projects=sum(category.projects for category in projects),
        projects_in_sections=sum(category.projects for category in projects if category.in_sections),
    )


@dataclass(frozen=True)
class ProjectCategory:
    code: str
    label: str
    projects: int
    in_sections: bool


def project_categories(*, user, cycle: Cycle) -> list[ProjectCategory]:
    """The cycle's improvement projects per category, the six sections first, then `other`; one query."""
    counts = _by_key(
        access.projects_visible(user)
        .filter(cycle_id=cycle.pk)
        .order_by()
        .values("category")
        .annotate(projects=Count("*")),
        "category",
        "projects",
    )
    sections = set(ImprovementProject.SECTIONS)
    return [
        ProjectCategory(
            code=category.value,
            label=category.label,
            projects=counts.get(category.value, 0),
            in_sections=category in sections,
        )
        for category in ImprovementProject.Category
    ]


# --------------------------------------------------------------------------- distributions


@dataclass(frozen=True)
class LevelCount:
    code: str
    label: str
    units: int
    provisional: int


def levels_of(bands: Sequence[Band]) -> list[tuple[str, str]]:
    """The scheme's levels, highest first, each once: (code, name in the active language)."""
    levels: dict[str, str] = {}
    for band in sorted(bands, key=lambda band: band.min_points, reverse=True):
        levels.setdefault(band.level_code, band.level_en if is_english() and band.level_en else band.level_fa)
    return list(levels.items())


def level_distribution(*, ratings: Sequence[RatingRow], bands: Sequence[Band]) -> list[LevelCount]:
    """How many units hold each level of the scheme, highest first; no query."""
    rated = Counter(row.level_code for row in ratings if row.level_code)
    provisional = Counter(row.level_code for row in ratings if row.level_code and row.provisional)
    return [
        LevelCount(code=code, label=label, units=rated.get(code, 0), provisional=provisional.get(code, 0))
        for code, label in levels_of(bands)
    ]


# --------------------------------------------------------------------------- the units table


@dataclass(frozen=True)
class UnitLine:
    """A row of the units table: the unit's rating and its change since the cycle before."""

    rating: RatingRow
    previous: RatingRow | None
    level_rank: int | None

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.total is None or self.rating.total is None:
            return None
        return self.rating.total - self.previous.total

    @property
    def provisional(self) -> bool:
        return self.rating.provisional or (self.previous is not None and self.previous.provisional)


def unit_lines(
    *, ratings: Sequence[RatingRow], previous: Sequence[RatingRow], bands: Sequence[Band]
) -> list[UnitLine]:
    before = {row.organization_id: row for row in previous}
    ranks = {code: rank for rank, (code, _label) in enumerate(reversed(levels_of(bands)))}
    return [
        UnitLine(
            rating=row,
            previous=before.get(row.organization_id),
            level_rank=ranks.get(row.level_code) if row.level_code else None,
        )
        for row in ratings
    ]


def units_filter(
    lines: Sequence[UnitLine], *, kind: str = "", stars: int | None = None, level: str = ""
) -> list[UnitLine]:
    return [
        line
        for line in lines
        if (not kind or line.rating.kind == kind)
        and (stars is None or line.rating.stars == stars)
        and (not level or line.rating.level_code == level)
    ]


def units_sort(lines: Sequence[UnitLine], *, sort: str = DEFAULT_SORT) -> list[UnitLine]:
    """Sorted by a column of SORT_KEYS (`-` first: descending), then by code; unrated units last."""
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["total"])
    by_code = sorted(lines, key=lambda line: line.rating.code)
    keyed = [(key(line), line) for line in by_code]  # each line's key once, for thousands of units
    known = [(value, line) for value, line in keyed if value is not None]
    unknown = [line for value, line in keyed if value is None]
    return [line for _value, line in sorted(known, key=itemgetter(0), reverse=descending)] + unknown


# --------------------------------------------------------------------------- the whole page


@dataclass(frozen=True)
class ProgrammeDashboard:
    cycle: Cycle
    previous_cycle: Cycle | None
    headline: Headline
    stars: StarDistribution
    levels: list[LevelCount]
    units: list[UnitLine]
    projects: list[ProjectCategory]

    @cached_property
    def provisional(self) -> int:
        return sum(1 for line in self.units if line.rating.provisional)

    @property
    def level_choices(self) -> list[tuple[str, str]]:
        return [(level.code, level.label) for level in self.levels]


def programme_dashboard(*, user, cycle: Cycle, cycles: Sequence[Cycle]) -> ProgrammeDashboard:
    """Everything `/dashboard/` shows of `cycle`; the units unfiltered, in the ratings' order."""
    access.ensure(user, "dashboard.read")
    cache: FrameworkCache = {}
    ratings = cycle_ratings(cycle=cycle, cache=cache)
    before = previous_cycle(cycles, cycle)
    previous = cycle_ratings(cycle=before, cache=cache) if before is not None else []
    bands = rating_bands_load(scheme_id=cycle.rating_scheme_id)
    projects = project_categories(user=user, cycle=cycle)
    return ProgrammeDashboard(
        cycle=cycle,
        previous_cycle=before,
        headline=headline_figures(user=user, cycle=cycle, ratings=ratings, projects=projects),
        stars=star_distribution_of(cycle=cycle, rows=ratings),
        levels=level_distribution(ratings=ratings, bands=bands),
        units=unit_lines(ratings=ratings, previous=previous, bands=bands),
        projects=projects,
    )
