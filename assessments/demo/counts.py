"""How much each demo unit gets: findings, projects and hours, exact in 1401 and by density elsewhere."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .plans import (
    EXTERNAL,
    INTERNAL,
    LEADER,
    apportion,
)
from .units import CURRENT_YEAR, DEMO_UNITS, units_for_year

# The article's 1401 figures (DESIGN §6), reproduced exactly.
FIGURES_1401 = {
    "internal_half_hours": 2 * 1100,
    "external_half_hours": 2 * 600,
    "strengths": 1293,
    "improvements": 2731,
    "best_practices": 68,
    "projects": 736,
    "projects_in_sections": 552,
}


def unit_targets(year: int) -> dict[str, int]:
    """Unit code → the total its consensus scores are steered to in `year`."""
    return {unit.code: unit.target_for(year) for unit in units_for_year(year)}


def _density() -> dict[str, float]:
    """Findings and projects per point of a 1401 unit, so other cycles match the article's density."""
    targets = [unit.target_1401 for unit in DEMO_UNITS]
    return {
        "strengths": FIGURES_1401["strengths"] / sum(t - 150 for t in targets),
        "improvements": FIGURES_1401["improvements"] / sum(700 - t for t in targets),
        "best_practices": FIGURES_1401["best_practices"] / sum(max(t - 270, 4) for t in targets),
        "projects": FIGURES_1401["projects"] / FIGURES_1401["improvements"],
    }


@dataclass(frozen=True)
class UnitCounts:
    strengths: int
    improvements: int
    best_practices: int
    projects_in_sections: int
    projects_other: int


def counts_exact_1401(targets: dict[str, int]) -> dict[str, UnitCounts]:
    """The article's 1401 totals split over the units: higher totals, more strengths, fewer improvements."""
    codes = list(targets)
    strengths = apportion(FIGURES_1401["strengths"], [targets[c] - 150 for c in codes])
    improvements = apportion(FIGURES_1401["improvements"], [700 - targets[c] for c in codes])
    best = apportion(FIGURES_1401["best_practices"], [max(targets[c] - 270, 4) for c in codes])
    projects = apportion(FIGURES_1401["projects"], improvements, minimum=1)
    sections = apportion(FIGURES_1401["projects_in_sections"], projects)
    return {
        code: UnitCounts(strengths[i], improvements[i], best[i], sections[i], projects[i] - sections[i])
        for i, code in enumerate(codes)
    }


def counts_by_density(rng: random.Random, target: int) -> UnitCounts:
    """Counts for a unit of another cycle at the 1401 density, with a little noise."""
    density = _density()

    def jitter(value: float) -> int:
        return max(0, round(value * rng.uniform(0.9, 1.1)))

    improvements = max(1, jitter(density["improvements"] * (700 - target)))
    projects = max(1, jitter(density["projects"] * improvements))
    sections = round(projects * FIGURES_1401["projects_in_sections"] / FIGURES_1401["projects"])
    return UnitCounts(
        strengths=jitter(density["strengths"] * (target - 150)),
        improvements=improvements,
        best_practices=jitter(density["best_practices"] * max(target - 270, 4)),
        projects_in_sections=sections,
        projects_other=projects - sections,
    )


def half_hour_budgets(
    rng: random.Random, assignments: list[tuple[int, int, str, str]], year: int
) -> dict[tuple[int, int], int]:
    """(assessment id, assessor id) → half hours; in 1401 the article's exact internal/external totals."""
    budgets = {}
    if year == CURRENT_YEAR:
        for kind, total in ((INTERNAL, "internal_half_hours"), (EXTERNAL, "external_half_hours")):
            rows = [row for row in assignments if row[2] == kind]
            weights = [(1.3 if role == LEADER else 1.0) * rng.uniform(0.8, 1.2) for *_x, role in rows]
            for row, part in zip(rows, apportion(FIGURES_1401[total], weights, minimum=12), strict=True):
                budgets[(row[0], row[1])] = part
    else:
        for assessment_id, assessor_id, kind, role in assignments:
            base = 36 if role == LEADER else 26
            budgets[(assessment_id, assessor_id)] = (
                base + rng.randint(-6, 10) + (6 if kind == EXTERNAL else 0)
            )
    return budgets
