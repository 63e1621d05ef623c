"""What each person's home page shows at a glance, read through the access layer's scoped querysets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from organizations.models import Organization

from .. import access
from ..models import Assessment, AssessmentResult, Assignment, Cycle, Framework, RatingScheme
from .results import RatingRow, cycle_ratings

# The cycle a home page speaks of: the one being assessed, else the latest that was.
CURRENT_CYCLE_PREFERENCE = (Cycle.Status.ASSESSMENT, Cycle.Status.CLOSED, Cycle.Status.PLANNING)


def cycle_current(*, user) -> Cycle | None:
    """The cycle in assessment (the latest, if several); else the latest closed one; else the latest."""
    cycles = access.cycles_visible(user).select_related("framework", "rating_scheme")
    for status in CURRENT_CYCLE_PREFERENCE:
        cycle = cycles.filter(status=status).order_by("-year").first()
        if cycle is not None:
            return cycle
    return None


def assessor_assignments(*, user, cycle: Cycle) -> list[Assignment]:
    """The person's own places on the cycle's teams, with the unit and the assessment's status."""
    roles = access.roles_of(user)
    return list(
        access.assignments_visible(user)
        .filter(assessor_id=roles.assessor_id, assessment__cycle_id=cycle.pk)
        .select_related("assessment__organization", "assessment__cycle")
        .order_by("assessment__organization__kind", "assessment__organization__code")
    )


def assessor_earlier_assessments(*, user, cycle: Cycle) -> int:
    roles = access.roles_of(user)
    return (
        access.assignments_visible(user)
        .filter(assessor_id=roles.assessor_id)
        .exclude(assessment__cycle_id=cycle.pk)
        .count()
    )


@dataclass(frozen=True)
class UnitResult:
    organization: Organization
    latest: AssessmentResult | None
    previous: AssessmentResult | None

    @property
    def change(self):
        if self.latest is None or self.previous is None:
            return None
        return self.latest.total - self.previous.total

    @property
    def change_sign(self) -> str:
        return "+" if self.change is not None and self.change > 0 else ""


def representative_results(*, user) -> list[UnitResult]:
    """Each represented unit with its latest released result and the one before it."""
    roles = access.roles_of(user)
    organizations = list(
        access.organizations_visible(user).filter(pk__in=roles.organization_ids).order_by("kind", "code")
    )
    results = (
        access.results_visible(user)
        .filter(
            assessment__organization_id__in=roles.organization_ids,
            assessment__status=Assessment.Status.RELEASED,
        )
        .select_related("assessment__cycle")
        .order_by("assessment__organization_id", "-assessment__cycle__year")
    )
    by_unit: dict[int, list[AssessmentResult]] = {}
    for result in results:
        by_unit.setdefault(result.assessment.organization_id, []).append(result)
    rows = []
    for organization in organizations:
        released = by_unit.get(organization.pk, [])
        rows.append(
            UnitResult(
                organization=organization,
                latest=released[0] if released else None,
                previous=released[1] if len(released) > 1 else None,
            )
        )
    return rows


@dataclass(frozen=True)
class StarDistribution:
    """How many units of a cycle hold each star count; `provisional` counts the unfinalized ones."""

    cycle: Cycle
    counts: tuple[tuple[int, int, int], ...]  # (stars, units, of which provisional)
    not_rated: int
    units: int

    @property
    def provisional(self) -> int:
        return sum(provisional for _stars, _units, provisional in self.counts)

    @property
    def widest(self) -> int:
        return max((units for _stars, units, _provisional in self.counts), default=0)


def star_distribution(*, user, cycle: Cycle) -> StarDistribution:
    """The cycle's star ratings, as managers and admins read them; finalized results as stored."""
    access.ensure(user, "dashboard.read")
    return star_distribution_of(cycle=cycle, rows=cycle_ratings(cycle=cycle))


def star_distribution_of(*, cycle: Cycle, rows: Sequence[RatingRow]) -> StarDistribution:
    """The star distribution of a cycle's rating rows (`cycle_ratings`); no query."""
    rated = Counter(row.stars for row in rows if row.stars is not None)
    provisional = Counter(row.stars for row in rows if row.stars is not None and not row.stored)
    counts = tuple((stars, rated.get(stars, 0), provisional.get(stars, 0)) for stars in range(4, -1, -1))
    return StarDistribution(
        cycle=cycle,
        counts=counts,
        not_rated=sum(1 for row in rows if row.stars is None),
        units=len(rows),
    )


@dataclass(frozen=True)
class ProgrammeSetUp:
    frameworks: int
    rating_schemes: int
    cycles: int
    organizations: int
    assessors: int
    assessments_in_cycle: int


def programme_set_up(*, user, cycle: Cycle | None) -> ProgrammeSetUp:
    """The programme's set-up in figures, for the programme office's home."""
    access.ensure(user, "programme.manage")
    return ProgrammeSetUp(
        frameworks=Framework.objects.count(),
        rating_schemes=RatingScheme.objects.count(),
        cycles=access.cycles_visible(user).count(),
        organizations=access.organizations_visible(user).filter(is_active=True).count(),
        assessors=access.assessors_visible(user).filter(is_active=True).count(),
        assessments_in_cycle=(
            access.assessments_visible(user).filter(cycle_id=cycle.pk).count() if cycle is not None else 0
        ),
    )
