"""Builds the demo programme in the database: reference data, units, people and four cycles.

The few rule-bearing steps go through the real services — loading the frameworks and
the default rating scheme, creating units, assessors, conflicts, cycles, assessments
and team assignments (which refuse conflicts of interest), moving each assessment
through its statuses, and storing its result, which the scoring service computes from
the stored consensus scores. The bulk of the rows (findings, scores, hours, projects)
is written as plain rows (`bulk.rows_insert`: COPY on PostgreSQL): fast, but without
history rows.

Each phase runs in its own transaction and is skipped when its data is already there,
so a second run creates nothing. Randomness comes from `random.Random` seeded with
1401 and the phase's name, so each phase builds the same rows whatever ran before.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import jdatetime
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence.roles import COMMAND_LINE, GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS, PROGRAMME_ADMIN_APPS
from organizations.models import Organization, OrganizationMember
from organizations.services import organization_create, organization_member_add

from ..models import (
    Assessment,
    AssessmentResult,
    Assessor,
    AttributeScore,
    ConflictOfInterest,
    Cycle,
    Finding,
    Framework,
    ImprovementProject,
    RadarAttribute,
    RatingScheme,
    Score,
    SubCriterion,
    TimeEntry,
)
from . import texts
from .bulk import ids_reserve, rows_insert, timestamp_value, value_preparer
from .people import (
    ADMIN,
    DEMO_CONFLICTS,
    MANAGER,
    DemoPerson,
    demo_assessors,
    demo_representatives,
)
from .plans import (
    EXTERNAL,
    INTERNAL,
    LEADER,
    Candidate,
    SubCriterionPlan,
    TeamPool,
    apportion,
    build_team,
    plan_consensus_scores,
    plan_individual_scores,
    split_hours,
    sub_percentages,
    team_violations,
)
from .units import (
    CURRENT_YEAR,
    CYCLE_CALENDAR,
    DEMO_UNITS,
    DEMO_YEARS,
    SITE_VISIT_OVERRIDES,
    WINDOW_DAYS,
    units_for_year,
)

SEED = 1401
DEMO_FRAMEWORK_CODE = "EFQM2013-IR1393"
DEMO_PASSWORD = "excellence-demo"
BATCH_SIZE = 2000

# Roles are read from the first two groups (excellence/roles.py); the demo also files its
# assessors and representatives in a group each, for the admin's user lists.
GROUP_ASSESSORS = "assessors"
GROUP_UNIT_REPRESENTATIVES = "unit_representatives"
DEMO_GROUPS = (GROUP_PROGRAMME_ADMINS, GROUP_MANAGERS, GROUP_ASSESSORS, GROUP_UNIT_REPRESENTATIVES)

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

PROJECT_SECTIONS = [str(category) for category in ImprovementProject.SECTIONS]
# Which section an improvement point of a criterion (EFQM 2013 codes) most likely feeds.
SECTION_BY_CRITERION = {
    "1": "strategy",
    "2": "strategy",
    "3": "human_capital",
    "4": "processes",
    "5": "processes",
    "6": "stakeholders",
    "7": "human_capital",
    "8": "stakeholders",
    "9": "results",
}

# Status mix of improvement projects: the current cycle's are under way, older ones done.
CURRENT_PROJECT_STATUSES = {
    "proposed": 12,
    "approved": 18,
    "in_progress": 35,
    "completed": 17,
    "verified": 12,
    "cancelled": 6,
}
PAST_PROJECT_STATUSES = {"approved": 2, "in_progress": 8, "completed": 25, "verified": 55, "cancelled": 10}

Say = Callable[[str], None]


def seeded_random(*parts) -> random.Random:
    """A generator seeded with 1401 and `parts`: the same parts always give the same numbers."""
    return random.Random(":".join(str(part) for part in (SEED, *parts)))


def jalali_to_date(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def aware(date: datetime.date, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on `date` in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def cycle_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The six-week window (42 days, both ends included) of a demo or synthetic cycle."""
    start = jalali_to_date(*CYCLE_CALENDAR.get(year, {"window_start": (year, 5, 1)})["window_start"])
    return start, start + datetime.timedelta(days=WINDOW_DAYS - 1)


def release_date(year: int) -> datetime.date:
    return jalali_to_date(*CYCLE_CALENDAR.get(year, {"released": (year, 8, 12)})["released"])


# --------------------------------------------------------------------------- report


@dataclass
class SeedReport:
    """What a run did, phase by phase: rows created and phases skipped."""

    lines: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, line: str, say: Say | None) -> None:
        self.lines.append(line)
        if say is not None:
            say(line)


# --------------------------------------------------------------------------- reference data


def reference_data_ensure(*, report: SeedReport, say: Say | None = None) -> tuple[Framework, RatingScheme]:
    """Load the shipped frameworks (those not loaded yet) and make sure the default scheme exists."""
    from ..framework_documents import framework_file_parse
    from ..services.frameworks import framework_load_from_file, shipped_framework_files
    from ..services.rating_schemes import rating_scheme_default_ensure

    loaded = []
    with transaction.atomic():
        for path in shipped_framework_files():
            document = framework_file_parse(path=path)
            code = document.get("code") if isinstance(document, dict) else None
            if code and Framework.objects.filter(code=code).exists():
                continue
            framework = framework_load_from_file(actor=COMMAND_LINE, path=path)
            loaded.append(framework.code)
        scheme = rating_scheme_default_ensure(actor=COMMAND_LINE)
    framework = Framework.objects.get(code=DEMO_FRAMEWORK_CODE)
    if loaded:
        report.created["frameworks"] += len(loaded)
        report.add(_("Frameworks loaded: %(codes)s.") % {"codes": ", ".join(loaded)}, say)
    else:
        report.add(_("Frameworks: already loaded."), say)
    return framework, scheme


# --------------------------------------------------------------------------- units and people


def units_ensure(*, report: SeedReport, say: Say | None = None) -> dict[str, Organization]:
    """The twenty demo units, created through the organization service when missing."""
    existing = {
        unit.code: unit for unit in Organization.objects.filter(code__in=[u.code for u in DEMO_UNITS])
    }
    created = 0
    with transaction.atomic():
        for unit in DEMO_UNITS:
            if unit.code in existing:
                continue
            existing[unit.code] = organization_create(
                actor=COMMAND_LINE,
                code=unit.code,
                name_fa=unit.name_fa,
                name_en=unit.name_en,
                kind=unit.kind,
                is_demo=True,
            )
            created += 1
    report.created["organizations"] += created
    report.add(
        _("Units: %(created)s created, %(kept)s already there.")
        % {"created": created, "kept": len(DEMO_UNITS) - created},
        say,
    )
    return existing


@dataclass
class DemoPeople:
    admin: object
    manager: object
    assessors: list[Assessor]
    representatives: dict[str, object]  # unit code → user

    @property
    def login_users(self) -> list:
        return [self.admin, self.manager, *(a.user for a in self.assessors), *self.representatives.values()]


def _user_ensure(person: DemoPerson, *, created: list, **flags):
    User = get_user_model()
    user = User.objects.filter(username=person.username).first()
    if user is None:
        user = User.objects.create_user(
            username=person.username,
            password=None,  # unusable until logins are enabled
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@demo.invalid",
            **flags,
        )
        created.append(user)
    return user


def people_ensure(
    *, units: dict[str, Organization], report: SeedReport, say: Say | None = None
) -> DemoPeople:
    """Groups, admin, manager, 55 internal and 10 external assessors, conflicts, unit representatives."""
    from ..services.assessors import assessor_create, conflict_of_interest_declare

    unit_codes = [unit.code for unit in DEMO_UNITS]
    created_users: list = []
    created_assessors = created_conflicts = created_members = 0
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in DEMO_GROUPS}
        # An office member who is staff but not a superuser runs the programme through the admin.
        groups[GROUP_PROGRAMME_ADMINS].permissions.set(
            Permission.objects.filter(content_type__app_label__in=PROGRAMME_ADMIN_APPS)
        )
        admin = _user_ensure(ADMIN, created=created_users, is_staff=True, is_superuser=True)
        manager = _user_ensure(MANAGER, created=created_users)
        groups[GROUP_PROGRAMME_ADMINS].user_set.add(admin)
        groups[GROUP_MANAGERS].user_set.add(manager)

        existing = {
            a.user.username: a
            for a in Assessor.objects.select_related("user").filter(user__username__startswith="assessor")
        }
        assessors = []
        for spec in demo_assessors(unit_codes):
            assessor = existing.get(spec.person.username)
            if assessor is None:
                user = _user_ensure(spec.person, created=created_users)
                assessor = assessor_create(
                    actor=COMMAND_LINE,
                    user=user,
                    kind=spec.kind,
                    home_organization=units[spec.home_code] if spec.home_code else None,
                    affiliation=spec.affiliation,
                    qualifications=spec.qualifications,
                )
                created_assessors += 1
            assessors.append(assessor)
        groups[GROUP_ASSESSORS].user_set.add(*(a.user for a in assessors))

        by_username = {a.user.username: a for a in assessors}
        for conflict in DEMO_CONFLICTS:
            assessor, organization = by_username[conflict.username], units[conflict.organization_code]
            if not ConflictOfInterest.objects.filter(assessor=assessor, organization=organization).exists():
                conflict_of_interest_declare(
                    actor=COMMAND_LINE, assessor=assessor, organization=organization, reason=conflict.reason
                )
                created_conflicts += 1

        representatives = {}
        for code, person in zip(unit_codes, demo_representatives(unit_codes), strict=True):
            user = _user_ensure(person, created=created_users)
            if not OrganizationMember.objects.filter(organization=units[code], user=user).exists():
                organization_member_add(actor=COMMAND_LINE, organization=units[code], user=user)
                created_members += 1
            representatives[code] = user
        groups[GROUP_UNIT_REPRESENTATIVES].user_set.add(*representatives.values())

    report.created["users"] += len(created_users)
    report.created["assessors"] += created_assessors
    report.created["conflicts"] += created_conflicts
    report.created["representatives"] += created_members
    report.add(
        _(
            "People: %(users)s users, %(assessors)s assessors, %(conflicts)s conflicts of interest "
            "and %(representatives)s unit representatives created."
        )
        % {
            "users": len(created_users),
            "assessors": created_assessors,
            "conflicts": created_conflicts,
            "representatives": created_members,
        },
        say,
    )
    return DemoPeople(admin=admin, manager=manager, assessors=assessors, representatives=representatives)


def logins_enable(*, users: Sequence, password: str, report: SeedReport, say: Say | None = None) -> int:
    """Give every demo login `password`, hashed once so that it stays fast. Returns how many changed."""
    matches: dict[str, bool] = {}  # each distinct stored hash is checked once
    stale = []
    for user in users:
        if user.password not in matches:
            # An unusable password cannot match; checking it would still cost a full hash.
            usable = is_password_usable(user.password)
            matches[user.password] = usable and check_password(password, user.password)
        if not matches[user.password]:
            stale.append(user)
    if stale:
        encoded = make_password(password)
        for user in stale:
            user.password = encoded
        get_user_model().objects.bulk_update(stale, ["password"])
    report.add(
        _("Demo logins: %(set)s passwords set, %(kept)s already set.")
        % {"set": len(stale), "kept": len(users) - len(stale)},
        say,
    )
    return len(stale)


# --------------------------------------------------------------------------- framework


@dataclass(frozen=True)
class FrameworkPlan:
    framework: Framework
    subs: tuple[SubCriterionPlan, ...]


def framework_plan_load(framework: Framework) -> FrameworkPlan:
    """The framework's sub-criteria with each RADAR attribute's share of the total (DESIGN §3)."""
    attributes = RadarAttribute.objects.filter(element__framework=framework).order_by(
        "element__kind", "element__order", "element__code", "order", "code"
    )
    elements: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for attribute in attributes.select_related("element"):
        elements[attribute.element.kind].setdefault(attribute.element_id, []).append(attribute.pk)
    subs = []
    for sub in (
        SubCriterion.objects.filter(framework=framework)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code", "order", "code")
    ):
        kind_elements = elements[sub.criterion.kind]
        share = Fraction(sub.criterion.points) * Fraction(sub.weight) / 100 / len(kind_elements)
        weights = tuple(
            (attribute_id, share / len(ids)) for ids in kind_elements.values() for attribute_id in ids
        )
        subs.append(
            SubCriterionPlan(
                id=sub.pk,
                code=sub.code,
                criterion_code=sub.criterion.code,
                kind=sub.criterion.kind,
                attribute_weights=weights,
            )
        )
    return FrameworkPlan(framework=framework, subs=tuple(subs))


# --------------------------------------------------------------------------- one assessment's content


@dataclass
class AssessmentSpec:
    """Everything to write for one assessment, decided before any row is built."""

    assessment: Assessment
    team: list[tuple[Assessor | Candidate, str]]
    target_total: int
    strengths: int
    improvements: int
    best_practices: int
    site_visit_issues: int
    projects_in_sections: int
    projects_other: int
    half_hours: dict[int, int]  # assessor id → budget
    window: tuple[datetime.date, datetime.date]
    released: datetime.date
    current: bool
    owner_id: int | None
    verifier_id: int | None


@dataclass(slots=True)
class FindingRow:
    assessment_id: int
    sub_criterion_id: int
    kind: str
    stage: str
    author_id: int | None
    text: str
    merged: list[FindingRow] = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class ScoreRow:
    assessment_id: int
    sub_criterion_id: int
    stage: str
    assessor_id: int | None
    values: dict[int, int]
    id: int | None = None


@dataclass(slots=True)
class TimeEntryRow:
    assessment_id: int
    assessor_id: int
    date: datetime.date
    hours: Decimal
    activity: str


@dataclass(slots=True)
class ProjectRow:
    organization_id: int
    cycle_id: int
    title: str
    description: str
    category: str
    owner_id: int | None
    start_date: datetime.date | None
    due_date: datetime.date | None
    status: str
    progress: int
    points: list[FindingRow]
    verification_note: str = ""
    verified_by_id: int | None = None
    verified_at: datetime.datetime | None = None
    id: int | None = None


@dataclass
class ContentBatch:
    """Plain rows of a few assessments, written in dependency order by `write`.

    Rows get their keys from `ids_reserve` and go in with `rows_insert` (COPY on
    PostgreSQL): no model instances, no signals, no history rows.
    """

    individual_findings: list[FindingRow] = field(default_factory=list)
    consensus_findings: list[FindingRow] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    time_entries: list[TimeEntryRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)

    def write(self) -> dict[str, int]:
        findings = [*self.individual_findings, *self.consensus_findings]
        for row, pk in zip(findings, ids_reserve(Finding, len(findings)), strict=True):
            row.id = pk
        now = timestamp_value(Finding)
        rows_insert(
            Finding,
            ("id", "created_at", "updated_at", "assessment_id", "sub_criterion_id", "kind", "stage")
            + ("author_id", "text"),
            (
                (f.id, now, now, f.assessment_id, f.sub_criterion_id, f.kind, f.stage, f.author_id, f.text)
                for f in findings
            ),
        )
        merges = rows_insert(
            Finding.merged_from.through,
            ("from_finding_id", "to_finding_id"),
            ((f.id, merged.id) for f in self.consensus_findings for merged in f.merged),
        )

        for row, pk in zip(self.scores, ids_reserve(Score, len(self.scores)), strict=True):
            row.id = pk
        rows_insert(
            Score,
            ("id", "created_at", "updated_at", "assessment_id", "sub_criterion_id", "stage", "assessor_id"),
            (
                (s.id, now, now, s.assessment_id, s.sub_criterion_id, s.stage, s.assessor_id)
                for s in self.scores
            ),
        )
        attribute_scores = rows_insert(
            AttributeScore,
            ("created_at", "updated_at", "score_id", "attribute_id", "value"),
            (
                (now, now, s.id, attribute_id, value)
                for s in self.scores
                for attribute_id, value in s.values.items()
            ),
        )

        entry_date, entry_hours = value_preparer(TimeEntry, "date"), value_preparer(TimeEntry, "hours")
        rows_insert(
            TimeEntry,
            ("created_at", "updated_at", "assessment_id", "assessor_id", "date", "hours", "activity", "note"),
            (
                (
                    now,
                    now,
                    t.assessment_id,
                    t.assessor_id,
                    entry_date(t.date),
                    entry_hours(t.hours),
                    t.activity,
                    "",
                )
                for t in self.time_entries
            ),
        )

        for row, pk in zip(self.projects, ids_reserve(ImprovementProject, len(self.projects)), strict=True):
            row.id = pk
        project_date = value_preparer(ImprovementProject, "start_date")
        project_moment = value_preparer(ImprovementProject, "verified_at")
        rows_insert(
            ImprovementProject,
            ("id", "created_at", "updated_at", "organization_id", "cycle_id", "title", "description")
            + ("category", "owner_id", "start_date", "due_date", "status", "progress")
            + ("verification_note", "verified_by_id", "verified_at"),
            (
                (p.id, now, now, p.organization_id, p.cycle_id, p.title, p.description)
                + (p.category, p.owner_id, project_date(p.start_date), project_date(p.due_date), p.status)
                + (p.progress, p.verification_note, p.verified_by_id, project_moment(p.verified_at))
                for p in self.projects
            ),
        )
        links = rows_insert(
            ImprovementProject.improvement_points.through,
            ("improvementproject_id", "finding_id"),
            ((p.id, point.id) for p in self.projects for point in p.points),
        )
        return {
            "findings": len(findings),
            "finding merges": merges,
            "scores": len(self.scores),
            "attribute scores": attribute_scores,
            "time entries": len(self.time_entries),
            "projects": len(self.projects),
            "project links": links,
        }


def _weighted_pick(rng: random.Random, items: Sequence, weights: Sequence[float], count: int) -> list:
    return rng.choices(items, weights=weights, k=count) if count else []


def content_build(rng: random.Random, spec: AssessmentSpec, plan: FrameworkPlan, batch: ContentBatch) -> None:
    """Scores, findings, hours and projects of one assessment, added to `batch` (nothing saved yet)."""
    assessment_id = spec.assessment.pk
    subs = plan.subs
    member_ids = [_assessor_id(member) for member, _role in spec.team]

    # Scores: the team's consensus, steered to the target total, and each member's own.
    consensus = plan_consensus_scores(rng, subs, spec.target_total)
    batch.scores.extend(
        ScoreRow(assessment_id, sub.id, Score.Stage.CONSENSUS, None, consensus[sub.id]) for sub in subs
    )
    for assessor_id, own in zip(
        member_ids, plan_individual_scores(rng, consensus, len(member_ids)), strict=True
    ):
        batch.scores.extend(
            ScoreRow(assessment_id, sub.id, Score.Stage.INDIVIDUAL, assessor_id, own[sub.id]) for sub in subs
        )

    # Findings: strengths where scores are high, improvement points where they are low.
    percentages = sub_percentages(consensus)
    weights_by_kind = {
        Finding.Kind.STRENGTH: [percentages[s.id] + 5 for s in subs],
        Finding.Kind.IMPROVEMENT: [105 - percentages[s.id] for s in subs],
        Finding.Kind.BEST_PRACTICE: [max(percentages[s.id] - 30, 1) for s in subs],
        Finding.Kind.SITE_VISIT_ISSUE: [3 if s.kind == "enabler" else 1 for s in subs],
    }
    counts = {
        Finding.Kind.STRENGTH: spec.strengths,
        Finding.Kind.IMPROVEMENT: spec.improvements,
        Finding.Kind.BEST_PRACTICE: spec.best_practices,
        Finding.Kind.SITE_VISIT_ISSUE: spec.site_visit_issues,
    }
    improvements: list[tuple[FindingRow, SubCriterionPlan]] = []
    for kind, count in counts.items():
        for sub in _weighted_pick(rng, subs, weights_by_kind[kind], count):
            text = texts.finding_text(
                rng,
                criterion_code=sub.criterion_code,
                sub_code=sub.code,
                criterion_kind=sub.kind,
                finding_kind=str(kind),
            )
            authors = rng.sample(member_ids, 1 if rng.random() < 0.55 or len(member_ids) < 2 else 2)
            merged = [
                FindingRow(
                    assessment_id,
                    sub.id,
                    kind,
                    Finding.Stage.INDIVIDUAL,
                    author_id,
                    texts.individual_text(rng, text),
                )
                for author_id in authors
            ]
            batch.individual_findings.extend(merged)
            finding = FindingRow(assessment_id, sub.id, kind, Finding.Stage.CONSENSUS, None, text, merged)
            batch.consensus_findings.append(finding)
            if kind == Finding.Kind.IMPROVEMENT:
                improvements.append((finding, sub))

    _time_entries_build(rng, spec, batch)
    _projects_build(rng, spec, improvements, batch)


def _assessor_id(member) -> int:
    return member.id if isinstance(member, Candidate) else member.pk


def _time_entries_build(rng: random.Random, spec: AssessmentSpec, batch: ContentBatch) -> None:
    """Each member's budget as dated entries inside the window, at most 10 h a day per person."""
    start, end = spec.window
    site_visit = spec.assessment.site_visit_date
    day = datetime.timedelta(days=1)
    ranges = {
        "document_review": (start, max(start, site_visit - day)),
        "site_visit": (site_visit, min(end, site_visit + day)),
        "consensus_meeting": (min(end, site_visit + 2 * day), min(end, site_visit + 10 * day)),
        "report_writing": (min(end, site_visit + 3 * day), end),
        "other": (start, end),
    }
    for member, _role in spec.team:
        assessor_id = _assessor_id(member)
        used: dict[datetime.date, int] = defaultdict(int)
        for activity, half_hours in split_hours(rng, spec.half_hours[assessor_id]):
            date = _free_day(rng, ranges[activity], used, half_hours) or _free_day(
                rng, (start, end), used, half_hours
            )
            if date is None:
                raise ValueError(f"No free day left for assessor {assessor_id} in {start}–{end}.")
            used[date] += half_hours
            batch.time_entries.append(
                TimeEntryRow(spec.assessment.pk, assessor_id, date, Decimal(half_hours) / 2, activity)
            )


def _free_day(rng, date_range, used, half_hours, *, day_limit=20):
    first, last = date_range
    days = (last - first).days + 1
    offsets = list(range(days))
    rng.shuffle(offsets)
    for offset in offsets:
        date = first + datetime.timedelta(days=offset)
        if used[date] + half_hours <= day_limit:
            return date
    return None


def _projects_build(
    rng: random.Random,
    spec: AssessmentSpec,
    improvements: list[tuple[FindingRow, SubCriterionPlan]],
    batch: ContentBatch,
) -> None:
    """Projects answering the assessment's improvement points, 1–3 linked to each."""
    if not improvements:
        return
    by_section: dict[str, list[FindingRow]] = defaultdict(list)
    for finding, sub in improvements:
        section = SECTION_BY_CRITERION.get(sub.criterion_code, "processes")
        if sub.kind == "result" and sub.code.endswith("b"):
            section = "indicators"
        by_section[section].append(finding)
    all_points = [finding for finding, _sub in improvements]
    categories = [rng.choice(PROJECT_SECTIONS) for _ in range(spec.projects_in_sections)]
    categories += ["other"] * spec.projects_other
    statuses = CURRENT_PROJECT_STATUSES if spec.current else PAST_PROJECT_STATUSES
    used_titles: dict[str, int] = defaultdict(int)
    for category in categories:
        pool = by_section.get(category) or all_points
        points = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2, 2, 3))))
        status = rng.choices(list(statuses), weights=list(statuses.values()))[0]
        start = spec.released + datetime.timedelta(days=rng.randint(15, 120))
        due = start + datetime.timedelta(days=rng.randint(60, 300))
        progress = {
            "proposed": 0,
            "approved": rng.choice((0, 5, 10)),
            "in_progress": 5 * rng.randint(2, 18),
            "completed": 100,
            "verified": 100,
            "cancelled": 5 * rng.randint(0, 8),
        }[status]
        project = ProjectRow(
            organization_id=spec.assessment.organization_id,
            cycle_id=spec.assessment.cycle_id,
            title=texts.project_title(category, used_titles[category]),
            description=f"در پاسخ به نقطه قابل بهبود: {points[0].text}",
            category=category,
            owner_id=spec.owner_id,
            start_date=None if status == "proposed" else start,
            due_date=due,
            status=status,
            progress=progress,
            points=points,
        )
        if status == "verified":
            project.verified_by_id = spec.verifier_id
            project.verified_at = aware(due + datetime.timedelta(days=rng.randint(5, 30)), hour=11)
            project.verification_note = rng.choice(texts.VERIFICATION_NOTES)
        used_titles[category] += 1
        batch.projects.append(project)


# --------------------------------------------------------------------------- counts


def _totals(year: int) -> dict[str, int]:
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


# --------------------------------------------------------------------------- a demo cycle


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


def _half_hour_budgets(
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
    targets = _totals(year)
    specs_units = units_for_year(year)

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
            problems = team_violations(team, assessment.organization_id)
            if problems:
                raise ValueError(f"Team of {assessment}: {', '.join(problems)}.")
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

        budgets = _half_hour_budgets(rng, team_rows, year)
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
            )
            content_build(seeded_random("content", year, unit.code), spec, plan, batch)
        written = batch.write()

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


# --------------------------------------------------------------------------- the whole demo


@dataclass
class DemoBuild:
    """What `demo_build` made or found, for a synthetic cycle to build on."""

    report: SeedReport
    plan: FrameworkPlan
    scheme: RatingScheme
    people: DemoPeople


def demo_build(*, password: str | None, say: Say | None = None) -> DemoBuild:
    """Build (or complete) the demo: reference data, units, people, cycles 1398–1401, logins."""
    report = SeedReport()
    framework, scheme = reference_data_ensure(report=report, say=say)
    units = units_ensure(report=report, say=say)
    people = people_ensure(units=units, report=report, say=say)
    plan = framework_plan_load(framework)
    for year in DEMO_YEARS:
        cycle_build(year=year, plan=plan, scheme=scheme, units=units, people=people, report=report, say=say)
    if password:
        with transaction.atomic():
            logins_enable(users=people.login_users, password=password, report=report, say=say)
    else:
        report.add(_("Demo logins: no password set (DEBUG is off and no --password given)."), say)
    return DemoBuild(report=report, plan=plan, scheme=scheme, people=people)
