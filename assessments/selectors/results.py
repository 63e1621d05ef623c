"""Scores and ratings read from the database: fetch into plain data, then compute in `scoring`.

Every number a page, the API, an export or the `ratings` command shows comes from here.
The fetch functions load, in a fixed number of queries whatever the number of
assessments, a framework's structure, the attribute scores and a scheme's bands; the
pure functions of `assessments.scoring` do the arithmetic.

Query budget: a framework's structure costs three queries (criteria, sub-criteria,
RADAR attributes) and is loaded once per framework within a call; a scheme's bands
one; a set of scores one. `cycle_ratings` rates a whole cycle in six queries (one when every
result of it is stored).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from excellence.languages import is_english

from ..models import (
    Assessment,
    AssessmentResult,
    Assignment,
    AttributeScore,
    Criterion,
    Cycle,
    RadarAttribute,
    RatingBand,
    Score,
    SubCriterion,
)
from ..scoring import (
    Band,
    CriterionSpec,
    FrameworkStructure,
    RadarElementSpec,
    RadarMatrix,
    Rating,
    ScoringError,
    ScoringResult,
    SubCriterionSpec,
    SubCriterionSpread,
    rate,
    score_assessment,
    score_provisional,
    spread,
)

LOCKED_STATUSES = (Assessment.Status.FINALIZED, Assessment.Status.RELEASED)

# --------------------------------------------------------------------------- fetch


@dataclass(frozen=True)
class LoadedFramework:
    """A framework's scoring structure and the database ids behind its codes."""

    framework_id: int
    structure: FrameworkStructure
    sub_criterion_codes: dict[int, str]
    attribute_codes: dict[int, str]


FrameworkCache = dict[int, LoadedFramework]


def framework_structure_load(*, framework_id: int, cache: FrameworkCache | None = None) -> LoadedFramework:
    """The structure of one framework in three queries, or none when `cache` already holds it."""
    if cache is not None and framework_id in cache:
        return cache[framework_id]
    criteria = list(
        Criterion.objects.filter(framework_id=framework_id)
        .select_related("framework")
        .order_by("order", "code")
    )
    sub_criteria = list(
        SubCriterion.objects.filter(framework_id=framework_id)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code", "order", "code")
    )
    attributes = list(
        RadarAttribute.objects.filter(element__framework_id=framework_id)
        .select_related("element")
        .order_by("element__kind", "element__order", "element__code", "order", "code")
    )

    subs_by_criterion: dict[int, list[SubCriterionSpec]] = defaultdict(list)
    for sub in sub_criteria:
        subs_by_criterion[sub.criterion_id].append(
            SubCriterionSpec(code=sub.code, weight=sub.weight, kind=sub.criterion.kind)
        )
    elements_by_kind: dict[str, dict[int, tuple[str, list[str]]]] = defaultdict(dict)
    for attribute in attributes:
        element = attribute.element
        elements_by_kind[element.kind].setdefault(element.pk, (element.code, []))[1].append(attribute.code)

    structure = FrameworkStructure(
        code=criteria[0].framework.code if criteria else str(framework_id),
        criteria=tuple(
            CriterionSpec(
                code=criterion.code,
                points=criterion.points,
                sub_criteria=tuple(subs_by_criterion[criterion.pk]),
            )
            for criterion in criteria
        ),
        radar=tuple(
            RadarMatrix(
                kind=kind,
                elements=tuple(
                    RadarElementSpec(code=element_code, attribute_codes=tuple(codes))
                    for element_code, codes in elements.values()
                ),
            )
            for kind, elements in elements_by_kind.items()
        ),
    )
    loaded = LoadedFramework(
        framework_id=framework_id,
        structure=structure,
        sub_criterion_codes={sub.pk: sub.code for sub in sub_criteria},
        attribute_codes={attribute.pk: attribute.code for attribute in attributes},
    )
    if cache is not None:
        cache[framework_id] = loaded
    return loaded


def rating_bands_load(*, scheme_id: int) -> tuple[Band, ...]:
    """A rating scheme's bands, lowest first, in one query."""
    return tuple(
        Band(
            min_points=band.min_points,
            max_points=band.max_points,
            level_code=band.level_code,
            level_fa=band.level_fa,
            level_en=band.level_en,
            stars=band.stars,
        )
        for band in RatingBand.objects.filter(scheme_id=scheme_id).order_by("min_points")
    )


def _score_rows(key: str, *conditions, **filters):
    """(key, sub-criterion id, attribute id, value) of the matching attribute scores.

    Ids only, as the framework maps them to codes, so that the rows need no joins for
    names; and unordered, as grouping them makes any order the same.
    """
    return (
        AttributeScore.objects.filter(*conditions, **filters)
        .order_by()
        .values_list(key, "score__sub_criterion_id", "attribute_id", "value")
    )


def _foreign_score_refusal(*, sub_id: int, attribute_id: int, framework: LoadedFramework) -> ScoringError:
    """The refusal of a score recorded against another framework; reads the codes it names."""
    sub_code = SubCriterion.objects.filter(pk=sub_id).values_list("code", flat=True).first()
    if sub_id not in framework.sub_criterion_codes:
        return ScoringError(
            _("Sub-criterion %(code)s is not part of framework %(framework)s.")
            % {"code": sub_code, "framework": framework.structure.code}
        )
    attribute_code = RadarAttribute.objects.filter(pk=attribute_id).values_list("code", flat=True).first()
    return ScoringError(
        _("Sub-criterion %(code)s has a score for attribute %(attribute)s of another framework.")
        % {"code": sub_code, "attribute": attribute_code}
    )


def _scores_by_key(*, rows, framework: LoadedFramework) -> dict[object, dict[str, dict[str, int]]]:
    """`_score_rows` grouped as key → sub-criterion code → {attribute code: value}.

    A score recorded against another framework's sub-criterion or attribute is refused
    here, by id, so that a code shared by two frameworks cannot hide it.
    """
    sub_codes = framework.sub_criterion_codes
    attribute_codes = framework.attribute_codes
    grouped: dict[object, dict[str, dict[str, int]]] = {}
    for key, sub_id, attribute_id, value in rows:
        sub_code = sub_codes.get(sub_id)
        attribute_code = attribute_codes.get(attribute_id)
        if sub_code is None or attribute_code is None:
            raise _foreign_score_refusal(sub_id=sub_id, attribute_id=attribute_id, framework=framework)
        by_sub = grouped.get(key)
        if by_sub is None:
            by_sub = grouped[key] = {}
        attributes = by_sub.get(sub_code)
        if attributes is None:
            attributes = by_sub[sub_code] = {}
        attributes[attribute_code] = value
    return grouped


def consensus_scores_load(
    *, assessment_ids, framework: LoadedFramework
) -> dict[int, dict[str, dict[str, int]]]:
    """The team's attribute scores of several assessments, by assessment id, in one query."""
    rows = _score_rows(
        "score__assessment_id",
        score__assessment_id__in=list(assessment_ids),
        score__stage=Score.Stage.CONSENSUS,
    )
    return _scores_by_key(rows=rows, framework=framework)


def individual_scores_load(*, assessment: Assessment, framework: LoadedFramework) -> dict[int, dict]:
    """The own attribute scores of each assessor on the assessment's team, by assessor id, in one query.

    Scores left by someone no longer on the team do not count.
    """
    team = Assignment.objects.filter(assessment_id=assessment.pk).order_by().values("assessor_id")
    rows = _score_rows(
        "score__assessor_id",
        score__assessment_id=assessment.pk,
        score__stage=Score.Stage.INDIVIDUAL,
        score__assessor_id__in=team,
    )
    return _scores_by_key(rows=rows, framework=framework)


# --------------------------------------------------------------------------- one assessment


@dataclass(frozen=True)
class AssessmentRating:
    """An assessment's points and, when every sub-criterion is scored, its rating.

    `scoring.provisional` tells a provisional result (mean of the assessors' own scores)
    from the team's consensus result.
    """

    scoring: ScoringResult
    rating: Rating | None

    @property
    def provisional(self) -> bool:
        return self.scoring.provisional


def assessment_consensus_result(*, assessment: Assessment) -> AssessmentRating:
    """The assessment's points and rating from the team's consensus scores.

    Five queries, and one more when `assessment.cycle` is not loaded yet.
    """
    cycle = assessment.cycle
    framework = framework_structure_load(framework_id=cycle.framework_id)
    scores = consensus_scores_load(assessment_ids=[assessment.pk], framework=framework).get(assessment.pk, {})
    scoring = score_assessment(framework.structure, scores)
    rating = rate(scoring, rating_bands_load(scheme_id=cycle.rating_scheme_id))
    return AssessmentRating(scoring=scoring, rating=rating)


def assessment_provisional_result(*, assessment: Assessment) -> AssessmentRating:
    """Points and rating from the mean, per attribute, of the team's own scores; always provisional."""
    cycle = assessment.cycle
    framework = framework_structure_load(framework_id=cycle.framework_id)
    individual = individual_scores_load(assessment=assessment, framework=framework)
    scoring = score_provisional(framework.structure, individual)
    rating = rate(scoring, rating_bands_load(scheme_id=cycle.rating_scheme_id))
    return AssessmentRating(scoring=scoring, rating=rating)


def assessment_spread(*, assessment: Assessment) -> tuple[SubCriterionSpread, ...]:
    """Per sub-criterion, how far the team's own percentages lie apart; 25 points or more is flagged."""
    cycle = assessment.cycle
    framework = framework_structure_load(framework_id=cycle.framework_id)
    return spread(framework.structure, individual_scores_load(assessment=assessment, framework=framework))


# --------------------------------------------------------------------------- a whole cycle


@dataclass(frozen=True)
class RatingRow:
    """One assessed unit of a cycle, as the `ratings` command, dashboards and exports list it.

    A finalized or released assessment shows its stored result — the record of what was
    awarded, which later scheme edits do not rewrite (`stored` is True); any other
    assessment is rated from its current consensus scores, and is not rated (total,
    stars and level None) while `missing` lists sub-criteria without a consensus score.
    """

    assessment_id: int
    code: str
    name_fa: str
    name_en: str
    kind: str
    status: str
    total: Decimal | None
    stars: int | None
    level_code: str | None
    level_fa: str | None
    level_en: str | None
    next_level_fa: str | None
    next_level_en: str | None
    points_to_next: int | None
    missing: tuple[str, ...]
    stored: bool
    organization_id: int | None = None
    # Criterion code → points (one decimal), for every criterion whose sub-criteria are all scored;
    # from `cycle_ratings`, a stored result's only when asked for (`criterion_points=True`).
    criterion_points: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def provisional(self) -> bool:
        """Rated from scores that may still change: not a finalized result (DESIGN §3)."""
        return not self.stored

    @property
    def _english(self) -> bool:
        return is_english()

    @property
    def name(self) -> str:
        """The unit's name in the active language, falling back to Persian."""
        return self.name_en if self._english and self.name_en else self.name_fa

    @property
    def level(self) -> str | None:
        return self.level_en if self._english and self.level_en else self.level_fa

    @property
    def next_level(self) -> str | None:
        return self.next_level_en if self._english and self.next_level_en else self.next_level_fa


@dataclass(frozen=True)
class _UnitAssessment:
    """What a rating row needs of an assessment: its unit and, when there is one, its stored result
    (the `AssessmentResult` fields of `_RESULT_FIELDS` by name). Plain values, so that a whole
    cycle is read with `values_list` rather than three model instances per assessment."""

    assessment_id: int
    status: str
    organization_id: int
    code: str
    name_fa: str
    name_en: str
    kind: str
    result: Mapping | None

    @property
    def shows_stored(self) -> bool:
        """A finalized or released assessment with its stored result shows that record."""
        return self.status in LOCKED_STATUSES and self.result is not None


_RESULT_FIELDS = (
    "id",
    "total",
    "stars",
    "level_code",
    "level_fa",
    "level_en",
    "next_level_fa",
    "next_level_en",
    "points_to_next",
    "criterion_points",
)
_UNIT_FIELDS = (
    "pk",
    "status",
    "organization_id",
    "organization__code",
    "organization__name_fa",
    "organization__name_en",
    "organization__kind",
)


def _result_fields(*, criterion_points: bool) -> tuple[str, ...]:
    """The stored result's fields a cycle's rows read; its criterion points (JSON) only when asked."""
    return _RESULT_FIELDS if criterion_points else _RESULT_FIELDS[:-1]


def _unit_assessment_of(assessment: Assessment) -> _UnitAssessment:
    organization = assessment.organization
    try:
        result = assessment.result
    except AssessmentResult.DoesNotExist:
        result = None
    return _UnitAssessment(
        assessment_id=assessment.pk,
        status=assessment.status,
        organization_id=organization.pk,
        code=organization.code,
        name_fa=organization.name_fa,
        name_en=organization.name_en,
        kind=organization.kind,
        result=None if result is None else {name: getattr(result, name) for name in _RESULT_FIELDS},
    )


def _unit_assessment_from_values(values: tuple, result_fields: tuple[str, ...]) -> _UnitAssessment:
    head, stored = values[: len(_UNIT_FIELDS)], values[len(_UNIT_FIELDS) :]
    return _UnitAssessment(
        *head, result=None if stored[0] is None else dict(zip(result_fields, stored, strict=True))
    )


def _values_show_stored(values: tuple) -> bool:
    """`_UnitAssessment.shows_stored` of a row as `cycle_ratings` reads it (status, …, result id, …)."""
    return values[1] in LOCKED_STATUSES and values[len(_UNIT_FIELDS)] is not None


def _row_from_stored_values(values: tuple) -> RatingRow:
    """`_row_from_stored(_unit_assessment_from_values(values, …))` without the two objects between:
    a closed cycle of thousands of units is listed on every dashboard request."""
    (
        assessment_id,
        status,
        organization_id,
        code,
        name_fa,
        name_en,
        kind,
        _result_id,
        total,
        stars,
        level_code,
        level_fa,
        level_en,
        next_level_fa,
        next_level_en,
        points_to_next,
        *criterion_points,
    ) = values
    return RatingRow(
        assessment_id=assessment_id,
        code=code,
        name_fa=name_fa,
        name_en=name_en,
        kind=kind,
        status=status,
        total=total,
        stars=stars,
        level_code=level_code,
        level_fa=level_fa,
        level_en=level_en,
        next_level_fa=next_level_fa or None,
        next_level_en=next_level_en or None,
        points_to_next=points_to_next,
        missing=(),
        stored=True,
        organization_id=organization_id,
        criterion_points={
            criterion: Decimal(str(points))
            for criterion, points in ((criterion_points[0] if criterion_points else None) or {}).items()
        },
    )


def _row_from_stored(unit: _UnitAssessment) -> RatingRow:
    result = unit.result
    return RatingRow(
        assessment_id=unit.assessment_id,
        code=unit.code,
        name_fa=unit.name_fa,
        name_en=unit.name_en,
        kind=unit.kind,
        status=unit.status,
        total=result["total"],
        stars=result["stars"],
        level_code=result["level_code"],
        level_fa=result["level_fa"],
        level_en=result["level_en"],
        next_level_fa=result["next_level_fa"] or None,
        next_level_en=result["next_level_en"] or None,
        points_to_next=result["points_to_next"],
        missing=(),
        stored=True,
        organization_id=unit.organization_id,
        criterion_points={
            code: Decimal(str(points)) for code, points in (result.get("criterion_points") or {}).items()
        },
    )


def _row_from_scoring(unit: _UnitAssessment, scoring: ScoringResult, rating: Rating | None) -> RatingRow:
    next_band = rating.next_band if rating else None
    return RatingRow(
        assessment_id=unit.assessment_id,
        code=unit.code,
        name_fa=unit.name_fa,
        name_en=unit.name_en,
        kind=unit.kind,
        status=unit.status,
        total=scoring.total,
        stars=rating.stars if rating else None,
        level_code=rating.level_code if rating else None,
        level_fa=rating.level_fa if rating else None,
        level_en=rating.level_en if rating else None,
        next_level_fa=next_band.level_fa if next_band else None,
        next_level_en=next_band.level_en if next_band else None,
        points_to_next=rating.points_to_next if rating else None,
        missing=scoring.missing,
        stored=False,
        organization_id=unit.organization_id,
        criterion_points=dict(scoring.criterion_points),
    )


def _cycle_consensus_scores_load(
    *, cycle: Cycle, framework: LoadedFramework, assessments: QuerySet[Assessment] | None = None
) -> dict[int, dict]:
    """The consensus scores of every assessment of the cycle (of `assessments`, if given) that has
    no stored result to show."""
    conditions = {"score__assessment__in": assessments.values("pk")} if assessments is not None else {}
    rows = _score_rows(
        "score__assessment_id",
        Q(score__assessment__result__isnull=True) | ~Q(score__assessment__status__in=LOCKED_STATUSES),
        score__assessment__cycle_id=cycle.pk,
        score__stage=Score.Stage.CONSENSUS,
        **conditions,
    )
    return _scores_by_key(rows=rows, framework=framework)


def assessment_rating_row(*, assessment: Assessment, cache: FrameworkCache | None = None) -> RatingRow:
    """One assessment as `cycle_ratings` lists it: its stored result when finalized or released,
    else rated from its current consensus scores. No query for a stored result (with
    `organization` and `result` loaded); five, or two with a warm `cache`, for a live one."""
    unit = _unit_assessment_of(assessment)
    if unit.shows_stored:
        return _row_from_stored(unit)
    cycle = assessment.cycle
    framework = framework_structure_load(framework_id=cycle.framework_id, cache=cache)
    scores = consensus_scores_load(assessment_ids=[assessment.pk], framework=framework).get(assessment.pk, {})
    scoring = score_assessment(framework.structure, scores)
    return _row_from_scoring(
        unit, scoring, rate(scoring, rating_bands_load(scheme_id=cycle.rating_scheme_id))
    )


def cycle_ratings(
    *,
    cycle: Cycle,
    cache: FrameworkCache | None = None,
    criterion_points: bool = False,
    assessments: QuerySet[Assessment] | None = None,
) -> list[RatingRow]:
    """Every assessment of the cycle, organizations before companies, by code; six queries in all
    (three when `cache` already holds the cycle's framework), or one when every assessment shows
    its stored result (a closed cycle): nothing is then rated live. Stored results' criterion
    points are read only with `criterion_points` (rows rated live always carry theirs).

    `assessments` (a scoped queryset, such as `access.assessments_exportable(user)`) keeps only
    the cycle's assessments among them."""
    result_fields = _result_fields(criterion_points=criterion_points)
    selected = Assessment.objects.filter(cycle_id=cycle.pk)
    if assessments is not None:
        selected = selected.filter(pk__in=assessments.values("pk"))
    read = list(
        selected.order_by("organization__kind", "organization__code").values_list(
            *_UNIT_FIELDS, *(f"result__{name}" for name in result_fields)
        )
    )
    if all(_values_show_stored(values) for values in read):
        return [_row_from_stored_values(values) for values in read]
    units = [_unit_assessment_from_values(values, result_fields) for values in read]
    framework = framework_structure_load(framework_id=cycle.framework_id, cache=cache)
    bands = rating_bands_load(scheme_id=cycle.rating_scheme_id)
    scores = _cycle_consensus_scores_load(cycle=cycle, framework=framework, assessments=selected)
    rows = []
    for unit in units:
        if unit.shows_stored:
            rows.append(_row_from_stored(unit))
            continue
        scoring = score_assessment(framework.structure, scores.get(unit.assessment_id, {}))
        rows.append(_row_from_scoring(unit, scoring, rate(scoring, bands)))
    return rows


# --------------------------------------------------------------------------- streamed, for exports

UNIT_ORDER = ("organization__kind", "organization__code")


def consensus_scorings_stream(
    *, cycle: Cycle, assessments: QuerySet[Assessment], chunk_size: int = 5000
) -> Iterator[tuple[int, ScoringResult]]:
    """(assessment id, points from the team's consensus scores) of each of the cycle's
    `assessments`, by kind, then code — the order `cycle_ratings` lists them in.

    Streamed: the attribute scores come in one query read in chunks of `chunk_size`, in the
    assessments' order, and each assessment is scored once its rows are read, so memory holds
    one assessment's scores at a time. Five queries (the framework's three, the assessments,
    the scores) whatever the number of assessments.
    """
    framework = framework_structure_load(framework_id=cycle.framework_id)
    selected = Assessment.objects.filter(cycle_id=cycle.pk, pk__in=assessments.values("pk"))
    ordered_ids = selected.order_by(*UNIT_ORDER).values_list("pk", flat=True).iterator(chunk_size=chunk_size)
    rows = (
        AttributeScore.objects.filter(score__assessment__in=selected, score__stage=Score.Stage.CONSENSUS)
        .order_by(*(f"score__assessment__{field}" for field in UNIT_ORDER), "score__assessment_id")
        .values_list("score__assessment_id", "score__sub_criterion_id", "attribute_id", "value")
        .iterator(chunk_size=chunk_size)
    )
    groups = groupby(rows, key=itemgetter(0))
    pending = next(groups, None)
    for assessment_id in ordered_ids:
        scores: dict[str, dict[str, int]] = {}
        if pending is not None and pending[0] == assessment_id:
            scores = _scores_by_key(rows=pending[1], framework=framework).get(assessment_id, {})
            pending = next(groups, None)
        yield assessment_id, score_assessment(framework.structure, scores)


def cycle_ratings_stream(
    *, cycle: Cycle, assessments: QuerySet[Assessment], chunk_size: int = 5000
) -> Iterator[RatingRow]:
    """`cycle_ratings` of the cycle's `assessments`, in its order, streamed: one row at a time for
    an export, never the whole cycle in memory. Stored results come from one query read in
    chunks; assessments rated live from `consensus_scorings_stream` over just those, read
    alongside in the same order."""
    result_fields = _result_fields(criterion_points=False)
    selected = Assessment.objects.filter(cycle_id=cycle.pk, pk__in=assessments.values("pk"))
    units = (
        selected.order_by(*UNIT_ORDER)
        .values_list(*_UNIT_FIELDS, *(f"result__{name}" for name in result_fields))
        .iterator(chunk_size=chunk_size)
    )
    live = None
    bands: tuple[Band, ...] | None = None
    for values in units:
        unit = _unit_assessment_from_values(values, result_fields)
        if unit.shows_stored:
            yield _row_from_stored(unit)
            continue
        if live is None:  # the first unit rated live: its scores, and the others', as they come
            shown_stored = Q(status__in=LOCKED_STATUSES, result__isnull=False)
            live = consensus_scorings_stream(
                cycle=cycle, assessments=selected.exclude(shown_stored), chunk_size=chunk_size
            )
            bands = rating_bands_load(scheme_id=cycle.rating_scheme_id)
        assessment_id, scoring = next(live)
        if assessment_id != unit.assessment_id:  # both read in UNIT_ORDER: never, unless it changes
            raise RuntimeError(f"Ratings out of step: {assessment_id} scored for {unit.assessment_id}")
        yield _row_from_scoring(unit, scoring, rate(scoring, bands))


def sub_criterion_points(*, criterion_points: Decimal, weight: Decimal, percentage: Decimal) -> Decimal:
    """The points a sub-criterion earns of its criterion's: points × weight × percentage / 100,
    two decimals (the criterion's own points, one decimal, come from `scoring`)."""
    return (criterion_points * weight * percentage / 100).quantize(Decimal("0.01"))
