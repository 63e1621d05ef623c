"""The rows of each declaration sheet, read from the database in a fixed order and streamed.

Every sheet's rows come from one ordered query read with `.iterator(chunk_size=…)`: the
units in the order the ratings list them (organizations before companies, by code), then
within a unit by the framework's order (criterion, sub-criterion) or by id. Only the units
themselves (code, name: one small row each) and the framework are held for a whole
workbook; everything else a sheet shows of a unit — its rating, team, hours, its
projects' improvement points — is read alongside, in the same order, so a sheet of
400,000 findings, or 2,000 units' teams, never sits in memory. Scores and ratings are
those of `selectors/results.py`, like every page's.

Rows are plain dicts keyed by the columns of `columns.py`, in the active language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from excellence import jalali
from excellence.languages import is_english
from organizations.models import Organization

from ..models import (
    Assessment,
    Assessor,
    Assignment,
    Criterion,
    CriterionKind,
    Cycle,
    Finding,
    ImprovementProject,
    SubCriterion,
    TimeEntry,
)
from ..selectors.results import (
    UNIT_ORDER,
    consensus_scorings_stream,
    cycle_ratings_stream,
    sub_criterion_points,
)

CHUNK_SIZE = 500
HUNDRED = Decimal(100)


def _labels(choices) -> dict[str, str]:
    """A choice's labels in the active language, translated once per export rather than per row."""
    return {value: str(label) for value, label in choices}


def person_name(first_name: str, last_name: str, username: str) -> str:
    return f"{first_name} {last_name}".strip() or username


@dataclass(frozen=True, slots=True)
class Unit:
    """An exported assessment and what every sheet shows of its unit."""

    assessment_id: int
    organization_id: int
    code: str
    name: str
    kind: str
    status: str


class ExportScope:
    """The assessments of one cycle a workbook holds, and what its sheets look up by unit."""

    def __init__(self, *, cycle: Cycle, assessments: QuerySet[Assessment]):
        self.cycle = cycle
        self.assessments = assessments.filter(cycle_id=cycle.pk)
        self.english = is_english()
        self.units = self._units_load()
        self.by_assessment = {unit.assessment_id: unit for unit in self.units}
        self.list_separator = ", " if self.english else "، "
        self._jalali: dict = {}
        self._framework = None

    @property
    def framework(self) -> tuple[list[CriterionInfo], dict[int, SubCriterionInfo]]:
        """The cycle's framework (`framework_load`), read once per workbook."""
        if self._framework is None:
            self._framework = framework_load(self)
        return self._framework

    def _units_load(self) -> list[Unit]:
        kinds = _labels(Organization.Kind.choices)
        statuses = _labels(Assessment.Status.choices)
        rows = self.assessments.order_by(*UNIT_ORDER).values_list(
            "pk",
            "organization_id",
            "organization__code",
            "organization__name_fa",
            "organization__name_en",
            "organization__kind",
            "status",
        )
        return [
            Unit(
                assessment_id=pk,
                organization_id=organization_id,
                code=code,
                name=(name_en if self.english and name_en else name_fa),
                kind=kinds.get(kind, kind),
                status=statuses.get(status, status),
            )
            for pk, organization_id, code, name_fa, name_en, kind, status in rows
        ]

    def jalali(self, day) -> str:
        """`jalali.format_date`, remembered per day: a workbook's dates repeat, and converting is slow."""
        text = self._jalali.get(day)
        if text is None:
            text = self._jalali[day] = jalali.format_date(day)
        return text

    def name(self, name_fa: str, name_en: str) -> str:
        return name_en if self.english and name_en else name_fa

    def unit_columns(self, assessment_id: int) -> dict:
        unit = self.by_assessment[assessment_id]
        return {"unit_code": unit.code, "unit_name": unit.name}


# --------------------------------------------------------------------------- profile


def _by_unit(rows: Iterator[tuple]) -> Iterator[tuple[int, list[tuple]]]:
    """Rows read in the units' order (their first value the assessment id), a unit's at a time."""
    for assessment_id, group in groupby(rows, key=itemgetter(0)):
        yield assessment_id, list(group)


def _in_step(units: list[Unit], groups: Iterator[tuple[int, list]]) -> Iterator[list]:
    """Each unit's group of rows (empty when it has none), from groups read in the same order."""
    pending = next(groups, None)
    for unit in units:
        if pending is not None and pending[0] == unit.assessment_id:
            yield pending[1]
            pending = next(groups, None)
        else:
            yield []


def _teams_stream(scope: ExportScope) -> Iterator[tuple[int, list[tuple]]]:
    """Each assessment's team in the units' order, leader first, then by name; read in chunks."""
    rows = (
        Assignment.objects.filter(assessment__in=scope.assessments)
        .order_by(
            *(f"assessment__{field}" for field in UNIT_ORDER),
            "assessment_id",
            "role",
            "assessor__user__last_name",
            "assessor__user__first_name",
            "pk",
        )
        .values_list(
            "assessment_id",
            "role",
            "assessor__user__first_name",
            "assessor__user__last_name",
            "assessor__user__username",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return _by_unit(rows)


def _hours_by_kind_stream(scope: ExportScope) -> Iterator[tuple[int, list[tuple]]]:
    """Each assessment's person-hours per assessor kind, summed in the database, in the units' order."""
    rows = (
        TimeEntry.objects.filter(assessment__in=scope.assessments)
        .values_list("assessment_id", "assessor__kind", *(f"assessment__{field}" for field in UNIT_ORDER))
        .annotate(hours=Sum("hours"))
        .order_by(*(f"assessment__{field}" for field in UNIT_ORDER), "assessment_id", "assessor__kind")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return _by_unit(rows)


def profile_rows(scope: ExportScope) -> Iterator[dict]:
    """One row per unit: who it is, the cycle's window, its team, hours and rating.

    The ratings, the teams and the hours are three queries read alongside the units, in their
    order: a unit's at a time, whatever the number of units."""
    cycle = scope.cycle
    ratings = cycle_ratings_stream(cycle=cycle, assessments=scope.assessments, chunk_size=CHUNK_SIZE)
    teams = _in_step(scope.units, _teams_stream(scope))
    hours = _in_step(scope.units, _hours_by_kind_stream(scope))
    window = {
        "cycle": cycle.year,
        "window_start": cycle.window_start,
        "window_start_jalali": scope.jalali(cycle.window_start),
        "window_end": cycle.window_end,
        "window_end_jalali": scope.jalali(cycle.window_end),
    }
    leader = Assignment.Role.LEADER
    zero = Decimal(0)
    for unit, rating, team, unit_hours in zip(scope.units, ratings, teams, hours, strict=True):
        if rating.assessment_id != unit.assessment_id:  # both in UNIT_ORDER: never, unless it changes
            raise RuntimeError(f"Profile out of step: {rating.assessment_id} for {unit.assessment_id}")
        by_kind = {kind: total for _id, kind, *_order, total in unit_hours}
        places = [(role, person_name(first, last, user)) for _id, role, first, last, user in team]
        internal = by_kind.get(Assessor.Kind.INTERNAL, zero)
        external = by_kind.get(Assessor.Kind.EXTERNAL, zero)
        if rating.stored:
            basis = _("Stored when finalized")
        elif rating.complete:
            basis = _("Provisional: current consensus scores")
        else:
            basis = _("Not rated: %(count)s sub-criteria without a consensus score") % {
                "count": len(rating.missing)
            }
        yield {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "unit_kind": unit.kind,
            "status": unit.status,
            **window,
            "team_leader": next((name for role, name in places if role == leader), ""),
            "team_members": scope.list_separator.join(name for role, name in places if role != leader),
            "team_size": len(places),
            "internal_hours": internal,
            "external_hours": external,
            "total_hours": internal + external,
            "total_points": rating.total,
            "level": rating.level,
            "stars": rating.stars,
            "result_basis": basis,
        }


# --------------------------------------------------------------------------- the framework


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    title: str
    kind: str
    points: Decimal
    sub_criteria: tuple[SubCriterionInfo, ...]


@dataclass(frozen=True)
class SubCriterionInfo:
    code: str
    shown_code: str
    title: str
    weight: Decimal
    criterion_code: str
    criterion_title: str


def framework_load(scope: ExportScope) -> tuple[list[CriterionInfo], dict[int, SubCriterionInfo]]:
    """The cycle's framework in its order, with titles in the active language; two queries."""
    framework_id = scope.cycle.framework_id
    criteria = list(Criterion.objects.filter(framework_id=framework_id).order_by("order", "code"))
    subs = SubCriterion.objects.filter(framework_id=framework_id).order_by("order", "code")
    by_criterion: dict[int, list[tuple[int, SubCriterion]]] = defaultdict(list)
    for sub in subs:
        by_criterion[sub.criterion_id].append((sub.pk, sub))
    ordered, by_id = [], {}
    for criterion in criteria:
        title = scope.name(criterion.name_fa, criterion.name_en)
        infos = []
        for pk, sub in by_criterion[criterion.pk]:
            info = SubCriterionInfo(
                code=sub.code,
                shown_code=sub.code if scope.english or not sub.code_fa else sub.code_fa,
                title=scope.name(sub.name_fa, sub.name_en),
                weight=sub.weight,
                criterion_code=criterion.code,
                criterion_title=title,
            )
            by_id[pk] = info
            infos.append(info)
        ordered.append(CriterionInfo(criterion.code, title, criterion.kind, criterion.points, tuple(infos)))
    return ordered, by_id


# --------------------------------------------------------------------------- scores


def score_rows(scope: ExportScope) -> Iterator[dict]:
    """Per unit: each criterion with its points, each sub-criterion under it, then the total."""
    criteria, _subs = scope.framework
    kinds = _labels(CriterionKind.choices)
    row_kinds = {"criterion": _("Criterion"), "sub": _("Sub-criterion"), "total": _("Total")}
    for assessment_id, scoring in consensus_scorings_stream(
        cycle=scope.cycle, assessments=scope.assessments, chunk_size=CHUNK_SIZE
    ):
        unit = scope.unit_columns(assessment_id)
        for criterion in criteria:
            earned = scoring.criterion_points.get(criterion.code)
            yield {
                **unit,
                "row_kind": row_kinds["criterion"],
                "criterion_code": criterion.code,
                "criterion_title": criterion.title,
                "sub_criterion_code": "",
                "sub_criterion_title": "",
                "criterion_kind": kinds.get(criterion.kind, criterion.kind),
                "weight": None,
                "points_available": criterion.points,
                "percentage": None,
                "points": earned,
            }
            for sub in criterion.sub_criteria:
                percentage = scoring.percentages.get(sub.code)
                yield {
                    **unit,
                    "row_kind": row_kinds["sub"],
                    "criterion_code": criterion.code,
                    "criterion_title": criterion.title,
                    "sub_criterion_code": sub.shown_code,
                    "sub_criterion_title": sub.title,
                    "criterion_kind": kinds.get(criterion.kind, criterion.kind),
                    "weight": sub.weight * HUNDRED,
                    "points_available": criterion.points * sub.weight,
                    "percentage": percentage,
                    "points": None
                    if percentage is None
                    else sub_criterion_points(
                        criterion_points=criterion.points, weight=sub.weight, percentage=percentage
                    ),
                }
        yield {
            **unit,
            "row_kind": row_kinds["total"],
            "criterion_code": "",
            "criterion_title": "",
            "sub_criterion_code": "",
            "sub_criterion_title": "",
            "criterion_kind": "",
            "weight": None,
            "points_available": sum((criterion.points for criterion in criteria), Decimal(0)),
            "percentage": None,
            "points": scoring.total,
        }


# --------------------------------------------------------------------------- findings


def finding_rows(scope: ExportScope, *, kind: str) -> Iterator[dict]:
    """The unit's consensus findings of `kind`, in the framework's order, then as recorded."""
    _criteria, subs = scope.framework
    rows = (
        Finding.objects.filter(assessment__in=scope.assessments, stage=Finding.Stage.CONSENSUS, kind=kind)
        .order_by(
            *(f"assessment__{field}" for field in UNIT_ORDER),
            "sub_criterion__criterion__order",
            "sub_criterion__criterion__code",
            "sub_criterion__order",
            "sub_criterion__code",
            "pk",
        )
        .values_list("pk", "assessment_id", "sub_criterion_id", "text")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for pk, assessment_id, sub_id, text in rows:
        sub = subs[sub_id]
        unit = scope.by_assessment[assessment_id]
        yield {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "reference": pk,
            "criterion_code": sub.criterion_code,
            "criterion_title": sub.criterion_title,
            "sub_criterion_code": sub.shown_code,
            "sub_criterion_title": sub.title,
            "text": text,
        }


# --------------------------------------------------------------------------- projects


PROJECT_ORDER = UNIT_ORDER  # a project belongs to its organization directly


def project_rows(scope: ExportScope) -> Iterator[dict]:
    """The units' improvement projects of the cycle, by id, with the improvement points they answer.

    The links come from a second streamed query in the same order, read alongside.
    """
    _criteria, subs = scope.framework
    categories = _labels(ImprovementProject.Category.choices)
    statuses = _labels(ImprovementProject.Status.choices)
    units = {unit.organization_id: unit for unit in scope.units}
    projects = ImprovementProject.objects.filter(
        cycle_id=scope.cycle.pk, organization_id__in=scope.assessments.values("organization_id")
    )
    rows = (
        projects.order_by(*PROJECT_ORDER, "pk")
        .values_list(
            "pk",
            "organization_id",
            "title",
            "category",
            "status",
            "progress",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "start_date",
            "due_date",
            "description",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    Link = ImprovementProject.improvement_points.through
    links = iter(
        Link.objects.filter(improvementproject__in=projects)
        .order_by(
            *(f"improvementproject__{field}" for field in PROJECT_ORDER),
            "improvementproject_id",
            "finding_id",
        )
        .values_list("improvementproject_id", "finding_id", "finding__sub_criterion_id")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    pending = next(links, None)
    for (
        pk,
        organization_id,
        title,
        category,
        status,
        progress,
        first,
        last,
        username,
        start,
        due,
        text,
    ) in rows:
        linked = []
        while pending is not None and pending[0] == pk:
            sub = subs.get(pending[2])
            linked.append(f"{pending[1]} ({sub.shown_code})" if sub else str(pending[1]))
            pending = next(links, None)
        unit = units[organization_id]
        yield {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "reference": pk,
            "title": title,
            "category": categories.get(category, category),
            "status": statuses.get(status, status),
            "progress": progress,
            "owner": person_name(first, last, username) if username else "",
            "start_date": start,
            "start_date_jalali": scope.jalali(start),
            "due_date": due,
            "due_date_jalali": scope.jalali(due),
            "improvement_points": "; ".join(linked),
            "description": text,
        }


# --------------------------------------------------------------------------- hours


def hour_rows(scope: ExportScope) -> Iterator[dict]:
    """Per unit, each assessor's hours by activity, summed in the database, by name."""
    kinds = _labels(Assessor.Kind.choices)
    roles = _labels(Assignment.Role.choices)
    # The assessor's place on the team, read with the row: no lookup of every team held meanwhile.
    place = Assignment.objects.filter(
        assessment_id=OuterRef("assessment_id"), assessor_id=OuterRef("assessor_id")
    ).values("role")[:1]
    activity = TimeEntry.Activity
    by_activity = {
        key: Sum("hours", filter=Q(activity=value))
        for key, value in (
            ("document_review", activity.DOCUMENT_REVIEW),
            ("site_visit", activity.SITE_VISIT),
            ("consensus_meeting", activity.CONSENSUS_MEETING),
            ("report_writing", activity.REPORT_WRITING),
            ("other", activity.OTHER),
        )
    }
    rows = (
        TimeEntry.objects.filter(assessment__in=scope.assessments)
        .values(
            "assessment_id",
            "assessor_id",
            "assessor__kind",
            "assessor__user__first_name",
            "assessor__user__last_name",
            "assessor__user__username",
            *(f"assessment__{field}" for field in UNIT_ORDER),
        )
        .annotate(total=Sum("hours"), first_date=Min("date"), last_date=Max("date"), **by_activity)
        .annotate(role=Subquery(place))
        .order_by(
            *(f"assessment__{field}" for field in UNIT_ORDER),
            "assessment_id",
            "assessor__user__last_name",
            "assessor__user__first_name",
            "assessor_id",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        assessment_id = row["assessment_id"]
        role = row["role"]
        yield {
            **scope.unit_columns(assessment_id),
            "assessor": person_name(
                row["assessor__user__first_name"],
                row["assessor__user__last_name"],
                row["assessor__user__username"],
            ),
            "assessor_kind": kinds.get(row["assessor__kind"], row["assessor__kind"]),
            "role": roles.get(role, _("No longer on the team")),
            "document_review": row["document_review"] or Decimal(0),
            "site_visit": row["site_visit"] or Decimal(0),
            "consensus_meeting": row["consensus_meeting"] or Decimal(0),
            "report_writing": row["report_writing"] or Decimal(0),
            "other": row["other"] or Decimal(0),
            "total": row["total"],
            "first_date": row["first_date"],
            "first_date_jalali": scope.jalali(row["first_date"]),
            "last_date": row["last_date"],
            "last_date_jalali": scope.jalali(row["last_date"]),
        }


# --------------------------------------------------------------------------- how many


def rows_total(scope: ExportScope) -> int:
    """How many rows the workbook's sheets will hold, counted in the database (five queries):
    what a background export's progress is measured against."""
    units = len(scope.units)
    criteria = Criterion.objects.filter(framework_id=scope.cycle.framework_id).count()
    subs = SubCriterion.objects.filter(framework_id=scope.cycle.framework_id).count()
    findings = Finding.objects.filter(
        assessment__in=scope.assessments,
        stage=Finding.Stage.CONSENSUS,
        kind__in=(Finding.Kind.STRENGTH, Finding.Kind.IMPROVEMENT, Finding.Kind.BEST_PRACTICE),
    ).count()
    projects = ImprovementProject.objects.filter(
        cycle_id=scope.cycle.pk, organization_id__in=scope.assessments.values("organization_id")
    ).count()
    hours = (
        TimeEntry.objects.filter(assessment__in=scope.assessments)
        .order_by()
        .values("assessment_id", "assessor_id")
        .distinct()
        .count()
    )
    # the summary, then per unit each criterion, each sub-criterion and the total
    return units + units * (criteria + subs + 1) + findings + projects + hours
