"""One assessment's content, planned in memory and written as plain rows.

`content_build` plans an assessment's consensus and individual scores, findings, hours
and improvement projects into a `ContentBatch`; `ContentBatch.write` inserts them in
dependency order with `bulk.rows_insert` (COPY on PostgreSQL). None of these rows
carries a rule the services would refuse for a new, planned assessment of a team that
the services placed, so they skip the services (and so have no history rows).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import (
    Assessment,
    Assessor,
    AttributeScore,
    Finding,
    ImprovementProject,
    Score,
    TimeEntry,
)
from . import texts
from .bulk import ids_reserve, rows_insert, timestamp_value, value_preparer
from .plans import (
    Candidate,
    SubCriterionPlan,
    plan_consensus_scores,
    plan_individual_scores,
    split_hours,
    sub_percentages,
)
from .reference import FrameworkPlan
from .units import aware

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
OPEN_PROJECT_STATUSES = frozenset({"proposed", "approved", "in_progress"})
# Of the current cycle's open projects whose planned due date has passed, this share stays late.
OVERDUE_SHARE = 0.2


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
    # The day the demo is seeded: the current cycle's open projects are due around it.
    today: datetime.date | None = None


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


def _due_around(due: datetime.date, *, today: datetime.date, key) -> datetime.date:
    """A still-open project's due date, on whatever day the demo is seeded: most are still due,
    `OVERDUE_SHARE` of them a few weeks late. Its own random source, so that the rest of the
    demo is the same whatever the day."""
    if due >= today:
        return due
    timing = random.Random(repr(key))
    if timing.random() < OVERDUE_SHARE:
        return today - datetime.timedelta(days=timing.randint(7, 90))
    return today + datetime.timedelta(days=timing.randint(30, 300))


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
        if spec.current and spec.today is not None and status in OPEN_PROJECT_STATUSES:
            due = _due_around(due, today=spec.today, key=(spec.released, len(batch.projects)))
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
