"""RADAR scores to points, points to stars: the one computation behind every score shown.

Pure functions over frozen dataclasses, with no database access (DESIGN §3). A service
loads a framework's structure, the scores and a rating scheme's bands into the
dataclasses below and calls these functions; dashboards, the API, exports and the
`ratings` command all get their numbers from there.

Arithmetic is exact: attribute scores, weights and points are turned into fractions,
and the only rounding is for display — the total to one decimal, half up, and the band
chosen from that shown total rounded half up to a whole point (450.45 shows as 450.5
and earns the 451–550 band; nobody can read a total that contradicts its band).
Percentages, criterion points and spreads are also reported with one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Rational

from django.utils.translation import gettext as _

SCORE_MIN = 0
SCORE_MAX = 100
SCORE_STEP = 5
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


def round_half_up(value: Rational, places: int = 1) -> Decimal:
    """`value` (exact, not negative) rounded half up to `places` decimals."""
    scale = 10**places
    scaled = Fraction(value) * scale
    whole = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def whole_points(total: Decimal) -> int:
    """The total rounded half up to a whole point, as the band is chosen by (450.5 → 451)."""
    return int(Decimal(total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- validation


def _is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_scores(structure: FrameworkStructure, scores: AttributeScoreMap) -> None:
    """Refuse a score that is not 0–100 in steps of 5, an unknown attribute or a foreign sub-criterion."""
    known = {sub.code: sub for sub in structure.sub_criteria}
    for sub_code, attribute_scores in scores.items():
        sub = known.get(sub_code)
        if sub is None:
            raise ScoringError(
                _("Sub-criterion %(code)s is not part of framework %(framework)s.")
                % {"code": sub_code, "framework": structure.code}
            )
        allowed = structure.matrix(sub.kind).attribute_codes
        for attribute_code, value in attribute_scores.items():
            if attribute_code not in allowed:
                raise ScoringError(
                    _(
                        "Sub-criterion %(code)s has no RADAR attribute %(attribute)s; "
                        "its attributes are %(allowed)s."
                    )
                    % {"code": sub_code, "attribute": attribute_code, "allowed": ", ".join(allowed)}
                )
            if not _is_whole_number(value) or not SCORE_MIN <= value <= SCORE_MAX or value % SCORE_STEP != 0:
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


def _sub_criterion_percentage(
    matrix: RadarMatrix, attribute_scores: Mapping[str, Rational]
) -> Fraction | None:
    """Mean of the element means, or None while an attribute is unscored."""
    element_scores = []
    for element in matrix.elements:
        values = [attribute_scores.get(code) for code in element.attribute_codes]
        if any(value is None for value in values):
            return None
        element_scores.append(sum((Fraction(value) for value in values), Fraction(0)) / len(values))
    return sum(element_scores, Fraction(0)) / len(element_scores)


def _exact_percentages(
    structure: FrameworkStructure, scores: Mapping[str, Mapping[str, Rational]]
) -> dict[str, Fraction]:
    percentages = {}
    for sub in structure.sub_criteria:
        percentage = _sub_criterion_percentage(structure.matrix(sub.kind), scores.get(sub.code, {}))
        if percentage is not None:
            percentages[sub.code] = percentage
    return percentages


def _compute(
    structure: FrameworkStructure, scores: Mapping[str, Mapping[str, Rational]], *, provisional: bool
) -> ScoringResult:
    percentages = _exact_percentages(structure, scores)
    criterion_points: dict[str, Fraction] = {}
    for criterion in structure.criteria:
        if all(sub.code in percentages for sub in criterion.sub_criteria):
            weighted = sum(
                (Fraction(sub.weight) * percentages[sub.code] for sub in criterion.sub_criteria), Fraction(0)
            )
            criterion_points[criterion.code] = Fraction(criterion.points) * weighted / 100
    missing = tuple(code for code in structure.sub_criterion_codes if code not in percentages)
    exact_total = None if missing else sum(criterion_points.values(), Fraction(0))
    return ScoringResult(
        framework_code=structure.code,
        percentages={code: round_half_up(value) for code, value in percentages.items()},
        criterion_points={code: round_half_up(value) for code, value in criterion_points.items()},
        total=None if exact_total is None else round_half_up(exact_total),
        missing=missing,
        provisional=provisional,
        exact_total=exact_total,
    )


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
    """The provisional result from the mean of the assessors' own scores, marked provisional."""
    return _compute(structure, mean_individual_scores(structure, individual_scores), provisional=True)


def spread(
    structure: FrameworkStructure, individual_scores: Mapping[object, AttributeScoreMap]
) -> tuple[SubCriterionSpread, ...]:
    """Per sub-criterion (framework order), highest minus lowest individual percentage."""
    per_assessor = []
    for scores in individual_scores.values():
        validate_scores(structure, scores)
        per_assessor.append(_exact_percentages(structure, scores))
    rows = []
    for code in structure.sub_criterion_codes:
        values = [percentages[code] for percentages in per_assessor if code in percentages]
        if not values:
            rows.append(
                SubCriterionSpread(
                    code=code, assessors=0, lowest=None, highest=None, spread=None, flagged=False
                )
            )
            continue
        shown_spread = round_half_up(max(values) - min(values))
        rows.append(
            SubCriterionSpread(
                code=code,
                assessors=len(values),
                lowest=round_half_up(min(values)),
                highest=round_half_up(max(values)),
                spread=shown_spread,
                flagged=shown_spread >= SPREAD_FLAG_THRESHOLD,
            )
        )
    return tuple(rows)


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
