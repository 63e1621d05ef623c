"""The comparisons page (`/dashboard/comparisons/`): what a programme office needs to decide where to help.

Every unit's total across the cycles up to the chosen one, with the most improved units;
organizations against companies per criterion (mean, spread and best); each criterion's
weakest units. For managers and the programme office (`dashboard.read`).

Query budget, whatever the number of units: each cycle's ratings (`cycle_ratings`: one for
a cycle whose results are all stored; else six for the first such cycle of a framework and
three for each further one) and the chosen cycle's criteria (one).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .. import access
from ..models import Cycle
from .results import FrameworkCache, RatingRow, cycle_ratings
from .unit_dashboard import CriterionInfo, criteria_of, one_decimal

MOST_IMPROVED = 5
WEAKEST = 3
UNIT_KINDS = ("organization", "company")


@dataclass(frozen=True)
class UnitTotals:
    """A unit's rating in each compared cycle (None where it was not assessed)."""

    organization_id: int
    code: str
    name: str
    kind: str
    ratings: list[RatingRow | None]

    @property
    def totals(self) -> list[Decimal | None]:
        return [rating.total if rating is not None else None for rating in self.ratings]

    @property
    def gain(self) -> Decimal | None:
        """Points gained from the first compared cycle it was rated in to the last."""
        rated = [total for total in self.totals if total is not None]
        if len(rated) < 2:
            return None
        return rated[-1] - rated[0]

    @property
    def provisional(self) -> bool:
        return any(rating is not None and rating.provisional for rating in self.ratings)


@dataclass(frozen=True)
class KindStatistics:
    kind: str
    units: int
    mean: Decimal | None
    spread: Decimal | None  # population standard deviation
    best: Decimal | None


@dataclass(frozen=True)
class WeakUnit:
    rating: RatingRow
    points: Decimal
    share: int  # whole percent of the criterion's points


@dataclass(frozen=True)
class CriterionComparison:
    criterion: CriterionInfo
    by_kind: list[KindStatistics]
    weakest: list[WeakUnit]


@dataclass(frozen=True)
class Comparisons:
    cycle: Cycle
    cycles: list[Cycle]  # compared, oldest first
    units: list[UnitTotals]  # most improved first, then by code
    criteria: list[CriterionComparison]
    means: list[Decimal | None]  # the programme's mean total per compared cycle

    @property
    def most_improved(self) -> list[UnitTotals]:
        return [unit for unit in self.units if unit.gain is not None and unit.gain > 0][:MOST_IMPROVED]

    @property
    def provisional(self) -> bool:
        return any(unit.provisional for unit in self.units)


def _statistics(kind: str, values: Sequence[Decimal]) -> KindStatistics:
    if not values:
        return KindStatistics(kind=kind, units=0, mean=None, spread=None, best=None)
    return KindStatistics(
        kind=kind,
        units=len(values),
        mean=one_decimal(statistics.mean(values)),
        spread=one_decimal(statistics.pstdev(values)),
        best=max(values),
    )


def _criterion_comparison(criterion: CriterionInfo, ratings: Sequence[RatingRow]) -> CriterionComparison:
    scored = [row for row in ratings if criterion.code in row.criterion_points]
    by_kind = [
        _statistics(kind, [row.criterion_points[criterion.code] for row in scored if row.kind == kind])
        for kind in UNIT_KINDS
    ]
    weakest = sorted(scored, key=lambda row: (row.criterion_points[criterion.code], row.code))[:WEAKEST]
    return CriterionComparison(
        criterion=criterion,
        by_kind=by_kind,
        weakest=[
            WeakUnit(
                rating=row,
                points=row.criterion_points[criterion.code],
                share=round(100 * row.criterion_points[criterion.code] / criterion.points),
            )
            for row in weakest
        ],
    )


def comparisons(*, user, cycle: Cycle, cycles: Sequence[Cycle]) -> Comparisons:
    """The comparisons up to `cycle`: its own and every earlier cycle of `cycles`."""
    access.ensure(user, "dashboard.read")
    compared = sorted((other for other in cycles if other.year <= cycle.year), key=lambda other: other.year)
    cache: FrameworkCache = {}
    # Criterion points only for the chosen cycle: the earlier ones are compared by their totals.
    ratings_by_cycle = [
        cycle_ratings(cycle=other, cache=cache, criterion_points=other.pk == cycle.pk) for other in compared
    ]

    units: dict[int, UnitTotals] = {}
    for position, ratings in enumerate(ratings_by_cycle):
        for row in ratings:
            unit = units.get(row.organization_id)
            if unit is None:
                unit = units[row.organization_id] = UnitTotals(
                    organization_id=row.organization_id,
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    ratings=[None] * len(compared),
                )
            unit.ratings[position] = row
    ordered = sorted(
        units.values(),
        key=lambda unit: (unit.gain is None, -(unit.gain or 0), unit.code),
    )
    means = []
    for ratings in ratings_by_cycle:
        totals = [row.total for row in ratings if row.total is not None]
        means.append(one_decimal(statistics.mean(totals)) if totals else None)

    current = ratings_by_cycle[-1] if ratings_by_cycle else []
    return Comparisons(
        cycle=cycle,
        cycles=compared,
        units=ordered,
        criteria=[
            _criterion_comparison(criterion, current)
            for criterion in criteria_of(framework_id=cycle.framework_id)
        ],
        means=means,
    )
