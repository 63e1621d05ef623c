"""RADAR scores to points, points to stars: the one computation behind every score shown.

Pure functions over frozen dataclasses, with no database access (DESIGN §3). A service
loads a framework's structure, the scores and a rating scheme's bands into the
dataclasses below and calls these functions; dashboards, the API, exports and the
`ratings` command all get their numbers from there.

Arithmetic is exact and in whole numbers: attribute scores are whole numbers, weights
and points have a fixed number of decimals, so every percentage, criterion's points and
total is a whole numerator over a denominator fixed by the framework (`_IntegerPlan`,
worked out once per structure). The only rounding is for display — the total to one
decimal, half up, and the band chosen from that shown total rounded half up to a whole
point (450.45 shows as 450.5 and earns the 451–550 band; nobody can read a total that
contradicts its band).
Percentages, criterion points and spreads are also reported with one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

from django.utils.translation import gettext as _

SCORE_MIN = 0
SCORE_MAX = 100
SCORE_STEP = 5
ATTRIBUTE_SCORE_VALUES = range(SCORE_MIN, SCORE_MAX + 1, SCORE_STEP)
"""What a RADAR attribute may be scored: 0–100 in steps of 5. The one statement of the rule."""
TOTAL_MAX = 1000
STARS_MAX = 4
SPREAD_FLAG_THRESHOLD = 25
"""Assessors whose percentages for a sub-criterion differ by this much or more must discuss it."""

ONE_DECIMAL = Decimal("0.1")

AttributeScoreMap = Mapping[str, Mapping[str, int]]
"""Sub-criterion code → {attribute code: score 0–100 in steps of 5}."""


class ScoringError(ValueError):
    """Scores or bands that the rules of DESIGN §3 do not allow; the message says which and why."""


# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class RadarElementSpec:
    """A RADAR element (Approach, Deployment, …) and the codes of its attributes, in order."""

    code: str
    attribute_codes: tuple[str, ...]


@dataclass(frozen=True)
class RadarMatrix:
    """The RADAR elements used to score one kind of sub-criterion (`enabler` or `result`)."""

    kind: str
    elements: tuple[RadarElementSpec, ...]

    @property
    def attribute_codes(self) -> tuple[str, ...]:
        return tuple(code for element in self.elements for code in element.attribute_codes)


@dataclass(frozen=True)
class SubCriterionSpec:
    """A sub-criterion: its weight inside its criterion (weights of a criterion sum to 1)."""

    code: str
    weight: Decimal
    kind: str


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion and its share of the 1000 points."""

    code: str
    points: Decimal
    sub_criteria: tuple[SubCriterionSpec, ...]


@dataclass(frozen=True)
class FrameworkStructure:
    """What scoring needs to know of a framework: criteria, sub-criteria and RADAR matrices.

    Attribute codes must be unique within a kind, so that a score names its attribute by
    code alone; elements or kinds without attributes are refused.
    """

    code: str
    criteria: tuple[CriterionSpec, ...]
    radar: tuple[RadarMatrix, ...]

    def __post_init__(self):
        for matrix in self.radar:
            if not matrix.elements or any(not element.attribute_codes for element in matrix.elements):
                raise ScoringError(
                    _("Framework %(framework)s has a RADAR element without attributes for kind %(kind)s.")
                    % {"framework": self.code, "kind": matrix.kind}
                )
            codes = matrix.attribute_codes
            if len(set(codes)) != len(codes):
                raise ScoringError(
                    _("Framework %(framework)s repeats an attribute code for kind %(kind)s.")
                    % {"framework": self.code, "kind": matrix.kind}
                )
        kinds = {matrix.kind for matrix in self.radar}
        for sub_criterion in self.sub_criteria:
            if sub_criterion.kind not in kinds:
                raise ScoringError(
                    _("Framework %(framework)s has no RADAR attributes for %(kind)s sub-criterion %(code)s.")
                    % {"framework": self.code, "kind": sub_criterion.kind, "code": sub_criterion.code}
                )

    @property
    def sub_criteria(self) -> tuple[SubCriterionSpec, ...]:
        return tuple(sub for criterion in self.criteria for sub in criterion.sub_criteria)

    @property
    def sub_criterion_codes(self) -> tuple[str, ...]:
        return tuple(sub.code for sub in self.sub_criteria)

    def matrix(self, kind: str) -> RadarMatrix:
        for matrix in self.radar:
            if matrix.kind == kind:
                return matrix
        raise ScoringError(
            _("Framework %(framework)s has no RADAR attributes for kind %(kind)s.")
            % {"framework": self.code, "kind": kind}
        )

    @cached_property
    def _integer_plan(self) -> _IntegerPlan:
        return _IntegerPlan.of(self)


@dataclass(frozen=True)
class _ElementPlan:
    """A RADAR element's attributes and the whole factor its attribute sum is weighted by."""

    factor: int
    attribute_codes: tuple[str, ...]


@dataclass(frozen=True)
class _SubCriterionPlan:
    code: str
    elements: tuple[_ElementPlan, ...]
    attribute_codes: frozenset[str]
    weighted_codes: tuple[tuple[str, int], ...]
    """Every attribute code with its element's factor: the percentage numerator is Σ factor × score."""


@dataclass(frozen=True)
class _CriterionPlan:
    code: str
    points: int
    sub_criteria: tuple[tuple[_SubCriterionPlan, int], ...]
    """Each sub-criterion with its weight as a whole number."""


@dataclass(frozen=True)
class _IntegerPlan:
    """A framework's scoring rules as whole numbers, so that scoring needs no fractions.

    A sub-criterion's percentage, the mean of its elements' means, is
    Σ factor × (sum of the element's attribute scores) / `percentage_scale`, where
    `percentage_scale` is the least common multiple of (elements × attributes of the
    element) over every element and factor = percentage_scale / (elements × attributes).
    Points and weights are scaled by the least common multiple of their denominators
    (100 and 100,000 for points with two decimals and weights with five), so that
    criterion points = points × Σ weight × percentage numerator / `points_scale`.
    """

    percentage_scale: int
    points_scale: int
    sub_criteria: tuple[_SubCriterionPlan, ...]
    criteria: tuple[_CriterionPlan, ...]
    sub_criteria_by_code: Mapping[str, _SubCriterionPlan] = field(compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, structure: FrameworkStructure) -> _IntegerPlan:
        percentage_scale = math.lcm(
            *(
                len(matrix.elements) * len(element.attribute_codes)
                for matrix in structure.radar
                for element in matrix.elements
            )
        )
        elements_by_kind = {}
        for matrix in structure.radar:  # the first matrix of a kind, as `matrix()` finds it
            elements_by_kind.setdefault(
                matrix.kind,
                tuple(
                    _ElementPlan(
                        factor=percentage_scale // (len(matrix.elements) * len(element.attribute_codes)),
                        attribute_codes=element.attribute_codes,
                    )
                    for element in matrix.elements
                ),
            )
        weight_scale = math.lcm(*(Fraction(sub.weight).denominator for sub in structure.sub_criteria))
        point_scale = math.lcm(*(Fraction(criterion.points).denominator for criterion in structure.criteria))
        sub_plans = {}
        for sub in structure.sub_criteria:
            elements = elements_by_kind.get(sub.kind, ())
            sub_plans[sub.code] = _SubCriterionPlan(
                code=sub.code,
                elements=elements,
                attribute_codes=frozenset(code for element in elements for code in element.attribute_codes),
                weighted_codes=tuple(
                    (code, element.factor) for element in elements for code in element.attribute_codes
                ),
            )
        return cls(
            percentage_scale=percentage_scale,
            points_scale=point_scale * weight_scale * 100 * percentage_scale,
            sub_criteria=tuple(sub_plans[sub.code] for sub in structure.sub_criteria),
            sub_criteria_by_code=sub_plans,
            criteria=tuple(
                _CriterionPlan(
                    code=criterion.code,
                    points=int(Fraction(criterion.points) * point_scale),
                    sub_criteria=tuple(
                        (sub_plans[sub.code], int(Fraction(sub.weight) * weight_scale))
                        for sub in criterion.sub_criteria
                    ),
                )
                for criterion in structure.criteria
            ),
        )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ScoringResult:
    """Points of one set of scores (the team's, or the mean of the assessors' own).

    `percentages` holds every fully scored sub-criterion, `criterion_points` every
    criterion whose sub-criteria are all scored; `total` is None until every
    sub-criterion is scored, and `missing` lists the ones that are not, in framework
    order. A provisional result comes from individual scores and is never a rating of
    record.
    """

    framework_code: str
    percentages: Mapping[str, Decimal]
    criterion_points: Mapping[str, Decimal]
    total: Decimal | None
    missing: tuple[str, ...]
    provisional: bool = False
    exact_total: Fraction | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Band:
    """Whole points `min_points`–`max_points` (inclusive) earn this level and star count."""

    min_points: int
    max_points: int
    level_code: str
    level_fa: str
    level_en: str
    stars: int


@dataclass(frozen=True)
class Rating:
    """The band a total falls in and how far the next level is.

    The next level is the first band above whose level differs from this one (for the
    national award: recognition → crystal statue); `points_to_next` is what the rounded
    total still lacks to reach it. Both are None at the top level.
    """

    points: int
    band: Band
    next_band: Band | None
    points_to_next: int | None

    @property
    def level_code(self) -> str:
        return self.band.level_code

    @property
    def level_fa(self) -> str:
        return self.band.level_fa

    @property
    def level_en(self) -> str:
        return self.band.level_en

    @property
    def stars(self) -> int:
        return self.band.stars


@dataclass(frozen=True)
class SubCriterionSpread:
    """How far the assessors' own percentages for one sub-criterion lie apart.

    `spread` is the highest minus the lowest percentage of the assessors who scored
    every attribute (None when nobody did); `flagged` when the spread as shown is at
    least SPREAD_FLAG_THRESHOLD points.
    """

    code: str
    assessors: int
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None
    flagged: bool


# --------------------------------------------------------------------------- rounding


def _rounded(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator (not negative) rounded half up to one decimal."""
    return _tenths((numerator * 20 + denominator) // (denominator * 2))


_TENTHS: dict[int, Decimal] = {}


def _tenths(whole: int) -> Decimal:
    """whole / 10 as a one-decimal Decimal; the few thousand values ever shown (0.0–1000.0) are made once."""
    shown = _TENTHS.get(whole)
    if shown is None:
        shown = _TENTHS[whole] = Decimal(whole).scaleb(-1).quantize(ONE_DECIMAL)
    return shown


def whole_points(total: Decimal) -> int:
    """The total rounded half up to a whole point, as the band is chosen by (450.5 → 451)."""
    return int(Decimal(total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- validation


def _is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_ATTRIBUTE_SCORE_SET = frozenset(ATTRIBUTE_SCORE_VALUES)
_PLAIN_INT = frozenset({int})


def is_attribute_score(value) -> bool:
    """Whether `value` is a RADAR attribute score: a whole number in ATTRIBUTE_SCORE_VALUES."""
    return _is_whole_number(value) and value in ATTRIBUTE_SCORE_VALUES


def validate_scores(structure: FrameworkStructure, scores: AttributeScoreMap) -> None:
    """Refuse a score that is not 0–100 in steps of 5, an unknown attribute or a foreign sub-criterion."""
    plans = structure._integer_plan.sub_criteria_by_code
    for sub_code, attribute_scores in scores.items():
        plan = plans.get(sub_code)
        if plan is None:
            raise ScoringError(
                _("Sub-criterion %(code)s is not part of framework %(framework)s.")
                % {"code": sub_code, "framework": structure.code}
            )
        values = attribute_scores.values()
        if (
            plan.attribute_codes.issuperset(attribute_scores)
            and _ATTRIBUTE_SCORE_SET.issuperset(values)
            and _PLAIN_INT.issuperset(map(type, values))
        ):
            continue  # all plainly valid, checked in bulk; otherwise find the first problem below
        for attribute_code, value in attribute_scores.items():
            if attribute_code not in plan.attribute_codes:
                allowed = [code for element in plan.elements for code in element.attribute_codes]
                raise ScoringError(
                    _(
                        "Sub-criterion %(code)s has no RADAR attribute %(attribute)s; "
                        "its attributes are %(allowed)s."
                    )
                    % {"code": sub_code, "attribute": attribute_code, "allowed": ", ".join(allowed)}
                )
            if not is_attribute_score(value):
                raise ScoringError(
                    _(
                        "Score %(value)s for attribute %(attribute)s of sub-criterion %(code)s "
                        "must be a whole number from 0 to 100 in steps of 5."
                    )
                    % {"value": value, "attribute": attribute_code, "code": sub_code}
                )


def validate_bands(bands: Iterable[Band]) -> None:
    """Refuse bands that leave a gap, overlap, or do not cover 0–1000 whole points."""
    bands = list(bands)
    if not bands:
        raise ScoringError(_("A rating scheme needs at least one band."))
    for band in bands:
        if not _is_whole_number(band.min_points) or not _is_whole_number(band.max_points):
            raise ScoringError(
                _("Band %(min)s–%(max)s must start and end at whole points.")
                % {"min": band.min_points, "max": band.max_points}
            )
        if band.min_points > band.max_points:
            raise ScoringError(
                _("Band %(min)s–%(max)s starts above its end.")
                % {"min": band.min_points, "max": band.max_points}
            )
        if band.min_points < 0 or band.max_points > TOTAL_MAX:
            raise ScoringError(
                _("Band %(min)s–%(max)s lies outside 0–1000 points.")
                % {"min": band.min_points, "max": band.max_points}
            )
        if not _is_whole_number(band.stars) or not 0 <= band.stars <= STARS_MAX:
            raise ScoringError(
                _("Band %(min)s–%(max)s has %(stars)s stars; stars run from 0 to 4.")
                % {"min": band.min_points, "max": band.max_points, "stars": band.stars}
            )
        if not (band.level_code or "").strip():
            raise ScoringError(
                _("Band %(min)s–%(max)s needs a level code.")
                % {"min": band.min_points, "max": band.max_points}
            )
    ordered = sorted(bands, key=lambda band: (band.min_points, band.max_points))
    if ordered[0].min_points != 0:
        raise ScoringError(
            _("Bands must start at 0 points; the lowest band starts at %(min)s.")
            % {"min": ordered[0].min_points}
        )
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper.min_points <= lower.max_points:
            raise ScoringError(
                _("Bands %(a_min)s–%(a_max)s and %(b_min)s–%(b_max)s overlap.")
                % {
                    "a_min": lower.min_points,
                    "a_max": lower.max_points,
                    "b_min": upper.min_points,
                    "b_max": upper.max_points,
                }
            )
        if upper.min_points > lower.max_points + 1:
            raise ScoringError(
                _("Bands leave a gap between %(low)s and %(high)s.")
                % {"low": lower.max_points, "high": upper.min_points}
            )
    top = max(band.max_points for band in ordered)
    if top != TOTAL_MAX:
        raise ScoringError(
            _("Bands must end at 1000 points; the highest band ends at %(max)s.") % {"max": top}
        )


# --------------------------------------------------------------------------- scoring


def _percentage_numerators(plan: _IntegerPlan, scores: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Per fully scored sub-criterion, its percentage × `plan.percentage_scale` (× the value scale)."""
    numerators = {}
    for sub in plan.sub_criteria:
        attribute_scores = scores.get(sub.code)
        if not attribute_scores:
            continue
        try:
            numerators[sub.code] = sum(
                [factor * attribute_scores[code] for code, factor in sub.weighted_codes]
            )
        except KeyError:  # an attribute is unscored: the sub-criterion is missing
            continue
    return numerators


def _compute(
    structure: FrameworkStructure,
    scores: Mapping[str, Mapping[str, int]],
    *,
    value_scale: int = 1,
    provisional: bool,
) -> ScoringResult:
    """The result of whole-number `scores`, each the attribute's score × `value_scale`."""
    plan = structure._integer_plan
    numerators = _percentage_numerators(plan, scores)
    percentage_denominator = plan.percentage_scale * value_scale
    points_denominator = plan.points_scale * value_scale
    criterion_points: dict[str, int] = {}
    for criterion in plan.criteria:
        weighted = 0
        for sub, weight in criterion.sub_criteria:
            numerator = numerators.get(sub.code)
            if numerator is None:
                break
            weighted += weight * numerator
        else:
            criterion_points[criterion.code] = criterion.points * weighted
    missing = tuple(sub.code for sub in plan.sub_criteria if sub.code not in numerators)
    total = None if missing else sum(criterion_points.values())
    return ScoringResult(
        framework_code=structure.code,
        percentages={code: _rounded(value, percentage_denominator) for code, value in numerators.items()},
        criterion_points={
            code: _rounded(value, points_denominator) for code, value in criterion_points.items()
        },
        total=None if total is None else _rounded(total, points_denominator),
        missing=missing,
        provisional=provisional,
        exact_total=None if total is None else Fraction(total, points_denominator),
    )


def attribute_weights(structure: FrameworkStructure) -> dict[str, dict[str, Fraction]]:
    """What one point of each attribute adds to the total: {sub-criterion code: {attribute code: points}}.

    For complete scores, Σ weight × score over these is exactly `score_assessment`'s
    total before rounding (`exact_total`); planning scores towards a total (the demo)
    asks this rather than restating the formula. Attributes come in framework order.
    """
    plan = structure._integer_plan
    return {
        sub.code: {
            code: Fraction(criterion.points * weight * factor, plan.points_scale)
            for code, factor in sub.weighted_codes
        }
        for criterion in plan.criteria
        for sub, weight in criterion.sub_criteria
    }


def score_assessment(structure: FrameworkStructure, scores: AttributeScoreMap) -> ScoringResult:
    """The points of one set of scores (for an assessment: the team's consensus scores).

    Raises ScoringError for a bad score; a sub-criterion without a score for every one
    of its attributes is listed in `missing` and leaves the total unset.
    """
    validate_scores(structure, scores)
    return _compute(structure, scores, provisional=False)


def mean_individual_scores(
    structure: FrameworkStructure, individual_scores: Mapping[object, AttributeScoreMap]
) -> dict[str, dict[str, Fraction]]:
    """Per sub-criterion and attribute, the exact mean of the assessors who gave that score.

    `individual_scores` maps any assessor key to that assessor's scores. Each assessor's
    scores are validated like consensus scores; the means are derived values and are
    kept exact — not forced to steps of 5 — so a provisional total is not distorted by
    rounding. An attribute nobody scored stays absent, leaving its sub-criterion missing.
    """
    sums: dict[str, dict[str, list[int]]] = {}
    for scores in individual_scores.values():
        validate_scores(structure, scores)
        for sub_code, attribute_scores in scores.items():
            for attribute_code, value in attribute_scores.items():
                sums.setdefault(sub_code, {}).setdefault(attribute_code, []).append(value)
    return {
        sub_code: {code: Fraction(sum(values), len(values)) for code, values in attributes.items()}
        for sub_code, attributes in sums.items()
    }


def score_provisional(
    structure: FrameworkStructure, individual_scores: Mapping[object, AttributeScoreMap]
) -> ScoringResult:
    """The provisional result from the mean of the assessors' own scores, marked provisional.

    The means are exact fractions; scaled by the least common multiple of their
    denominators they become whole numbers, scored like any others.
    """
    means = mean_individual_scores(structure, individual_scores)
    value_scale = math.lcm(
        *(mean.denominator for attributes in means.values() for mean in attributes.values())
    )
    scaled = {
        sub_code: {
            code: mean.numerator * (value_scale // mean.denominator) for code, mean in attributes.items()
        }
        for sub_code, attributes in means.items()
    }
    return _compute(structure, scaled, value_scale=value_scale, provisional=True)


def spread(
    structure: FrameworkStructure, individual_scores: Mapping[object, AttributeScoreMap]
) -> tuple[SubCriterionSpread, ...]:
    """Per sub-criterion (framework order), highest minus lowest individual percentage."""
    plan = structure._integer_plan
    per_assessor = []
    for scores in individual_scores.values():
        validate_scores(structure, scores)
        per_assessor.append(_percentage_numerators(plan, scores))
    scale = plan.percentage_scale
    rows = []
    for code in structure.sub_criterion_codes:
        values = [numerators[code] for numerators in per_assessor if code in numerators]
        if not values:
            rows.append(
                SubCriterionSpread(
                    code=code, assessors=0, lowest=None, highest=None, spread=None, flagged=False
                )
            )
            continue
        shown_spread = _rounded(max(values) - min(values), scale)
        rows.append(
            SubCriterionSpread(
                code=code,
                assessors=len(values),
                lowest=_rounded(min(values), scale),
                highest=_rounded(max(values), scale),
                spread=shown_spread,
                flagged=shown_spread >= SPREAD_FLAG_THRESHOLD,
            )
        )
    return tuple(rows)


def element_scores(
    structure: FrameworkStructure, kind: str, attribute_scores: Mapping[str, int]
) -> tuple[tuple[str, Decimal | None], ...]:
    """Per RADAR element of `kind` (framework order), the mean of its attributes' scores.

    One decimal, half up, as percentages are shown; None while an attribute of the
    element is unscored. Scores are validated as attribute scores are everywhere.
    """
    matrix = structure.matrix(kind)
    known = set(matrix.attribute_codes)
    for code, value in attribute_scores.items():
        if code not in known or not is_attribute_score(value):
            raise ScoringError(
                _(
                    "Score %(value)s for attribute %(attribute)s must be a whole number "
                    "from 0 to 100 in steps of 5."
                )
                % {"value": value, "attribute": code}
            )
    means = []
    for element in matrix.elements:
        values = [attribute_scores.get(code) for code in element.attribute_codes]
        if any(value is None for value in values):
            means.append((element.code, None))
        else:
            means.append((element.code, _rounded(sum(values), len(values))))
    return tuple(means)


def step_rounded(value) -> int:
    """`value` (a number or Fraction, 0–100) rounded half up to an attribute score (a step of 5)."""
    steps = Fraction(value) / SCORE_STEP
    whole = math.floor(steps + Fraction(1, 2))
    return max(SCORE_MIN, min(SCORE_MAX, whole * SCORE_STEP))


# --------------------------------------------------------------------------- rating


def band_for_points(points: int, bands: Iterable[Band]) -> Band:
    """The band whose whole-point range holds `points`."""
    for band in bands:
        if band.min_points <= points <= band.max_points:
            return band
    raise ScoringError(_("No band of the rating scheme holds %(points)s points.") % {"points": points})


def rate_total(total: Decimal, bands: Iterable[Band]) -> Rating:
    """The band of a total shown with one decimal, and the points still needed for the next level."""
    ordered = sorted(bands, key=lambda band: band.min_points)
    points = whole_points(total)
    band = band_for_points(points, ordered)
    next_band = next(
        (
            candidate
            for candidate in ordered
            if candidate.min_points > band.max_points and candidate.level_code != band.level_code
        ),
        None,
    )
    return Rating(
        points=points,
        band=band,
        next_band=next_band,
        points_to_next=None if next_band is None else next_band.min_points - points,
    )


def rate(result: ScoringResult, bands: Iterable[Band]) -> Rating | None:
    """The rating of a complete result; None (not rated) while sub-criteria are missing."""
    if not result.complete:
        return None
    return rate_total(result.total, bands)
