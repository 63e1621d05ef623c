"""What the assessor workspace shows, read through the access layer's scoped querysets.

Every function loads its rows in a fixed number of queries, whatever the number of
findings, scores, hours and assessors (guarded by the workspace's query-count tests),
and the arithmetic is `scoring`'s: percentages, spreads, means and totals are never
computed here.

What a person may do on a page is asked of `access.can` once per kind of row (my own
individual rows, a teammate's, the team's consensus rows), never once per row: the
access layer's predicates decide by stage and ownership, so one answer per kind holds
for every row of that kind.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, Sum

from excellence.languages import is_english

from .. import access
from ..models import (
    Assessment,
    Assignment,
    Criterion,
    Cycle,
    Finding,
    RadarAttribute,
    Score,
    SubCriterion,
    TimeEntry,
)
from ..scoring import (
    Rating,
    ScoringError,
    ScoringResult,
    SubCriterionSpread,
    element_scores,
    mean_individual_scores,
    rate,
    score_assessment,
    score_provisional,
    spread,
    step_rounded,
)
from ..services.rules import assessment_is_editable, cycle_is_editable, time_entries_are_open
from .results import (
    LoadedFramework,
    consensus_scores_load,
    framework_structure_load,
    individual_scores_load,
    rating_bands_load,
)
from .workspace_findings import sub_criterion_findings

# The individual stage takes the first two thirds of the cycle's window, consensus the rest
# (four weeks and two of a six-week window): the workspace shows each stage's deadline.
INDIVIDUAL_SHARE_OF_WINDOW = Fraction(2, 3)

FINDING_KINDS = tuple(Finding.Kind)


def stage_deadline(assessment: Assessment) -> datetime.date | None:
    """The last day of the assessment's current stage inside its cycle's window (None when done)."""
    cycle = assessment.cycle
    if assessment.status in (Assessment.Status.PLANNED, Assessment.Status.INDIVIDUAL):
        days = (cycle.window_end - cycle.window_start).days
        return cycle.window_start + datetime.timedelta(days=int(days * INDIVIDUAL_SHARE_OF_WINDOW))
    if assessment.status == Assessment.Status.CONSENSUS:
        return cycle.window_end
    return None


def _name(obj) -> str:
    return obj.name_en if is_english() and obj.name_en else obj.name_fa


# --------------------------------------------------------------------------- /workspace/


@dataclass(frozen=True)
class WorkspaceRow:
    """One of my assessments, with its progress as `/workspace/` lists it."""

    assignment: Assignment
    deadline: datetime.date | None
    my_findings: dict[str, int]
    consensus_findings: dict[str, int]
    scored: int
    sub_criteria: int
    my_hours: Decimal
    team_hours: Decimal
    editable: bool

    @property
    def assessment(self) -> Assessment:
        return self.assignment.assessment

    @property
    def findings(self):
        """(kind label, my findings, consensus findings) in the order of `Finding.Kind`."""
        return [
            (kind.label, self.my_findings.get(kind, 0), self.consensus_findings.get(kind, 0))
            for kind in FINDING_KINDS
        ]


@dataclass(frozen=True)
class Workspace:
    current_cycle: Cycle | None
    current: list[WorkspaceRow]
    earlier: list[WorkspaceRow]


def _counts_by_kind(framework_ids) -> dict[tuple[int, str], int]:
    """(framework id, criterion kind) → how many RADAR attributes a sub-criterion of that kind has."""
    rows = (
        RadarAttribute.objects.filter(element__framework_id__in=framework_ids)
        .order_by()
        .values_list("element__framework_id", "element__kind")
        .annotate(count=Count("id"))
    )
    return {(framework_id, kind): count for framework_id, kind, count in rows}


def workspace_for(*, user) -> Workspace:
    """My assessments: the current cycle's, and the earlier ones (read-only); seven queries."""
    roles = access.roles_of(user)
    assignments = list(
        access.assignments_visible(user)
        .filter(assessor_id=roles.assessor_id)
        .select_related("assessment__organization", "assessment__cycle")
        .order_by(
            "-assessment__cycle__year", "assessment__organization__kind", "assessment__organization__code"
        )
    )
    cycles = {assignment.assessment.cycle_id: assignment.assessment.cycle for assignment in assignments}
    open_cycles = [cycle for cycle in cycles.values() if cycle.status == Cycle.Status.ASSESSMENT]
    current_cycle = max(open_cycles or cycles.values(), key=lambda cycle: cycle.year, default=None)
    ids = [assignment.assessment_id for assignment in assignments]
    if not ids:
        return Workspace(current_cycle=current_cycle, current=[], earlier=[])

    findings = (
        access.findings_visible(user)
        .filter(assessment_id__in=ids)
        .order_by()
        .values_list("assessment_id", "kind")
        .annotate(
            mine=Count("id", filter=Q(stage=Finding.Stage.INDIVIDUAL, author_id=roles.assessor_id)),
            consensus=Count("id", filter=Q(stage=Finding.Stage.CONSENSUS)),
        )
    )
    mine: dict[int, dict[str, int]] = defaultdict(dict)
    consensus: dict[int, dict[str, int]] = defaultdict(dict)
    for assessment_id, kind, own, agreed in findings:
        mine[assessment_id][kind] = own
        consensus[assessment_id][kind] = agreed

    framework_ids = {cycle.framework_id for cycle in cycles.values()}
    sub_criteria = dict(
        SubCriterion.objects.filter(framework_id__in=framework_ids)
        .order_by()
        .values_list("framework_id")
        .annotate(count=Count("id"))
    )
    attributes = _counts_by_kind(framework_ids)
    scores = (
        access.scores_visible(user)
        .filter(assessment_id__in=ids)
        .filter(
            Q(stage=Score.Stage.INDIVIDUAL, assessor_id=roles.assessor_id) | Q(stage=Score.Stage.CONSENSUS)
        )
        .order_by()
        # One row per score (its own id in the grouping): a sub-criterion is scored when all its
        # kind's attributes are.
        .values_list(
            "pk", "assessment_id", "stage", "sub_criterion__framework_id", "sub_criterion__criterion__kind"
        )
        .annotate(values=Count("attribute_scores"))
    )
    scored: dict[tuple[int, str], int] = defaultdict(int)
    for _score_id, assessment_id, stage, framework_id, kind, values in scores:
        if values and values >= attributes.get((framework_id, kind), 0):
            scored[assessment_id, stage] += 1

    my_hours = dict(
        access.time_entries_visible(user)
        .filter(assessment_id__in=ids, assessor_id=roles.assessor_id)
        .order_by()
        .values_list("assessment_id")
        .annotate(total=Sum("hours"))
    )
    team_hours = dict(
        access.team_hours_visible(user)
        .filter(assessment_id__in=ids)
        .order_by()
        .values_list("assessment_id")
        .annotate(total=Sum("hours"))
    )

    current, earlier = [], []
    for assignment in assignments:
        assessment = assignment.assessment
        # Until consensus my own scores are my progress; from consensus on, the team's.
        stage = (
            Score.Stage.INDIVIDUAL
            if assessment.status in access.INDEPENDENT_STATUSES
            else Score.Stage.CONSENSUS
        )
        row = WorkspaceRow(
            assignment=assignment,
            deadline=stage_deadline(assessment),
            my_findings=mine.get(assessment.pk, {}),
            consensus_findings=consensus.get(assessment.pk, {}),
            scored=scored.get((assessment.pk, stage), 0),
            sub_criteria=sub_criteria.get(assessment.cycle.framework_id, 0),
            my_hours=my_hours.get(assessment.pk) or Decimal(0),
            team_hours=team_hours.get(assessment.pk) or Decimal(0),
            editable=assessment_is_editable(assessment),
        )
        (current if assessment.cycle_id == getattr(current_cycle, "pk", None) else earlier).append(row)
    return Workspace(current_cycle=current_cycle, current=current, earlier=earlier)


# --------------------------------------------------------------------------- the assessment page


@dataclass(frozen=True)
class SubCriterionNode:
    sub_criterion: SubCriterion
    findings: int
    scored: bool
    flagged: bool

    @property
    def name(self) -> str:
        return _name(self.sub_criterion)


@dataclass(frozen=True)
class CriterionNode:
    criterion: Criterion
    sub_criteria: list[SubCriterionNode]

    @property
    def name(self) -> str:
        return _name(self.criterion)

    @property
    def scored(self) -> int:
        return sum(1 for node in self.sub_criteria if node.scored)


@dataclass(frozen=True)
class Permissions:
    """What the person may do on the assessment's page, asked of the access layer once per kind of row."""

    add_individual: bool
    change_own_individual: bool
    change_others_individual: bool
    consensus: bool
    score_own: bool
    score_consensus: bool
    log_hours: bool
    change_own_hours: bool
    change_others_hours: bool
    transitions: tuple[str, ...]
    reopen: bool
    export_declaration: bool

    def may_change_finding(self, finding: Finding, assessor_id: int | None) -> bool:
        if finding.stage == Finding.Stage.CONSENSUS:
            return self.consensus
        if finding.author_id == assessor_id:
            return self.change_own_individual
        return self.change_others_individual

    def may_change_entry(self, entry: TimeEntry, assessor_id: int | None) -> bool:
        return self.change_own_hours if entry.assessor_id == assessor_id else self.change_others_hours


def _permissions(
    *, user, assessment: Assessment, assessor_id: int | None, team: list[Assignment]
) -> Permissions:
    someone_else = next((a.assessor_id for a in team if a.assessor_id != assessor_id), -1)
    own = Finding(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author_id=assessor_id)
    others = Finding(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author_id=someone_else)
    agreed = Finding(assessment=assessment, stage=Finding.Stage.CONSENSUS)
    editable = assessment_is_editable(assessment)
    # Hours stay open after finalizing, until release (`rules.time_entries_are_open`).
    hours_open = time_entries_are_open(assessment)
    can = access.can
    own_individual = editable and assessor_id is not None and can(user, "finding.add_individual", own)
    own_score = Score(assessment=assessment, stage=Score.Stage.INDIVIDUAL, assessor_id=assessor_id)
    own_hours = TimeEntry(assessment=assessment, assessor_id=assessor_id)
    others_hours = TimeEntry(assessment=assessment, assessor_id=someone_else)
    next_statuses = {
        Assessment.Status.PLANNED: Assessment.Status.INDIVIDUAL,
        Assessment.Status.INDIVIDUAL: Assessment.Status.CONSENSUS,
        Assessment.Status.CONSENSUS: Assessment.Status.FINALIZED,
        Assessment.Status.FINALIZED: Assessment.Status.RELEASED,
    }
    target = next_statuses.get(assessment.status)
    transitions = ()
    if target is not None and hours_open and access.can_transition(user, assessment, target):
        transitions = (target,)
    return Permissions(
        add_individual=own_individual,
        change_own_individual=own_individual,
        change_others_individual=editable and can(user, "finding.change", others),
        consensus=editable and can(user, "finding.add_consensus", agreed),
        score_own=editable
        and assessor_id is not None
        and own_individual
        and can(user, "score.set_individual", own_score),
        score_consensus=editable
        and can(user, "score.set_consensus", Score(assessment=assessment, stage=Score.Stage.CONSENSUS)),
        log_hours=hours_open and assessor_id is not None and can(user, "time_entry.add", own_hours),
        change_own_hours=hours_open and assessor_id is not None and can(user, "time_entry.change", own_hours),
        change_others_hours=hours_open and can(user, "time_entry.change", others_hours),
        transitions=transitions,
        reopen=cycle_is_editable(assessment.cycle)
        and assessment.is_locked
        and can(user, "assessment.reopen", assessment),
        export_declaration=can(user, "declaration.export", assessment),
    )


@dataclass(frozen=True)
class AttributeField:
    """One RADAR attribute of a sub-criterion's kind, as the score form shows it."""

    attribute: RadarAttribute

    @property
    def code(self) -> str:
        return self.attribute.code

    @property
    def name(self) -> str:
        return _name(self.attribute)


@dataclass(frozen=True)
class ElementGroup:
    code: str
    name: str
    attributes: list[AttributeField]


@dataclass
class ScoreCard:
    """One scorer's scores of one sub-criterion: values by attribute code, element means, percentage."""

    score: Score | None
    values: dict[str, int]
    elements: dict[str, Decimal | None]
    percentage: Decimal | None

    @property
    def version(self) -> str:
        return self.score.updated_at.isoformat() if self.score is not None else ""


@dataclass(frozen=True)
class TeamScore:
    assignment: Assignment
    card: ScoreCard


@dataclass(frozen=True)
class ConsensusPreview:
    """The provisional total while consensus is under way: the consensus scores entered, the
    sub-criterion as typed, and the team's mean (rounded to a step) for the rest."""

    total: Decimal | None
    rating: Rating | None
    from_means: tuple[str, ...]


@dataclass
class AssessmentPage:
    assessment: Assessment
    assessor_id: int | None
    team: list[Assignment]
    my_assignment: Assignment | None
    tree: list[CriterionNode]
    permissions: Permissions
    framework: LoadedFramework
    sub_criteria_by_code: dict[str, SubCriterion]
    stage_deadline: datetime.date | None
    editable: bool
    # filled for a sub-criterion
    sub_criterion: SubCriterion | None = None
    elements: list[ElementGroup] = field(default_factory=list)
    my_findings: dict[str, list[Finding]] = field(default_factory=dict)
    team_findings: list[tuple[Assignment, dict[str, list[Finding]]]] = field(default_factory=list)
    consensus_findings: dict[str, list[Finding]] = field(default_factory=dict)
    my_score: ScoreCard | None = None
    team_scores: list[TeamScore] = field(default_factory=list)
    consensus_score: ScoreCard | None = None
    consensus_prefill: dict[str, int] = field(default_factory=dict)
    spread: SubCriterionSpread | None = None
    preview: ConsensusPreview | None = None
    # filled for the overview
    result: ScoringResult | None = None
    result_rating: Rating | None = None
    result_provisional: bool = False
    missing: list[SubCriterion] = field(default_factory=list)
    my_entries: list[TimeEntry] = field(default_factory=list)
    team_entries: list[TimeEntry] = field(default_factory=list)
    my_hours: Decimal = Decimal(0)
    team_hours: Decimal = Decimal(0)

    @property
    def is_leader(self) -> bool:
        return self.my_assignment is not None and self.my_assignment.role == Assignment.Role.LEADER

    @property
    def independent(self) -> bool:
        return self.assessment.status in access.INDEPENDENT_STATUSES

    @property
    def in_consensus_or_later(self) -> bool:
        return not self.independent

    @property
    def kinds(self):
        return FINDING_KINDS


def _card(structure, kind: str, sub_code: str, score: Score | None, values: dict[str, int]) -> ScoreCard:
    elements = dict(element_scores(structure, kind, values))
    percentage = score_assessment(structure, {sub_code: values}).percentages.get(sub_code) if values else None
    return ScoreCard(score=score, values=values, elements=elements, percentage=percentage)


def score_card(*, page: AssessmentPage, values: dict[str, int], score: Score | None = None) -> ScoreCard:
    """Element means and the sub-criterion's percentage of `values` (typed or stored): `scoring`'s."""
    sub = page.sub_criterion
    return _card(page.framework.structure, sub.criterion.kind, sub.code, score, values)


def assessment_page(
    *, user, assessment: Assessment, sub_criterion: SubCriterion | None = None
) -> AssessmentPage:
    """The assessment's workspace page: its tree and, for `sub_criterion`, the findings and scores.

    `assessment` is one `access.assessments_visible(user)` resolved, with its cycle loaded.
    """
    roles = access.roles_of(user)
    framework_id = assessment.cycle.framework_id
    team = list(
        access.assignments_visible(user)
        .filter(assessment_id=assessment.pk)
        .select_related("assessor__user")
        .order_by("role", "assessor__user__last_name", "assessor__user__first_name", "assessor_id")
    )
    my_assignment = next((a for a in team if a.assessor_id == roles.assessor_id), None)
    access.remember_team(assessment, team)
    framework = framework_structure_load(framework_id=framework_id)
    sub_criteria = list(
        SubCriterion.objects.filter(framework_id=framework_id)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code", "order", "code")
    )
    page = AssessmentPage(
        assessment=assessment,
        assessor_id=roles.assessor_id,
        team=team,
        my_assignment=my_assignment,
        tree=[],
        permissions=_permissions(user=user, assessment=assessment, assessor_id=roles.assessor_id, team=team),
        framework=framework,
        sub_criteria_by_code={sub.code: sub for sub in sub_criteria},
        stage_deadline=stage_deadline(assessment),
        editable=assessment_is_editable(assessment),
        sub_criterion=sub_criterion,
    )

    # Progress per sub-criterion: before consensus my own findings and scores, then the team's.
    own_stage = page.independent
    finding_counts = dict(
        access.findings_visible(user)
        .filter(assessment_id=assessment.pk)
        .filter(
            Q(stage=Finding.Stage.INDIVIDUAL, author_id=roles.assessor_id)
            if own_stage
            else Q(stage=Finding.Stage.CONSENSUS)
        )
        .order_by()
        .values_list("sub_criterion_id")
        .annotate(count=Count("id"))
    )
    attributes_by_kind = {matrix.kind: len(matrix.attribute_codes) for matrix in framework.structure.radar}
    scored_rows = (
        access.scores_visible(user)
        .filter(assessment_id=assessment.pk)
        .filter(
            Q(stage=Score.Stage.INDIVIDUAL, assessor_id=roles.assessor_id)
            if own_stage
            else Q(stage=Score.Stage.CONSENSUS)
        )
        .order_by()
        .values_list("sub_criterion_id", "sub_criterion__criterion__kind")
        .annotate(values=Count("attribute_scores"))
    )
    scored = {
        sub_id for sub_id, kind, values in scored_rows if values and values >= attributes_by_kind.get(kind, 0)
    }
    flagged: set[str] = set()
    individual = None
    if page.in_consensus_or_later or page.is_leader or roles.reads_everything:
        individual = _team_individual_scores(user=user, assessment=assessment, framework=framework)
        try:
            flagged = {row.code for row in spread(framework.structure, individual) if row.flagged}
        except ScoringError:
            flagged = set()
    criteria: dict[int, CriterionNode] = {}
    for sub in sub_criteria:
        node = criteria.get(sub.criterion_id)
        if node is None:
            node = criteria[sub.criterion_id] = CriterionNode(criterion=sub.criterion, sub_criteria=[])
        node.sub_criteria.append(
            SubCriterionNode(
                sub_criterion=sub,
                findings=finding_counts.get(sub.pk, 0),
                scored=sub.pk in scored,
                flagged=sub.code in flagged and page.in_consensus_or_later,
            )
        )
    page.tree = list(criteria.values())

    if sub_criterion is None:
        _fill_overview(page, user=user, individual=individual)
    else:
        _fill_sub_criterion(page, user=user, individual=individual)
    return page


def _team_individual_scores(*, user, assessment, framework) -> dict[int, dict[str, dict[str, int]]]:
    """The team's own scores the person may see (all of them for a leader, or from consensus on)."""
    visible = set(
        access.scores_visible(user)
        .filter(assessment_id=assessment.pk, stage=Score.Stage.INDIVIDUAL)
        .order_by()
        .values_list("assessor_id", flat=True)
        .distinct()
    )
    scores = individual_scores_load(assessment=assessment, framework=framework)
    return {assessor_id: values for assessor_id, values in scores.items() if assessor_id in visible}


def _fill_sub_criterion(page: AssessmentPage, *, user, individual) -> None:
    sub = page.sub_criterion
    assessment = page.assessment
    structure = page.framework.structure
    attributes = list(
        RadarAttribute.objects.filter(
            element__framework_id=sub.framework_id, element__kind=sub.criterion.kind
        )
        .select_related("element")
        .order_by("element__order", "element__code", "order", "code")
    )
    groups: dict[int, ElementGroup] = {}
    for attribute in attributes:
        group = groups.get(attribute.element_id)
        if group is None:
            group = groups[attribute.element_id] = ElementGroup(
                code=attribute.element.code, name=_name(attribute.element), attributes=[]
            )
        group.attributes.append(AttributeField(attribute=attribute))
    page.elements = list(groups.values())

    findings = sub_criterion_findings(
        user=user,
        assessment=assessment,
        sub_criterion=sub,
        permissions=page.permissions,
        assessor_id=page.assessor_id,
    )
    by_author: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        if finding.stage == Finding.Stage.CONSENSUS:
            page.consensus_findings.setdefault(finding.kind, []).append(finding)
        elif finding.author_id == page.assessor_id:
            page.my_findings.setdefault(finding.kind, []).append(finding)
        else:
            by_author[finding.author_id][finding.kind].append(finding)
    page.team_findings = [
        (assignment, {kind: list(rows) for kind, rows in by_author.get(assignment.assessor_id, {}).items()})
        for assignment in page.team
        if assignment.assessor_id != page.assessor_id
        and (assignment.assessor_id in by_author or page.in_consensus_or_later or page.is_leader)
    ]

    scores = list(
        access.scores_visible(user)
        .filter(assessment_id=assessment.pk, sub_criterion_id=sub.pk)
        .prefetch_related("attribute_scores")
        .order_by("id")
    )
    codes = page.framework.attribute_codes
    kind = sub.criterion.kind
    by_assessor = {}
    for score in scores:
        values = {codes[item.attribute_id]: item.value for item in score.attribute_scores.all()}
        card = _card(structure, kind, sub.code, score, values)
        if score.stage == Score.Stage.CONSENSUS:
            page.consensus_score = card
        elif score.assessor_id == page.assessor_id:
            page.my_score = card
        else:
            by_assessor[score.assessor_id] = card
    if page.my_score is None and page.assessor_id is not None:
        page.my_score = _card(structure, kind, sub.code, None, {})
    page.team_scores = [
        TeamScore(assignment=assignment, card=by_assessor[assignment.assessor_id])
        for assignment in page.team
        if assignment.assessor_id in by_assessor
    ]

    if page.in_consensus_or_later and individual is not None:
        try:
            rows = spread(
                structure, {key: {sub.code: v[sub.code]} for key, v in individual.items() if sub.code in v}
            )
            page.spread = next((row for row in rows if row.code == sub.code), None)
            means = mean_individual_scores(structure, individual).get(sub.code, {})
        except ScoringError:
            means = {}
        page.consensus_prefill = {code: step_rounded(mean) for code, mean in means.items()}
        if page.consensus_score is None:
            # Nothing agreed yet: the form and its percentages start from the team's mean.
            page.consensus_score = _card(structure, kind, sub.code, None, page.consensus_prefill)
        if page.permissions.score_consensus or page.assessment.status == Assessment.Status.CONSENSUS:
            page.preview = consensus_preview(
                user=user,
                page=page,
                values=page.consensus_score.values or page.consensus_prefill,
                individual=individual,
            )


def consensus_preview(
    *, user, page: AssessmentPage, values: dict[str, int], individual=None
) -> ConsensusPreview:
    """The provisional total and band with the sub-criterion's consensus scores set to `values`."""
    assessment = page.assessment
    structure = page.framework.structure
    if individual is None:
        individual = _team_individual_scores(user=user, assessment=assessment, framework=page.framework)
    consensus = dict(
        consensus_scores_load(assessment_ids=[assessment.pk], framework=page.framework).get(assessment.pk, {})
    )
    consensus[page.sub_criterion.code] = dict(values)
    means = mean_individual_scores(structure, individual) if individual else {}
    from_means = []
    for code in structure.sub_criterion_codes:
        if code in consensus and consensus[code]:
            continue
        if code in means:
            consensus[code] = {attribute: step_rounded(mean) for attribute, mean in means[code].items()}
            from_means.append(code)
    try:
        scoring = score_assessment(structure, consensus)
    except ScoringError:
        return ConsensusPreview(total=None, rating=None, from_means=tuple(from_means))
    rating = rate(scoring, rating_bands_load(scheme_id=assessment.cycle.rating_scheme_id))
    return ConsensusPreview(total=scoring.total, rating=rating, from_means=tuple(from_means))


def _fill_overview(page: AssessmentPage, *, user, individual) -> None:
    assessment = page.assessment
    structure = page.framework.structure
    bands = rating_bands_load(scheme_id=assessment.cycle.rating_scheme_id)
    if page.in_consensus_or_later:
        consensus = consensus_scores_load(assessment_ids=[assessment.pk], framework=page.framework).get(
            assessment.pk, {}
        )
        try:
            page.result = score_assessment(structure, consensus)
            page.result_rating = rate(page.result, bands)
        except ScoringError:
            page.result = None
        if page.result is not None:
            page.missing = [page.sub_criteria_by_code[code] for code in page.result.missing]
    elif individual:
        try:
            page.result = score_provisional(structure, individual)
            page.result_rating = rate(page.result, bands)
            page.result_provisional = True
        except ScoringError:
            page.result = None

    entries = list(
        access.time_entries_visible(user)
        .filter(assessment_id=assessment.pk)
        .select_related("assessor__user")
        .order_by("-date", "-id")
    )
    for entry in entries:
        entry.may_change = page.permissions.may_change_entry(entry, page.assessor_id)
    page.my_entries = [entry for entry in entries if entry.assessor_id == page.assessor_id]
    page.team_entries = [entry for entry in entries if entry.assessor_id != page.assessor_id]
    page.my_hours = sum((entry.hours for entry in page.my_entries), Decimal(0))
    page.team_hours = access.team_hours_visible(user).filter(assessment_id=assessment.pk).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
