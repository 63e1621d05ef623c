"""A cycle's headline figures for the API: the programme dashboard's own, from its selectors.

The ratings come from `results.cycle_ratings`, as the `ratings` command lists them; the
figures from `dashboard.headline_figures` and `dashboard.project_categories`, so the API
and `/dashboard/` can never disagree. Query budget, whatever the size of the cycle: the
ratings' and one aggregate each for team places, hours, consensus findings and projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import access
from ..models import Cycle
from .dashboard import Headline, headline_figures, project_categories
from .home import StarDistribution, star_distribution_of
from .results import cycle_ratings


@dataclass(frozen=True)
class CycleStatistics:
    cycle: Cycle
    headline: Headline
    distribution: StarDistribution

    @property
    def stars(self) -> list[dict]:
        return [
            {"stars": stars, "units": units, "provisional": provisional}
            for stars, units, provisional in self.distribution.counts
        ]


def cycle_statistics(*, user, cycle: Cycle) -> CycleStatistics:
    """The figures the programme reports for `cycle` (DESIGN §6); refused unless `dashboard.read`."""
    access.ensure(user, "dashboard.read")
    ratings = cycle_ratings(cycle=cycle)
    projects = project_categories(user=user, cycle=cycle)
    return CycleStatistics(
        cycle=cycle,
        headline=headline_figures(user=user, cycle=cycle, ratings=ratings, projects=projects),
        distribution=star_distribution_of(cycle=cycle, rows=ratings),
    )
