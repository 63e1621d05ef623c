"""Improvement projects as the pages read them: lists, one project, a unit's, the programme's.

Every read starts from `access.projects_visible(user)`, so a person never reads a project
outside their scope, and every figure is counted in the database. Scores come from
`selectors.results` (consensus scores → `scoring`), never recomputed here.

Closing the loop: a project answers improvement points found against sub-criteria in
its cycle; whether it moved the scores shows in those sub-criteria's consensus
percentages in the unit's assessment of that cycle and of the next cycle. Only scores
the person may see count (a representative: released assessments).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from excellence.languages import is_english
from organizations.models import Organization

from .. import access
from ..models import Assessment, Cycle, Finding, ImprovementProject, ProjectUpdate, Score, SubCriterion
from ..scoring import score_assessment
from ..services.projects import PROGRESS_REPORTING_STATUSES, PROJECT_TRANSITION_ACTIONS, PROJECT_TRANSITIONS
from ..services.rules import project_is_editable, project_owners_of
from .results import LOCKED_STATUSES, FrameworkCache, consensus_scores_load, framework_structure_load

Status = ImprovementProject.Status
Category = ImprovementProject.Category

# A project still to be finished: once completed, verified or cancelled it cannot be late.
OPEN_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS)

# How many timeline entries a unit's summary shows (its projects' pages show all of theirs).
UNIT_LATEST_UPDATES = 5


def overdue_condition(*, today: datetime.date | None = None) -> Q:
    """Overdue: the due date has passed and the project is not completed (nor verified, nor cancelled)."""
    # `due_date IS NOT NULL` keeps the answer False, not NULL, for a project without a due date.
    return Q(due_date__isnull=False, due_date__lt=today or timezone.localdate(), status__in=OPEN_STATUSES)


def with_overdue(projects: QuerySet[ImprovementProject]) -> QuerySet[ImprovementProject]:
    """`projects`, each with `is_overdue` computed by the database from `overdue_condition`."""
    return projects.annotate(is_overdue=ExpressionWrapper(overdue_condition(), output_field=BooleanField()))


def person_name(user) -> str:
    """A person as pages name them: their full name; their login only when no name is recorded."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _localized(row, field: str = "name") -> str:
    english = getattr(row, f"{field}_en", "")
    return english if is_english() and english else getattr(row, f"{field}_fa")


# --------------------------------------------------------------------------- lists


def projects_for_list(*, user) -> QuerySet[ImprovementProject]:
    """The projects a person sees, ready for a list: unit, cycle and owner loaded, `is_overdue` set.

    Newest cycle first, then by unit and project; the list's FilterSet narrows it down.
    """
    return with_overdue(
        access.projects_visible(user)
        .select_related("organization", "cycle", "owner")
        .order_by("-cycle__year", "organization__kind", "organization__code", "id")
    )


# --------------------------------------------------------------------------- one project


@dataclass(frozen=True)
class StatusMove:
    """A status the project may move to next, and whether this person may make that move."""

    status: str
    label: str
    allowed: bool

    @property
    def needs_note(self) -> bool:
        return self.status == Status.VERIFIED


@dataclass(frozen=True)
class SubCriterionChange:
    """One sub-criterion's consensus percentage in a cycle and in the next (None: no visible score)."""

    sub_criterion: SubCriterion
    before: Decimal | None
    after: Decimal | None
    projects: int = 1
    verified: int = 0

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def name(self) -> str:
        return _localized(self.sub_criterion)


@dataclass(frozen=True)
class LoopCycle:
    """Closing the loop for the projects of one cycle: their sub-criteria, that cycle against the next.

    `next_cycle` is None while there is no later cycle; `comparable` is False when the next
    cycle uses another framework (its sub-criteria are not the same). `after_provisional`
    says the next cycle's assessment is not finalized yet.
    """

    cycle: Cycle
    next_cycle: Cycle | None
    comparable: bool
    after_provisional: bool
    rows: tuple[SubCriterionChange, ...]

    @property
    def improved(self) -> int:
        return sum(1 for row in self.rows if row.change is not None and row.change > 0)

    @property
    def compared(self) -> int:
        return sum(1 for row in self.rows if row.change is not None)


@dataclass(frozen=True)
class ProjectDetail:
    project: ImprovementProject
    points: list[Finding]
    timeline: list[ProjectUpdate]
    moves: list[StatusMove]
    editable: bool
    can_change: bool
    can_report_progress: bool
    loop: LoopCycle | None

    @property
    def owner_name(self) -> str:
        return person_name(self.project.owner)

    @property
    def allowed_moves(self) -> list[StatusMove]:
        return [move for move in self.moves if move.allowed]

    @property
    def next_labels(self) -> list[str]:
        return [str(move.label) for move in self.moves]


def project_detail(*, user, project_id: int) -> ProjectDetail:
    """One visible project (`ImprovementProject.DoesNotExist` otherwise), in a fixed number of queries."""
    project = (
        with_overdue(access.projects_visible(user))
        .select_related("organization", "cycle__framework", "owner", "verified_by")
        .get(pk=project_id)
    )
    points = list(
        project.improvement_points.select_related("sub_criterion__criterion", "assessment").order_by(
            "sub_criterion__criterion__order", "sub_criterion__order", "sub_criterion__code", "id"
        )
    )
    timeline = list(project.updates.select_related("author").order_by("-date", "-id"))
    editable = project_is_editable(project)
    moves = [
        StatusMove(
            status=target,
            label=Status(target).label,
            allowed=editable
            and access.can(user, PROJECT_TRANSITION_ACTIONS.get(target, "project.change"), project),
        )
        for target in sorted(PROJECT_TRANSITIONS[project.status], key=list(Status).index)
    ]
    can_change = editable and access.can(user, "project.change", project)
    loops = _loop_cycles(
        user=user,
        links=[
            Link(project.organization_id, project.cycle_id, point.sub_criterion, project.pk, project.status)
            for point in points
        ],
    ).get(project.organization_id, [])
    return ProjectDetail(
        project=project,
        points=points,
        timeline=timeline,
        moves=moves,
        editable=editable,
        can_change=can_change,
        can_report_progress=can_change and project.status in PROGRESS_REPORTING_STATUSES,
        loop=loops[0] if loops else None,
    )


# --------------------------------------------------------------------------- closing the loop


def _visible_percentages(
    *, user, assessments: list[Assessment], cache: FrameworkCache
) -> dict[int, dict[str, Decimal]]:
    """Consensus percentage per sub-criterion code, by assessment id, of the assessments whose
    consensus scores `user` may see; one query for the scope, then two per framework at most."""
    visible = set(
        access.scores_visible(user)
        .filter(stage=Score.Stage.CONSENSUS, assessment_id__in=[assessment.pk for assessment in assessments])
        .order_by()
        .values_list("assessment_id", flat=True)
        .distinct()
    )
    by_framework: dict[int, list[int]] = defaultdict(list)
    for assessment in assessments:
        if assessment.pk in visible:
            by_framework[assessment.cycle.framework_id].append(assessment.pk)
    percentages: dict[int, dict[str, Decimal]] = {}
    for framework_id, ids in by_framework.items():
        framework = framework_structure_load(framework_id=framework_id, cache=cache)
        scores = consensus_scores_load(assessment_ids=ids, framework=framework)
        for assessment_id in ids:
            scoring = score_assessment(framework.structure, scores.get(assessment_id, {}))
            percentages[assessment_id] = dict(scoring.percentages)
    return percentages


@dataclass(frozen=True)
class Link:
    """A project's link to an improvement point, reduced to what closing the loop needs."""

    organization_id: int
    cycle_id: int
    sub_criterion: SubCriterion
    project_id: int
    status: str


def _loop_cycles(*, user, links: list[Link]) -> dict[int, list[LoopCycle]]:
    """By unit, `links` grouped by cycle (newest first), each sub-criterion's percentage in that
    cycle and the next; a fixed number of queries whatever the number of units and links."""
    if not links:
        return {}
    cycles = list(Cycle.objects.select_related("framework").order_by("year"))
    following = {cycle.pk: later for cycle, later in zip(cycles, [*cycles[1:], None], strict=True)}
    by_id = {cycle.pk: cycle for cycle in cycles}
    wanted = {link.cycle_id for link in links}
    wanted |= {following[cycle_id].pk for cycle_id in list(wanted) if following.get(cycle_id)}
    assessments = list(
        Assessment.objects.filter(
            organization_id__in={link.organization_id for link in links}, cycle_id__in=wanted
        ).select_related("cycle")
    )
    by_unit_cycle = {
        (assessment.organization_id, assessment.cycle_id): assessment for assessment in assessments
    }
    percentages = _visible_percentages(user=user, assessments=assessments, cache={})

    grouped: dict[tuple[int, int], dict[int, tuple[SubCriterion, set[int], set[int]]]] = defaultdict(dict)
    for link in links:
        sub = link.sub_criterion
        _sub, projects, verified = grouped[(link.organization_id, link.cycle_id)].setdefault(
            sub.pk, (sub, set(), set())
        )
        projects.add(link.project_id)
        if link.status == Status.VERIFIED:
            verified.add(link.project_id)

    loops: dict[int, list[LoopCycle]] = defaultdict(list)
    for organization_id, cycle_id in sorted(grouped, key=lambda key: (key[0], -by_id[key[1]].year)):
        cycle, later = by_id[cycle_id], following.get(cycle_id)
        comparable = later is not None and later.framework_id == cycle.framework_id
        before_assessment = by_unit_cycle.get((organization_id, cycle_id))
        after_assessment = by_unit_cycle.get((organization_id, later.pk)) if comparable else None
        before = percentages.get(getattr(before_assessment, "pk", None), {})
        after = percentages.get(getattr(after_assessment, "pk", None), {})
        rows = tuple(
            SubCriterionChange(
                sub_criterion=sub,
                before=before.get(sub.code),
                after=after.get(sub.code),
                projects=len(projects),
                verified=len(verified),
            )
            for sub, projects, verified in sorted(
                grouped[(organization_id, cycle_id)].values(),
                key=lambda item: (item[0].criterion.order, item[0].order, item[0].code),
            )
        )
        loops[organization_id].append(
            LoopCycle(
                cycle=cycle,
                next_cycle=later,
                comparable=comparable,
                after_provisional=bool(after) and after_assessment.status not in LOCKED_STATUSES,
                rows=rows,
            )
        )
    return loops


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class UnitProjects:
    """A unit's improvement projects at a glance, for its dashboard page and its representative.

    `cycle` is the latest cycle with projects of the unit; the counts are that cycle's.
    `loops` closes the loop for each cycle with projects, newest first.
    """

    organization: Organization
    cycle: Cycle | None
    total: int
    by_status: tuple[tuple[str, str, int], ...]  # (status, label, count), in DESIGN §2's order
    overdue: int
    latest_updates: list[ProjectUpdate]
    loops: list[LoopCycle]

    @property
    def compared_loop(self) -> LoopCycle | None:
        """The newest cycle whose projects can be held against the next cycle's scores."""
        return next((loop for loop in self.loops if loop.comparable), None)


def unit_projects(*, user, organization: Organization) -> UnitProjects:
    """The unit's projects as `user` may see them: nothing when they may see none of the unit's."""
    return units_projects(user=user, organizations=[organization])[0]


def units_projects(*, user, organizations: list[Organization]) -> list[UnitProjects]:
    """`unit_projects` of several units, in their order, in a fixed number of queries."""
    ids = [organization.pk for organization in organizations]
    projects = access.projects_visible(user).filter(organization_id__in=ids)
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    overdue: Counter = Counter()
    rows = (
        with_overdue(projects)
        .order_by()
        .values("organization_id", "cycle_id", "status", "is_overdue")
        .annotate(count=Count("id"))
    )
    for row in rows:
        counts[(row["organization_id"], row["cycle_id"])][row["status"]] += row["count"]
        if row["is_overdue"]:
            overdue[(row["organization_id"], row["cycle_id"])] += row["count"]
    cycles = Cycle.objects.in_bulk({cycle_id for _unit, cycle_id in counts})
    latest: dict[int, Cycle] = {}
    for organization_id, cycle_id in counts:
        cycle = cycles[cycle_id]
        if organization_id not in latest or cycle.year > latest[organization_id].year:
            latest[organization_id] = cycle
    updates: dict[int, list[ProjectUpdate]] = defaultdict(list)
    newest = (
        ProjectUpdate.objects.filter(project__in=projects)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project__organization_id")],
                order_by=[F("date").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=UNIT_LATEST_UPDATES)
        .select_related("project", "author")
        .order_by("-date", "-id")
    )
    for update in newest:
        updates[update.project.organization_id].append(update)
    loops = _loop_cycles(user=user, links=_unit_links(projects))
    result = []
    for organization in organizations:
        cycle = latest.get(organization.pk)
        key = (organization.pk, cycle.pk if cycle else None)
        result.append(
            UnitProjects(
                organization=organization,
                cycle=cycle,
                total=sum(counts[key].values()) if cycle else 0,
                by_status=tuple(
                    (status, Status(status).label, counts[key].get(status, 0)) for status in Status
                ),
                overdue=overdue.get(key, 0),
                latest_updates=updates.get(organization.pk, []),
                loops=loops.get(organization.pk, []),
            )
        )
    return result


def _unit_links(projects: QuerySet[ImprovementProject]) -> list[Link]:
    """Every improvement point the projects answer, as `Link`s; two queries."""
    through = ImprovementProject.improvement_points.through
    rows = list(
        through.objects.filter(improvementproject__in=projects)
        .order_by()
        .values_list(
            "improvementproject__organization_id",
            "improvementproject__cycle_id",
            "finding__sub_criterion_id",
            "improvementproject_id",
            "improvementproject__status",
        )
    )
    subs = SubCriterion.objects.select_related("criterion").in_bulk({row[2] for row in rows})
    return [Link(unit, cycle, subs[sub_id], project, status) for unit, cycle, sub_id, project, status in rows]


# --------------------------------------------------------------------------- the programme


@dataclass(frozen=True)
class CategoryShare:
    category: str
    label: str
    count: int
    share: Decimal  # percent of the cycle's projects, one decimal


@dataclass(frozen=True)
class UnitRow:
    organization_id: int
    code: str
    name_fa: str
    name_en: str
    kind: str
    total: int
    by_status: tuple[int, ...]  # in DESIGN §2's order, as `ProgrammeProjects.statuses`
    overdue: int
    mean_progress: Decimal | None

    @property
    def name(self) -> str:
        return self.name_en if is_english() and self.name_en else self.name_fa


@dataclass(frozen=True)
class ProgrammeProjects:
    """The programme's view of a cycle's projects: categories with shares, statuses, overdue, units."""

    cycle: Cycle
    total: int
    categories: tuple[CategoryShare, ...]  # the six sections, then other
    in_sections: int
    statuses: tuple[tuple[str, str, int], ...]
    overdue: int
    units: tuple[UnitRow, ...]

    @property
    def sections_share(self) -> Decimal:
        return _share(self.in_sections, self.total)


def _share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"))


def programme_projects(*, user, cycle: Cycle) -> ProgrammeProjects:
    """A cycle's projects by category, status and unit, for managers and the programme office; two queries."""
    access.ensure(user, "dashboard.read")
    projects = with_overdue(access.projects_visible(user).filter(cycle_id=cycle.pk))
    per_unit = list(
        projects.order_by()
        .values(
            "organization_id",
            "organization__code",
            "organization__name_fa",
            "organization__name_en",
            "organization__kind",
        )
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=overdue_condition()),
            progress_sum=Sum("progress"),
            **{f"status_{status}": Count("id", filter=Q(status=status)) for status in Status},
        )
        .order_by("organization__kind", "organization__code")
    )
    by_category = dict(projects.order_by().values_list("category").annotate(count=Count("id")))
    total = sum(row["total"] for row in per_unit)
    ordered = [*ImprovementProject.SECTIONS, Category.OTHER]
    categories = tuple(
        CategoryShare(
            category=category,
            label=Category(category).label,
            count=by_category.get(category, 0),
            share=_share(by_category.get(category, 0), total),
        )
        for category in ordered
    )
    statuses = tuple(
        (status, Status(status).label, sum(row[f"status_{status}"] for row in per_unit)) for status in Status
    )
    units = tuple(
        UnitRow(
            organization_id=row["organization_id"],
            code=row["organization__code"],
            name_fa=row["organization__name_fa"],
            name_en=row["organization__name_en"],
            kind=row["organization__kind"],
            total=row["total"],
            by_status=tuple(row[f"status_{status}"] for status in Status),
            overdue=row["overdue"],
            mean_progress=(Decimal(row["progress_sum"]) / row["total"]).quantize(Decimal("0.1"))
            if row["total"]
            else None,
        )
        for row in per_unit
    )
    return ProgrammeProjects(
        cycle=cycle,
        total=total,
        categories=categories,
        in_sections=sum(share.count for share in categories if share.category != Category.OTHER),
        statuses=statuses,
        overdue=sum(unit.overdue for unit in units),
        units=units,
    )


# --------------------------------------------------------------------------- a new project


def units_for_new_project(*, user) -> QuerySet[Organization]:
    """The units this person may define projects for (`project.add`): their own, or all for the office."""
    organizations = access.organizations_visible(user).order_by("kind", "code")
    roles = access.roles_of(user)
    if roles.is_admin:
        return organizations
    return organizations.filter(pk__in=roles.organization_ids)


def cycles_for_new_project(*, user) -> QuerySet[Cycle]:
    """Cycles a project may still be defined in: every cycle not closed, newest first."""
    return access.cycles_visible(user).exclude(status=Cycle.Status.CLOSED).order_by("-year")


def improvement_points_open(*, user, organization: Organization, cycle: Cycle) -> QuerySet[Finding]:
    """The unit's consensus improvement points of the cycle that this person sees, in framework order."""
    return (
        access.findings_visible(user)
        .filter(
            assessment__organization_id=organization.pk,
            assessment__cycle_id=cycle.pk,
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.CONSENSUS,
        )
        .select_related("sub_criterion")
        .order_by("sub_criterion__criterion__order", "sub_criterion__order", "sub_criterion__code", "id")
    )


def project_owners(*, organization: Organization):
    """Who may own a unit's project (`rules.project_owners_of`), by name: the form's choices."""
    return project_owners_of(organization).order_by("last_name", "first_name", "username")
