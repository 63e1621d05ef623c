"""A demo cycle, built through the services: the cycle, its assessments, teams and status changes.

The team planner (`plans.build_team`) proposes teams with the same conflict-of-interest
predicate the team service checks (`services.rules.conflict_of_interest`); the service
then places every member and refuses anything the rules refuse. The content in between
is bulk-written (`content.py`); finalizing stores each result from the stored consensus
scores, computed by the scoring service.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence.roles import COMMAND_LINE
from organizations.models import Organization

from ..models import (
    Assessment,
    AssessmentResult,
    Assessor,
    ConflictOfInterest,
    Cycle,
    RatingScheme,
)
from .content import AssessmentSpec, ContentBatch, content_build
from .counts import counts_by_density, counts_exact_1401, half_hour_budgets, unit_targets
from .people import DemoPeople
from .plans import (
    Candidate,
    TeamPool,
    build_team,
    seeded_random,
)
from .project_timelines import project_timelines_build
from .reference import FrameworkPlan
from .report import Say, SeedReport
from .units import (
    CURRENT_YEAR,
    SITE_VISIT_OVERRIDES,
    WINDOW_DAYS,
    aware,
    cycle_window,
    jalali_to_date,
    release_date,
    units_for_year,
)


def _candidates(assessors: Sequence[Assessor]) -> list[Candidate]:
    conflicts: dict[int, set[int]] = defaultdict(set)
    for assessor_id, organization_id in ConflictOfInterest.objects.filter(
        assessor__in=list(assessors)
    ).values_list("assessor_id", "organization_id"):
        conflicts[assessor_id].add(organization_id)
    return [
        Candidate(
            id=assessor.pk,
            kind=assessor.kind,
            home_id=assessor.home_organization_id,
            conflict_ids=frozenset(conflicts[assessor.pk]),
        )
        for assessor in assessors
    ]


def cycle_build(
    *,
    year: int,
    plan: FrameworkPlan,
    scheme: RatingScheme,
    units: dict[str, Organization],
    people: DemoPeople,
    report: SeedReport,
    say: Say | None = None,
) -> Cycle | None:
    """One demo cycle with every assessment released and rated; skipped when the cycle exists."""
    from ..services.assessments import assessment_create, assessment_transition, assignment_create
    from ..services.cycles import cycle_close, cycle_create, cycle_open

    if Cycle.objects.filter(year=year).exists():
        report.add(_("Cycle %(year)s: already there, skipped.") % {"year": year}, say)
        return None
    began = time.monotonic()
    rng = seeded_random("cycle", year)
    window = cycle_window(year)
    released = release_date(year)
    targets = unit_targets(year)
    specs_units = units_for_year(year)
    today = timezone.localdate()

    with transaction.atomic():
        cycle = cycle_create(
            actor=COMMAND_LINE,
            year=year,
            framework=plan.framework,
            rating_scheme=scheme,
            window_start=window[0],
            window_end=window[1],
        )
        cycle = cycle_open(actor=COMMAND_LINE, cycle=cycle)
        assessments: list[Assessment] = []
        for unit in specs_units:
            override = SITE_VISIT_OVERRIDES.get((year, unit.code))
            site_visit = (
                jalali_to_date(*override)
                if override
                else window[0] + datetime.timedelta(days=rng.randint(14, WINDOW_DAYS - 13))
            )
            assessments.append(
                assessment_create(
                    actor=COMMAND_LINE, cycle=cycle, organization=units[unit.code], site_visit_date=site_visit
                )
            )

        # Teams: assessor01 leads the first team of 1401; one external member per team.
        ordered = sorted(people.assessors, key=lambda a: a.user.username)
        internal = [a for a in ordered if a.kind == Assessor.Kind.INTERNAL]
        external = [a for a in ordered if a.kind == Assessor.Kind.EXTERNAL]
        internal_rest, external = internal[1:], list(external)
        rng.shuffle(internal_rest)
        rng.shuffle(external)
        internal = [internal[0], *internal_rest]
        by_id = {a.pk: a for a in ordered}
        internal_pool = TeamPool(_candidates(internal))
        external_pool = TeamPool(_candidates(external))
        team_rows: list[tuple[int, int, str, str]] = []
        teams: dict[int, list[tuple[Assessor, str]]] = {}
        for assessment in assessments:
            team = build_team(
                organization_id=assessment.organization_id,
                size=rng.randint(4, 6),
                internal=internal_pool,
                external=external_pool,
            )
            teams[assessment.pk] = []
            for candidate, role in team:
                assessor = by_id[candidate.id]
                assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=assessor, role=role)
                teams[assessment.pk].append((assessor, role))
                team_rows.append((assessment.pk, assessor.pk, assessor.kind, role))
        if year == CURRENT_YEAR:
            on_teams = {row[1] for row in team_rows}
            missing = [a.user.username for a in people.assessors if a.pk not in on_teams]
            if missing:
                raise ValueError(f"Every assessor works in {year}; not on a team: {', '.join(missing)}.")

        budgets = half_hour_budgets(rng, team_rows, year)
        if year == CURRENT_YEAR:
            unit_counts = counts_exact_1401(targets)
        else:
            unit_counts = {code: counts_by_density(rng, target) for code, target in targets.items()}

        batch = ContentBatch()
        for unit, assessment in zip(specs_units, assessments, strict=True):
            counts = unit_counts[unit.code]
            spec = AssessmentSpec(
                assessment=assessment,
                team=teams[assessment.pk],
                target_total=targets[unit.code],
                strengths=counts.strengths,
                improvements=counts.improvements,
                best_practices=counts.best_practices,
                site_visit_issues=rng.randint(3, 8),
                projects_in_sections=counts.projects_in_sections,
                projects_other=counts.projects_other,
                half_hours={
                    assessor.pk: budgets[(assessment.pk, assessor.pk)]
                    for assessor, _r in teams[assessment.pk]
                },
                window=window,
                released=released,
                current=year == CURRENT_YEAR,
                owner_id=people.representatives[unit.code].pk,
                verifier_id=people.admin.pk,
                today=today,
            )
            content_build(seeded_random("content", year, unit.code), spec, plan, batch)
        written = batch.write()
        # Each project's timeline, as its status implies (the office's moves, the unit's reports).
        written["project updates"] = project_timelines_build(cycle=cycle, office_id=people.admin.pk)

        # Through the real status changes; finalizing stores the result from the consensus scores.
        for assessment in assessments:
            for status in (
                Assessment.Status.INDIVIDUAL,
                Assessment.Status.CONSENSUS,
                Assessment.Status.FINALIZED,
                Assessment.Status.RELEASED,
            ):
                assessment = assessment_transition(
                    actor=COMMAND_LINE, assessment=assessment, to_status=status
                )
        _dates_backfill(cycle=cycle, window=window, released=released, rng=rng)
        _ratings_check(cycle=cycle, targets=targets)
        if year != CURRENT_YEAR:
            cycle_close(actor=COMMAND_LINE, cycle=cycle)

    for name, count in written.items():
        report.created[name] += count
    report.created["assessments"] += len(assessments)
    report.created["assignments"] += len(team_rows)
    report.add(
        _(
            "Cycle %(year)s: %(assessments)s assessments, %(places)s team places, %(findings)s findings, "
            "%(scores)s attribute scores, %(entries)s time entries, %(projects)s projects (%(seconds)s s)."
        )
        % {
            "year": year,
            "assessments": len(assessments),
            "places": len(team_rows),
            "findings": f"{written['findings']:,}",
            "scores": f"{written['attribute scores']:,}",
            "entries": f"{written['time entries']:,}",
            "projects": f"{written['projects']:,}",
            "seconds": f"{time.monotonic() - began:.1f}",
        },
        say,
    )
    return cycle


def _dates_backfill(*, cycle: Cycle, window, released: datetime.date, rng: random.Random) -> None:
    """Finalizing and release happened after the window and at the festival, not today."""
    finalized = aware(window[1] + datetime.timedelta(days=rng.randint(3, 10)), hour=14)
    Assessment.objects.filter(cycle=cycle).update(finalized_at=finalized, released_at=aware(released))
    AssessmentResult.objects.filter(assessment__cycle=cycle).update(computed_at=finalized)


def _ratings_check(*, cycle: Cycle, targets: dict[str, int]) -> None:
    """The stored results must land in the band each unit was planned for."""
    from ..scoring import Band, band_for_points, whole_points
    from ..selectors.results import rating_bands_load

    bands: list[Band] = list(rating_bands_load(scheme_id=cycle.rating_scheme_id))
    for code, total in AssessmentResult.objects.filter(assessment__cycle=cycle).values_list(
        "assessment__organization__code", "total"
    ):
        planned = band_for_points(targets[code], bands)
        stored = band_for_points(whole_points(total), bands)
        if planned != stored:
            raise ValueError(f"{code} in {cycle.year}: planned {targets[code]} points, stored {total}.")
