"""A programme of any size for the dashboards' tests, built in bulk so that 200 units stay quick.

Two cycles (1400 closed, 1401 in assessment) on the 1393 model with the default scheme.
In 1401 every unit but the last `live` is released with a stored result; the last `live`
are in consensus with consensus scores, so that the dashboards rate them live and mark
them provisional. Each assessment has a team of two (one internal, one external
assessor), hours, consensus findings of three kinds, and projects.

The rules of single rows belong to the services and are tested there; this only needs
rows of the right shape, many of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    Criterion,
    Cycle,
    Finding,
    ImprovementProject,
    RatingBand,
    RatingScheme,
    SubCriterion,
    TimeEntry,
)
from assessments.scoring import rate_total
from assessments.selectors.results import rating_bands_load
from assessments.tests.factories import AssessorFactory, CycleFactory
from assessments.tests.scoring_fixtures import (
    EFQM2013_FILE,
    framework_from_file,
    national_award_bands,
    scores_create,
    structure_from_file,
    uniform_scores,
)
from organizations.models import Organization

EFQM2013 = structure_from_file(EFQM2013_FILE)
TENTH = Decimal("0.1")


@dataclass
class Programme:
    cycles: dict[int, Cycle]
    organizations: list[Organization]
    internal: Assessor
    external: Assessor

    @property
    def current(self) -> Cycle:
        return self.cycles[max(self.cycles)]


def planned_total(position: int, year: int) -> Decimal:
    """A spread of totals (260–470), a few points higher each year."""
    return Decimal(260 + (position * 37) % 200 + (year - 1400) * 12) + Decimal("0.4")


def criterion_points_for(criteria: list[Criterion], total: Decimal) -> dict[str, str]:
    """Points per criterion in proportion to `total`, the last one taking what rounding left over."""
    points = {}
    for criterion in criteria[:-1]:
        points[criterion.code] = (criterion.points * total / 1000).quantize(TENTH)
    last = criteria[-1]
    points[last.code] = total - sum(points.values())
    return {code: str(value) for code, value in points.items()}


def national_award_scheme() -> RatingScheme:
    """The national award's bands (its shipped data file) as plain rows."""
    scheme = RatingScheme.objects.create(
        code="national-award-dashboards", name_fa="جدول سطح‌بندی جایزه ملی", name_en="National award"
    )
    RatingBand.objects.bulk_create(
        RatingBand(
            scheme=scheme,
            min_points=band.min_points,
            max_points=band.max_points,
            level_code=band.level_code,
            level_fa=band.level_fa,
            level_en=band.level_en,
            stars=band.stars,
        )
        for band in national_award_bands()
    )
    return scheme


def programme_build(*, units: int, live: int = 2, years=(1400, 1401)) -> Programme:
    framework = framework_from_file(EFQM2013_FILE)
    scheme = national_award_scheme()
    bands = rating_bands_load(scheme_id=scheme.pk)
    criteria = list(Criterion.objects.filter(framework=framework).order_by("order"))
    subs = {
        sub.criterion.code: sub
        for sub in SubCriterion.objects.filter(framework=framework).select_related("criterion")
    }
    cycles = {
        year: CycleFactory(
            year=year,
            framework=framework,
            rating_scheme=scheme,
            window_start=datetime.date(year + 621, 7, 23),
            window_end=datetime.date(year + 621, 9, 2),
            status=Cycle.Status.ASSESSMENT if year == max(years) else Cycle.Status.CLOSED,
        )
        for year in years
    }
    organizations = Organization.objects.bulk_create(
        Organization(
            code=f"UNIT{number:04d}",
            name_fa=f"واحد آزمایشی {number}",
            name_en=f"Test unit {number}",
            kind=Organization.Kind.COMPANY if number % 4 == 0 else Organization.Kind.ORGANIZATION,
        )
        for number in range(1, units + 1)
    )
    internal = AssessorFactory(internal=True)
    external = AssessorFactory()
    now = timezone.now()
    for year, cycle in cycles.items():
        live_here = live if year == max(years) else 0
        assessments = Assessment.objects.bulk_create(
            Assessment(
                cycle=cycle,
                organization=organization,
                status=Assessment.Status.CONSENSUS
                if position >= units - live_here
                else Assessment.Status.RELEASED,
            )
            for position, organization in enumerate(organizations)
        )
        results = []
        for position, assessment in enumerate(assessments):
            if assessment.status != Assessment.Status.RELEASED:
                scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 30 + 5 * (position % 6)))
                continue
            total = planned_total(position, year)
            rating = rate_total(total, bands)
            results.append(
                AssessmentResult(
                    assessment=assessment,
                    total=total,
                    criterion_points=criterion_points_for(criteria, total),
                    scheme=scheme,
                    level_code=rating.level_code,
                    level_fa=rating.level_fa,
                    level_en=rating.level_en,
                    stars=rating.stars,
                    next_level_fa=rating.next_band.level_fa if rating.next_band else "",
                    next_level_en=rating.next_band.level_en if rating.next_band else "",
                    points_to_next=rating.points_to_next,
                    computed_at=now,
                )
            )
        AssessmentResult.objects.bulk_create(results)
        Assignment.objects.bulk_create(
            Assignment(assessment=assessment, assessor=assessor, role=role)
            for assessment in assessments
            for assessor, role in ((internal, Assignment.Role.LEADER), (external, Assignment.Role.MEMBER))
        )
        TimeEntry.objects.bulk_create(
            TimeEntry(
                assessment=assessment,
                assessor=assessor,
                date=cycle.window_start,
                hours=hours,
                activity=TimeEntry.Activity.DOCUMENT_REVIEW,
            )
            for assessment in assessments
            for assessor, hours in ((internal, Decimal("6")), (external, Decimal("3.5")))
        )
        Finding.objects.bulk_create(
            Finding(
                assessment=assessment,
                sub_criterion=subs[code],
                kind=kind,
                stage=Finding.Stage.CONSENSUS,
                text=f"یافته {kind} {code}",
            )
            for assessment in assessments
            for code, kind in (
                ("1", Finding.Kind.STRENGTH),
                ("2", Finding.Kind.STRENGTH),
                ("5", Finding.Kind.IMPROVEMENT),
                ("9", Finding.Kind.IMPROVEMENT),
                ("9", Finding.Kind.IMPROVEMENT),
                ("3", Finding.Kind.BEST_PRACTICE),
            )
        )
        ImprovementProject.objects.bulk_create(
            ImprovementProject(
                organization=assessment.organization,
                cycle=cycle,
                title=f"پروژه {category}",
                category=category,
                status=status,
            )
            for assessment in assessments
            for category, status in (
                (ImprovementProject.Category.STRATEGY, ImprovementProject.Status.IN_PROGRESS),
                (ImprovementProject.Category.PROCESSES, ImprovementProject.Status.COMPLETED),
                (ImprovementProject.Category.OTHER, ImprovementProject.Status.PROPOSED),
            )
        )
    return Programme(cycles=cycles, organizations=organizations, internal=internal, external=external)
