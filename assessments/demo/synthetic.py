"""A larger synthetic programme for benchmarks: `seed_demo --units N`.

One extra cycle (1402 unless told otherwise) with N synthetic units (`SYN00001`…,
`is_demo`), each at the density of a 1401 demo unit: a team of 4–6 with one external
member, about 85 person-hours, ~205 consensus findings with their individual
findings, every consensus and individual score, ~37 improvement projects, and a
stored result. Assessors are synthetic too (`syn-assessor00001`…), as many per unit
as in 1401.

Units are built in chunks, each in its own transaction, so memory stays bounded and a
failure leaves only whole assessments; a second run (or a larger N) continues where
the last one stopped. Assessments, team places and status changes go through the
services' many-at-once functions (`assessments_create`, `assignments_create`,
`assessments_transition`): the rules of the single services, checked for a whole chunk in
a fixed number of queries, with history rows; finalizing stores each result as a single
move does. Units, assessors and the content (`content.py`) are plain bulk rows.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from excellence.persian import to_persian_digits
from excellence.roles import COMMAND_LINE
from organizations.models import Organization

from ..models import (
    Assessment,
    Assessor,
    Assignment,
    AttributeScore,
    ConflictOfInterest,
    Cycle,
    Finding,
    ImprovementProject,
    RatingScheme,
    Score,
    TimeEntry,
)
from ..services.assessments import assessments_create, assessments_transition, assignments_create
from .bulk import commit_without_waiting, statistics_refresh
from .content import AssessmentSpec, ContentBatch, content_build
from .counts import FIGURES_1401, counts_by_density
from .people import (
    EXTERNAL_AFFILIATIONS,
    EXTERNAL_COUNT,
    FIRST_NAMES,
    GROUP_ASSESSORS,
    INTERNAL_COUNT,
    LAST_NAMES,
    DemoPeople,
)
from .plans import EXTERNAL, INTERNAL, Candidate, apportion, seeded_random
from .reference import FrameworkPlan
from .report import Say, SeedReport
from .units import DEMO_UNITS, aware, band_safe_target, cycle_window, release_date

SYNTHETIC_PREFIX = "SYN"
DEFAULT_SYNTHETIC_YEAR = 1402
CHUNK_SIZE = 50
DEMO_UNIT_COUNT = len(DEMO_UNITS)
GROWING_TABLES = (Assessment, Assignment, Finding, Score, AttributeScore, TimeEntry, ImprovementProject)


def synthetic_code(number: int) -> str:
    return f"{SYNTHETIC_PREFIX}{number:05d}"


def synthetic_assessor_username(number: int) -> str:
    return f"syn-assessor{number:05d}"


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def synthetic_units_ensure(*, count: int, report: SeedReport) -> list[Organization]:
    """SYN00001…SYN{count}, bulk-created when missing (no history rows: synthetic data)."""
    codes = [synthetic_code(number) for number in range(1, count + 1)]
    existing = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = [
        Organization(
            code=code,
            name_fa=f"واحد نمونه {to_persian_digits(number)}",
            name_en=f"Synthetic unit {number:05d}",
            kind=Organization.Kind.COMPANY if number % 4 == 0 else Organization.Kind.ORGANIZATION,
            is_demo=True,
        )
        for number, code in enumerate(codes, start=1)
        if code not in existing
    ]
    with transaction.atomic():
        Organization.objects.bulk_create(missing, batch_size=1000)
    report.created["organizations"] += len(missing)
    return list(Organization.objects.filter(code__in=codes).order_by("code"))


@dataclass(frozen=True)
class SyntheticAssessors:
    """The synthetic assessors as the team planner sees them, and as the team service takes them."""

    internal: list[Candidate]
    external: list[Candidate]
    by_id: dict[int, Assessor]


def synthetic_assessors_ensure(
    *, organizations: Sequence[Organization], report: SeedReport
) -> SyntheticAssessors:
    """As many synthetic assessors per unit as 1401 had (55 internal and 10 external for 20 units)."""
    internal_count = math.ceil(len(organizations) * INTERNAL_COUNT / DEMO_UNIT_COUNT)
    external_count = math.ceil(len(organizations) * EXTERNAL_COUNT / DEMO_UNIT_COUNT)
    wanted = {}
    for number in range(1, internal_count + external_count + 1):
        kind = INTERNAL if number <= internal_count else EXTERNAL
        wanted[synthetic_assessor_username(number)] = (number, kind)

    User = get_user_model()
    with transaction.atomic():
        existing = set(
            Assessor.objects.filter(user__username__in=list(wanted)).values_list("user__username", flat=True)
        )
        missing = [username for username in wanted if username not in existing]
        unusable = make_password(None)
        rng = seeded_random("synthetic-assessors")
        users = User.objects.bulk_create(
            [
                User(
                    username=username,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    password=unusable,
                )
                for username in missing
            ],
            batch_size=1000,
        )
        assessors = []
        for user in users:
            number, kind = wanted[user.username]
            assessors.append(
                Assessor(
                    user=user,
                    kind=kind,
                    home_organization=organizations[(number - 1) % len(organizations)]
                    if kind == INTERNAL
                    else None,
                    affiliation=""
                    if kind == INTERNAL
                    else EXTERNAL_AFFILIATIONS[number % len(EXTERNAL_AFFILIATIONS)],
                )
            )
        Assessor.objects.bulk_create(assessors, batch_size=1000)
        group, _created = Group.objects.get_or_create(name=GROUP_ASSESSORS)
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=group.pk) for user in users], batch_size=1000
        )
    report.created["users"] += len(users)
    report.created["assessors"] += len(assessors)

    assessors = list(
        Assessor.objects.filter(user__username__in=list(wanted))
        .select_related("user")
        .order_by("user__username")
    )
    conflicts: dict[int, set[int]] = defaultdict(set)
    for assessor_id, organization_id in ConflictOfInterest.objects.filter(assessor__in=assessors).values_list(
        "assessor_id", "organization_id"
    ):
        conflicts[assessor_id].add(organization_id)
    candidates = [
        Candidate(
            id=assessor.pk,
            kind=assessor.kind,
            home_id=assessor.home_organization_id,
            conflict_ids=frozenset(conflicts[assessor.pk]),
        )
        for assessor in assessors
    ]
    return SyntheticAssessors(
        internal=[c for c in candidates if c.kind == INTERNAL],
        external=[c for c in candidates if c.kind == EXTERNAL],
        by_id={assessor.pk: assessor for assessor in assessors},
    )


def _scan(pool: Sequence[Candidate], start: int, organization_id: int, chosen: set[int]) -> Candidate:
    for step in range(len(pool)):
        candidate = pool[(start + step) % len(pool)]
        if candidate.id not in chosen and candidate.may_assess(organization_id):
            return candidate
    raise ValueError(f"No synthetic assessor may join the team of organization {organization_id}.")


def synthetic_team(
    *, organization_id: int, size: int, internal_offset: int, external_offset: int, internal, external
) -> list[tuple[Candidate, str]]:
    """A leader and members from consecutive places of the pools, skipping conflicts."""
    chosen: set[int] = set()
    team = []
    position = internal_offset
    for index in range(size - 1):
        candidate = _scan(internal, position, organization_id, chosen)
        chosen.add(candidate.id)
        team.append((candidate, Assignment.Role.LEADER if index == 0 else Assignment.Role.MEMBER))
        position += 1
    candidate = _scan(external, external_offset, organization_id, chosen)
    team.append((candidate, Assignment.Role.MEMBER))
    return team


def synthetic_build(
    *,
    count: int,
    year: int,
    plan: FrameworkPlan,
    scheme: RatingScheme,
    people: DemoPeople,
    report: SeedReport,
    say: Say | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Cycle:
    """Build (or complete) the synthetic cycle `year` with `count` units."""
    from ..services.cycles import cycle_create, cycle_open

    began = time.monotonic()
    window = cycle_window(year)
    released = release_date(year)
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        cycle = cycle_create(
            actor=COMMAND_LINE,
            year=year,
            framework=plan.framework,
            rating_scheme=scheme,
            window_start=window[0],
            window_end=window[1],
        )
        cycle = cycle_open(actor=COMMAND_LINE, cycle=cycle)
    elif cycle.is_closed or cycle.framework_id != plan.framework.pk:
        raise ValueError(
            _("Year: cycle %(year)s exists and is closed or on another framework; choose another --year.")
            % {"year": year}
        )

    organizations = synthetic_units_ensure(count=count, report=report)
    assessors = synthetic_assessors_ensure(organizations=organizations, report=report)

    # Team sizes and places are fixed per unit, so chunks and reruns give the same teams.
    sizes = [seeded_random("synthetic-team", year, o.code).randint(4, 6) for o in organizations]
    offsets, position = [], 0
    for size in sizes:
        offsets.append(position)
        position += size - 1

    done = set(
        Assessment.objects.filter(cycle=cycle, organization__in=organizations).values_list(
            "organization_id", flat=True
        )
    )
    todo = [index for index, organization in enumerate(organizations) if organization.pk not in done]
    built = 0
    statistics_refresh(GROWING_TABLES)
    for chunks_done, chunk in enumerate(_chunks(todo, chunk_size), start=1):
        with transaction.atomic():
            commit_without_waiting(Assessment)
            built += _chunk_build(
                indexes=chunk,
                organizations=organizations,
                sizes=sizes,
                offsets=offsets,
                assessors=assessors,
                cycle=cycle,
                plan=plan,
                people=people,
                window=window,
                released=released,
                report=report,
            )
        if chunks_done & (chunks_done - 1) == 0:  # after chunks 1, 2, 4, 8, …: tables doubled
            statistics_refresh(GROWING_TABLES)
        if say is not None:
            say(
                _("  synthetic %(year)s: %(built)s/%(total)s units (%(seconds)s s)")
                % {
                    "year": year,
                    "built": built,
                    "total": len(todo),
                    "seconds": f"{time.monotonic() - began:.0f}",
                }
            )
    report.created["assessments"] += built
    report.add(
        _("Synthetic cycle %(year)s: %(built)s assessments built, %(kept)s already there (%(seconds)s s).")
        % {
            "year": year,
            "built": built,
            "kept": len(organizations) - len(todo),
            "seconds": f"{time.monotonic() - began:.1f}",
        },
        say,
    )
    return cycle


def _chunk_build(
    *,
    indexes,
    organizations,
    sizes,
    offsets,
    assessors: SyntheticAssessors,
    cycle,
    plan,
    people,
    window,
    released: datetime.date,
    report,
) -> int:
    visits = []
    for index in indexes:
        rng = seeded_random("synthetic-visit", cycle.year, organizations[index].code)
        visits.append((organizations[index], window[0] + datetime.timedelta(days=rng.randint(14, 29))))
    assessments = assessments_create(actor=COMMAND_LINE, cycle=cycle, visits=visits)

    places, specs = [], []
    for index, assessment in zip(indexes, assessments, strict=True):
        organization = organizations[index]
        team = synthetic_team(
            organization_id=organization.pk,
            size=sizes[index],
            internal_offset=offsets[index],
            external_offset=index,
            internal=assessors.internal,
            external=assessors.external,
        )
        places.extend((assessment, assessors.by_id[candidate.id], role) for candidate, role in team)
        rng = seeded_random("synthetic", cycle.year, organization.code)
        target = band_safe_target(rng.randint(256, 445))
        counts = counts_by_density(rng, target)
        internal_members = [c for c, _role in team if c.kind == INTERNAL]
        external_members = [c for c, _role in team if c.kind == EXTERNAL]
        budgets = dict(
            zip(
                [c.id for c in internal_members],
                apportion(
                    FIGURES_1401["internal_half_hours"] // DEMO_UNIT_COUNT,
                    [rng.uniform(0.8, 1.2) for _ in internal_members],
                    minimum=12,
                ),
                strict=True,
            )
        )
        budgets.update(
            zip(
                [c.id for c in external_members],
                apportion(
                    FIGURES_1401["external_half_hours"] // DEMO_UNIT_COUNT,
                    [1.0] * len(external_members),
                    minimum=12,
                ),
                strict=True,
            )
        )
        specs.append(
            (
                rng,
                AssessmentSpec(
                    assessment=assessment,
                    team=team,
                    target_total=target,
                    strengths=counts.strengths,
                    improvements=counts.improvements,
                    best_practices=counts.best_practices,
                    site_visit_issues=rng.randint(3, 8),
                    projects_in_sections=counts.projects_in_sections,
                    projects_other=counts.projects_other,
                    half_hours=budgets,
                    window=window,
                    released=released,
                    current=True,
                    owner_id=None,
                    verifier_id=people.admin.pk,
                ),
            )
        )
    # The team service checks every place (conflicts of interest, one leader, once per team).
    assignments = assignments_create(actor=COMMAND_LINE, places=places)

    batch = ContentBatch()
    for rng, spec in specs:
        content_build(rng, spec, plan, batch)
    written = batch.write()
    for name, value in written.items():
        report.created[name] += value
    report.created["assignments"] += len(assignments)

    # Through the status rules; finalizing stores each result from the consensus scores.
    for status in (
        Assessment.Status.INDIVIDUAL,
        Assessment.Status.CONSENSUS,
        Assessment.Status.FINALIZED,
        Assessment.Status.RELEASED,
    ):
        assessments = assessments_transition(actor=COMMAND_LINE, assessments=assessments, to_status=status)
    # Finalizing and release happened after the window and at the festival, not today.
    finalized = aware(window[1] + datetime.timedelta(days=5), hour=14)
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        finalized_at=finalized, released_at=aware(released)
    )
    return len(assessments)
