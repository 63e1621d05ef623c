"""The pure scoring rules of DESIGN §3, on the two shipped frameworks; no database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    SPREAD_FLAG_THRESHOLD,
    Band,
    CriterionSpec,
    FrameworkStructure,
    RadarElementSpec,
    RadarMatrix,
    ScoringError,
    SubCriterionSpec,
    attribute_weights,
    mean_individual_scores,
    rate,
    rate_total,
    score_assessment,
    score_provisional,
    spread,
    validate_bands,
)
from assessments.tests.scoring_fixtures import (
    EFQM2013_FILE,
    EFQM2020_FILE,
    national_award_bands,
    structure_from_file,
    uniform_scores,
)

EFQM2013 = structure_from_file(EFQM2013_FILE)
EFQM2020 = structure_from_file(EFQM2020_FILE)
BANDS = national_award_bands()
STEPS = list(range(0, 101, 5))


def with_changes(scores, changes):
    """`scores` with {sub-criterion: {attribute: value}} laid over it."""
    result = {code: dict(attributes) for code, attributes in scores.items()}
    for code, attributes in changes.items():
        result.setdefault(code, {}).update(attributes)
    return result


def zero_except(structure, code, value):
    """Every attribute 0, except every attribute of sub-criterion `code`, which is `value`."""
    return with_changes(uniform_scores(structure, 0), {code: uniform_scores(structure, value)[code]})


# --------------------------------------------------------------------------- the shipped structures


def test_the_shipped_frameworks_have_the_points_and_parts_of_design_section_2():
    # given the two framework files
    # then their criteria carry 1000 points, with the weights of each criterion summing to 1
    for structure, parts in ((EFQM2013, 32), (EFQM2020, 25)):
        assert sum(criterion.points for criterion in structure.criteria) == 1000, structure.code
        assert len(structure.sub_criteria) == parts, structure.code
        for criterion in structure.criteria:
            assert sum(sub.weight for sub in criterion.sub_criteria) == 1, (structure.code, criterion.code)


# --------------------------------------------------------------------------- hand-computed totals

HAND_COMPUTED = [
    # (case, structure, scores, total, criterion points that must match)
    ("2013 all zero", EFQM2013, uniform_scores(EFQM2013, 0), "0.0", {"1": "0.0", "6": "0.0"}),
    ("2013 all 100", EFQM2013, uniform_scores(EFQM2013, 100), "1000.0", {"6": "150.0", "9": "150.0"}),
    ("2020 all zero", EFQM2020, uniform_scores(EFQM2020, 0), "0.0", {"4": "0.0"}),
    ("2020 all 100", EFQM2020, uniform_scores(EFQM2020, 100), "1000.0", {"4": "200.0", "7": "200.0"}),
    # 6a is 75 % of criterion 6 (150 points): 150 × 0.75 × 100 % = 112.5
    ("2013 only 6a at 100", EFQM2013, zero_except(EFQM2013, "6a", 100), "112.5", {"6": "112.5"}),
    # 6b is the other 25 %: 150 × 0.25 = 37.5
    ("2013 only 6b at 100", EFQM2013, zero_except(EFQM2013, "6b", 100), "37.5", {"6": "37.5"}),
    # 7a/7b split 75/25 of 100 points, 9a/9b 50/50 of 150
    ("2013 only 7b at 100", EFQM2013, zero_except(EFQM2013, "7b", 100), "25.0", {"7": "25.0"}),
    ("2013 only 9a at 100", EFQM2013, zero_except(EFQM2013, "9a", 100), "75.0", {"9": "75.0"}),
    # 1a: approach (50+60)/2 = 55, deployment (40+50)/2 = 45, A&R (30+30+60)/3 = 40;
    # 1a % = (55+45+40)/3 = 46.67; criterion 1 = 100 × 0.2 × 46.67 % = 9.33
    (
        "2013 one enabler part, element means",
        EFQM2013,
        with_changes(
            uniform_scores(EFQM2013, 0),
            {
                "1a": {
                    "sound": 50,
                    "integrated": 60,
                    "implemented": 40,
                    "structured": 50,
                    "measurement": 30,
                    "learning_creativity": 30,
                    "improvement_innovation": 60,
                }
            },
        ),
        "9.3",
        {"1": "9.3", "2": "0.0"},
    ),
    # 6a results: relevance (60+60+75)/3 = 65, performance (40+50+50+60)/4 = 50; 6a % = 57.5;
    # criterion 6 = 150 × 0.75 × 57.5 % = 64.6875 → 64.7
    (
        "2013 one results part, element means",
        EFQM2013,
        with_changes(
            uniform_scores(EFQM2013, 0),
            {
                "6a": {
                    "scope_relevance": 60,
                    "integrity": 60,
                    "segmentation": 75,
                    "trends": 40,
                    "targets": 50,
                    "comparisons": 50,
                    "causes": 60,
                }
            },
        ),
        "64.7",
        {"6": "64.7"},
    ),
    # 2020 criterion 6 is scored as a whole: 200 × 60 % = 120; 4.1 is a quarter of 200 → 50 × 40 % = 20
    (
        "2020 stakeholder perceptions as a whole",
        EFQM2020,
        with_changes(zero_except(EFQM2020, "6", 60), {"4.1": uniform_scores(EFQM2020, 40)["4.1"]}),
        "140.0",
        {"6": "120.0", "4": "20.0", "7": "0.0"},
    ),
    # everything 45 % → 450; 1a approach (50+55)/2 = 52.5 → 1a % = (52.5+45+45)/3 = 47.5;
    # criterion 1 = 100 × (0.2 × 47.5 + 0.8 × 45) % = 45.5 → total 450.5
    (
        "2013 half a point above 450",
        EFQM2013,
        with_changes(uniform_scores(EFQM2013, 45), {"1a": {"sound": 50, "integrated": 55}}),
        "450.5",
        {"1": "45.5", "2": "45.0"},
    ),
]


def hand_computed_scores(name):
    return next(case[2] for case in HAND_COMPUTED if case[0] == name)


@pytest.mark.parametrize(
    ("structure", "scores", "total", "criterion_points"),
    [case[1:] for case in HAND_COMPUTED],
    ids=[case[0] for case in HAND_COMPUTED],
)
def test_hand_computed_totals(structure, scores, total, criterion_points):
    # when the scores are scored
    result = score_assessment(structure, scores)

    # then the total and the criterion points are the hand-computed ones, with one decimal
    assert result.complete
    assert result.missing == ()
    assert result.total == Decimal(total)
    assert str(result.total) == total
    for code, points in criterion_points.items():
        assert str(result.criterion_points[code]) == points, code


def test_the_total_is_rounded_half_up_only_at_the_end():
    # given everything at 45 but the sound attribute of 1a, 3a and 4a at 50: each lifts its
    # part by 2.5/2/3 % and its criterion by 100 × 0.2 × 5/6 % = 1/6 point
    scores = with_changes(
        uniform_scores(EFQM2013, 45),
        {"1a": {"sound": 50}, "3a": {"sound": 50}, "4a": {"sound": 50}},
    )

    # when scored
    result = score_assessment(EFQM2013, scores)

    # then each of those criteria shows 45.2 (45.1666…), but the total is 450 + 3/6 = 450.5,
    # not the 450.6 that adding the rounded criterion points would give
    assert [result.criterion_points[code] for code in ("1", "3", "4")] == [Decimal("45.2")] * 3
    assert result.exact_total == Fraction(901, 2)
    assert result.total == Decimal("450.5")
    assert sum(result.criterion_points.values()) == Decimal("450.6")


def test_percentages_are_reported_per_sub_criterion_with_one_decimal():
    # given 1a's attributes from the hand-computed case above
    scores = hand_computed_scores("2013 one enabler part, element means")

    # when scored
    result = score_assessment(EFQM2013, scores)

    # then 1a is 46.7 % and every other part 0 %
    assert result.percentages["1a"] == Decimal("46.7")
    assert result.percentages["1b"] == Decimal("0.0")
    assert set(result.percentages) == set(EFQM2013.sub_criterion_codes)


# --------------------------------------------------------------------------- bands

BAND_EDGES = [
    # total shown, level, stars, next level, points to next
    ("0.0", "commitment", 0, "recognition", 251),
    ("250.0", "commitment", 0, "recognition", 1),
    ("250.4", "commitment", 0, "recognition", 1),
    ("250.5", "recognition", 1, "crystal", 200),
    ("251.0", "recognition", 1, "crystal", 200),
    ("300.0", "recognition", 1, "crystal", 151),
    ("301.0", "recognition", 2, "crystal", 150),
    ("350.0", "recognition", 2, "crystal", 101),
    ("351.0", "recognition", 3, "crystal", 100),
    ("400.0", "recognition", 3, "crystal", 51),
    ("401.0", "recognition", 4, "crystal", 50),
    ("450.0", "recognition", 4, "crystal", 1),
    ("450.4", "recognition", 4, "crystal", 1),
    ("450.5", "crystal", 4, "silver", 100),
    ("451.0", "crystal", 4, "silver", 100),
    ("550.0", "crystal", 4, "silver", 1),
    ("551.0", "silver", 4, "gold", 100),
    ("650.0", "silver", 4, "gold", 1),
    ("651.0", "gold", 4, None, None),
    ("1000.0", "gold", 4, None, None),
]


@pytest.mark.parametrize(("total", "level", "stars", "next_level", "points_to_next"), BAND_EDGES)
def test_band_edges_of_the_national_award_scheme(total, level, stars, next_level, points_to_next):
    # when a total is rated with the default scheme
    rating = rate_total(Decimal(total), BANDS)

    # then its band, stars and next level are those of DESIGN §2
    assert rating.level_code == level
    assert rating.stars == stars
    assert (rating.next_band.level_code if rating.next_band else None) == next_level
    assert rating.points_to_next == points_to_next


def test_half_up_rounding_at_450_5_earns_the_crystal_statue():
    # given scores whose total is exactly 450.5 (hand-computed above)
    result = score_assessment(EFQM2013, hand_computed_scores("2013 half a point above 450"))

    # when rated
    rating = rate(result, BANDS)

    # then 450.5 rounds half up to 451: crystal statue, 4 stars, 100 points from silver
    assert result.total == Decimal("450.5")
    assert rating.points == 451
    assert (rating.level_code, rating.level_en, rating.stars) == ("crystal", "Crystal statue", 4)
    assert rating.next_band.level_code == "silver"
    assert rating.points_to_next == 100


def test_the_band_follows_the_total_as_shown():
    # given a total of 450.45 exactly, shown as 450.5
    rating = rate_total(Decimal("450.5"), BANDS)

    # then the band is the one a reader of 450.5 expects
    assert rating.level_code == "crystal"


# --------------------------------------------------------------------------- incomplete


def test_an_incomplete_result_lists_missing_sub_criteria_in_framework_order_and_is_not_rated():
    # given no score for 9b and 1c, and 4a lacking one attribute
    scores = uniform_scores(EFQM2013, 50)
    del scores["9b"], scores["1c"]
    del scores["4a"]["learning_creativity"]

    # when scored and rated
    result = score_assessment(EFQM2013, scores)

    # then the result is incomplete, names them in framework order, and has no total or rating
    assert not result.complete
    assert result.missing == ("1c", "4a", "9b")
    assert result.total is None
    assert rate(result, BANDS) is None
    # and the complete criteria still have their points
    assert result.criterion_points["2"] == Decimal("50.0")
    assert "1" not in result.criterion_points


def test_no_scores_at_all_misses_every_sub_criterion():
    result = score_assessment(EFQM2020, {})

    assert result.missing == EFQM2020.sub_criterion_codes
    assert rate(result, BANDS) is None


# --------------------------------------------------------------------------- bad input

BAD_SCORES = [
    (
        "1a",
        "sound",
        37,
        "Score 37 for attribute sound of sub-criterion 1a must be a whole number from 0 to 100",
    ),
    ("1a", "sound", 105, "Score 105 for attribute sound of sub-criterion 1a must be a whole number"),
    ("6b", "trends", -5, "Score -5 for attribute trends of sub-criterion 6b must be"),
    ("1a", "sound", 37.5, "Score 37.5 for attribute sound of sub-criterion 1a"),
    ("1a", "sound", "50", "Score 50 for attribute sound of sub-criterion 1a"),
    (
        "1a",
        "trends",
        50,
        "Sub-criterion 1a has no RADAR attribute trends; its attributes are sound, integrated",
    ),
    ("1a", "charisma", 50, "Sub-criterion 1a has no RADAR attribute charisma"),
    ("1.1", "sound", 50, "Sub-criterion 1.1 is not part of framework EFQM2013-IR1393."),
]


@pytest.mark.parametrize(("code", "attribute", "value", "message"), BAD_SCORES)
def test_bad_scores_are_refused_with_a_message_naming_the_sub_criterion_and_attribute(
    english, code, attribute, value, message
):
    # given otherwise valid scores with one bad entry
    scores = with_changes(uniform_scores(EFQM2013, 50), {code: {attribute: value}})

    # when scored, then refused with the reason
    with pytest.raises(ScoringError) as raised:
        score_assessment(EFQM2013, scores)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_a_2013_sub_criterion_is_refused_by_the_2020_framework(english):
    with pytest.raises(ScoringError, match="Sub-criterion 6a is not part of framework EFQM2020"):
        score_assessment(EFQM2020, {"6a": {"trends": 50}})


def test_the_2020_results_attribute_confidence_replaces_causes(english):
    # given a 2013 results attribute on a 2020 results criterion
    with pytest.raises(ScoringError, match="Sub-criterion 6 has no RADAR attribute causes"):
        score_assessment(EFQM2020, {"6": {"causes": 50}})


# --------------------------------------------------------------------------- provisional and spread


def test_provisional_result_is_the_mean_per_attribute_across_assessors_and_marked():
    # given two assessors at 40 and 50 everywhere, and a third who scored only 1a sound at 55
    individual = {
        "leader": uniform_scores(EFQM2013, 40),
        "member": uniform_scores(EFQM2013, 50),
        "late": {"1a": {"sound": 55}},
    }

    # when the provisional result is computed
    result = score_provisional(EFQM2013, individual)
    means = mean_individual_scores(EFQM2013, individual)

    # then each attribute is the exact mean of those who scored it, not forced to steps of 5
    assert means["1b"]["sound"] == 45
    assert means["1a"]["sound"] == Fraction(145, 3)
    # 1a approach (48.33+45)/2 = 46.67 → 1a % = (46.67+45+45)/3 = 45.56 → criterion 1 +0.111
    assert result.total == Decimal("450.1")
    assert result.provisional
    assert not score_assessment(EFQM2013, uniform_scores(EFQM2013, 45)).provisional


def test_provisional_result_is_incomplete_where_nobody_scored():
    individual = {"leader": zero_except(EFQM2013, "1a", 50), "member": {"1a": {"sound": 50}}}
    del individual["leader"]["9b"]

    result = score_provisional(EFQM2013, individual)

    assert result.missing == ("9b",)
    assert result.provisional


def test_provisional_inputs_are_validated_like_consensus_scores(english):
    with pytest.raises(ScoringError, match="Score 42 for attribute sound of sub-criterion 1a"):
        score_provisional(EFQM2013, {"leader": {"1a": {"sound": 42}}})


def test_spread_is_highest_minus_lowest_percentage_and_flagged_from_25_points():
    # given three assessors; on 1a: 50 %, 75 % and 60 %; on 1b: 50 % and 74.4 %
    high_1b = {
        "sound": 75,
        "integrated": 75,
        "implemented": 75,
        "structured": 75,
        "measurement": 70,
        "learning_creativity": 75,
        "improvement_innovation": 75,
    }
    individual = {
        "a": uniform_scores(EFQM2013, 50),
        "b": with_changes(
            uniform_scores(EFQM2013, 50), {"1a": uniform_scores(EFQM2013, 75)["1a"], "1b": high_1b}
        ),
        "c": {"1a": uniform_scores(EFQM2013, 60)["1a"]},
    }

    # when the spread is computed
    rows = {row.code: row for row in spread(EFQM2013, individual)}

    # then 1a spreads 25 points and is flagged; 1b 24.4 and is not; 1c 0
    assert (rows["1a"].lowest, rows["1a"].highest, rows["1a"].spread) == (
        Decimal("50.0"),
        Decimal("75.0"),
        Decimal("25.0"),
    )
    assert rows["1a"].assessors == 3
    assert rows["1a"].flagged
    assert rows["1b"].spread == Decimal("24.4")
    assert not rows["1b"].flagged
    assert rows["1c"].spread == 0
    assert not rows["1c"].flagged
    assert SPREAD_FLAG_THRESHOLD == 25
    assert [row.code for row in spread(EFQM2013, individual)] == list(EFQM2013.sub_criterion_codes)


def test_spread_of_a_sub_criterion_nobody_fully_scored_is_unknown():
    rows = spread(EFQM2020, {"a": {"1.1": {"sound": 50}}})

    assert rows[0].code == "1.1"
    assert rows[0].spread is None
    assert rows[0].assessors == 0
    assert not rows[0].flagged


# --------------------------------------------------------------------------- rating scheme validation


def band(low, high, code="level", stars=0):
    return Band(min_points=low, max_points=high, level_code=code, level_fa=code, level_en=code, stars=stars)


def test_the_shipped_default_scheme_is_valid():
    validate_bands(BANDS)
    assert [(item.min_points, item.max_points) for item in BANDS][0] == (0, 250)


BAD_BANDS = [
    ("gap", [band(0, 300), band(302, 1000)], "Bands leave a gap between 300 and 302."),
    ("overlap", [band(0, 300), band(300, 1000)], "Bands 0–300 and 300–1000 overlap."),
    ("inside", [band(0, 1000), band(200, 300)], "Bands 0–1000 and 200–300 overlap."),
    ("start", [band(1, 1000)], "Bands must start at 0 points; the lowest band starts at 1."),
    ("end", [band(0, 990)], "Bands must end at 1000 points; the highest band ends at 990."),
    ("beyond", [band(0, 1001)], "Band 0–1001 lies outside 0–1000 points."),
    ("reversed", [band(0, 500), band(1000, 501)], "Band 1000–501 starts above its end."),
    ("stars", [band(0, 1000, stars=5)], "Band 0–1000 has 5 stars; stars run from 0 to 4."),
    ("fraction", [band(0, 500), band(Decimal("500.5"), 1000)], "Band 500.5–1000 must start and end at whole"),
    ("code", [band(0, 1000, code="")], "Band 0–1000 needs a level code."),
    ("empty", [], "A rating scheme needs at least one band."),
]


@pytest.mark.parametrize(
    ("bands", "message"), [case[1:] for case in BAD_BANDS], ids=[c[0] for c in BAD_BANDS]
)
def test_bad_bands_are_refused_naming_the_problem(english, bands, message):
    with pytest.raises(ScoringError) as raised:
        validate_bands(bands)
    assert message in str(raised.value)


def test_bands_given_in_any_order_are_checked_as_a_table():
    validate_bands([band(501, 1000, stars=4), band(0, 500)])
    assert rate_total(Decimal("500.4"), [band(501, 1000, "high", 4), band(0, 500, "low")]).level_code == "low"


# --------------------------------------------------------------------------- properties

ATTRIBUTE_SLOTS = [
    (sub.code, attribute)
    for sub in EFQM2013.sub_criteria
    for attribute in EFQM2013.matrix(sub.kind).attribute_codes
]


def scores_from_values(values):
    scores = {}
    for (code, attribute), value in zip(ATTRIBUTE_SLOTS, values, strict=True):
        scores.setdefault(code, {})[attribute] = value
    return scores


full_scores = st.lists(st.sampled_from(STEPS), min_size=len(ATTRIBUTE_SLOTS), max_size=len(ATTRIBUTE_SLOTS))


@settings(max_examples=150, deadline=None)
@given(values=full_scores)
def test_property_the_total_stays_within_0_and_1000(values):
    result = score_assessment(EFQM2013, scores_from_values(values))

    assert Decimal(0) <= result.total <= Decimal(1000)
    assert 0 <= result.exact_total <= 1000


@settings(max_examples=150, deadline=None)
@given(values=full_scores, slot=st.integers(0, len(ATTRIBUTE_SLOTS) - 1), steps=st.integers(1, 20))
def test_property_raising_any_attribute_never_lowers_the_total(values, slot, steps):
    # given a complete set of scores, and the same with one attribute raised (capped at 100)
    raised_values = list(values)
    raised_values[slot] = min(100, values[slot] + 5 * steps)

    # when both are scored
    before = score_assessment(EFQM2013, scores_from_values(values))
    after = score_assessment(EFQM2013, scores_from_values(raised_values))

    # then the total did not go down, exactly nor as shown, nor did the rating
    assert after.exact_total >= before.exact_total
    assert after.total >= before.total
    assert rate(after, BANDS).points >= rate(before, BANDS).points


@settings(max_examples=100, deadline=None)
@given(values=full_scores, data=st.data())
def test_property_the_order_in_which_scores_are_given_does_not_matter(values, data):
    # given the same scores inserted in another order of sub-criteria and attributes
    scores = scores_from_values(values)
    shuffled_codes = data.draw(st.permutations(list(scores)))
    shuffled = {}
    for code in shuffled_codes:
        attributes = data.draw(st.permutations(list(scores[code].items())))
        shuffled[code] = dict(attributes)

    # when both are scored, then the results are the same
    assert score_assessment(EFQM2013, shuffled) == score_assessment(EFQM2013, scores)
    assert score_assessment(EFQM2013, shuffled).exact_total == score_assessment(EFQM2013, scores).exact_total


@settings(max_examples=100, deadline=None)
@given(values=full_scores, dropped=st.sets(st.sampled_from(EFQM2013.sub_criterion_codes), min_size=1))
def test_property_any_missing_sub_criterion_leaves_the_assessment_unrated(values, dropped):
    scores = {
        code: attributes for code, attributes in scores_from_values(values).items() if code not in dropped
    }

    result = score_assessment(EFQM2013, scores)

    assert result.missing == tuple(code for code in EFQM2013.sub_criterion_codes if code in dropped)
    assert rate(result, BANDS) is None


# --------------------------------------------------------------------------- the whole-number arithmetic
# `scoring` computes in whole numbers scaled by the framework. Below, DESIGN §3 written
# out plainly with fractions, as the reference it must equal on any input.


def reference_percentage(matrix, attribute_scores):
    """Mean of the element means, exactly; None while an attribute is unscored."""
    element_means = []
    for element in matrix.elements:
        values = [attribute_scores.get(code) for code in element.attribute_codes]
        if any(value is None for value in values):
            return None
        element_means.append(sum(Fraction(value) for value in values) / len(values))
    return sum(element_means) / len(element_means)


def reference_round(value):
    """Half up to one decimal."""
    tenths = Fraction(value) * 10
    return Decimal((tenths.numerator * 2 + tenths.denominator) // (tenths.denominator * 2)) / 10


def reference_result(structure, scores):
    percentages = {}
    for sub in structure.sub_criteria:
        percentage = reference_percentage(structure.matrix(sub.kind), scores.get(sub.code, {}))
        if percentage is not None:
            percentages[sub.code] = percentage
    criterion_points = {
        criterion.code: Fraction(criterion.points)
        * sum(Fraction(sub.weight) * percentages[sub.code] for sub in criterion.sub_criteria)
        / 100
        for criterion in structure.criteria
        if all(sub.code in percentages for sub in criterion.sub_criteria)
    }
    missing = tuple(code for code in structure.sub_criterion_codes if code not in percentages)
    exact_total = None if missing else sum(criterion_points.values(), Fraction(0))
    return {
        "percentages": {code: reference_round(value) for code, value in percentages.items()},
        "criterion_points": {code: reference_round(value) for code, value in criterion_points.items()},
        "total": None if exact_total is None else reference_round(exact_total),
        "exact_total": exact_total,
        "missing": missing,
    }


def as_compared(result):
    return {
        "percentages": dict(result.percentages),
        "criterion_points": dict(result.criterion_points),
        "total": result.total,
        "exact_total": result.exact_total,
        "missing": result.missing,
    }


@st.composite
def structures(draw):
    """A framework of 1–4 criteria with 1–4 sub-criteria each, weights of five decimals summing to 1,
    points of two decimals, and RADAR matrices of 1–4 elements with 1–5 attributes each."""
    radar = []
    for kind in ("enabler", "result"):
        elements = tuple(
            RadarElementSpec(
                code=f"{kind}-e{index}",
                attribute_codes=tuple(
                    f"{kind}-e{index}-a{number}" for number in range(draw(st.integers(1, 5)))
                ),
            )
            for index in range(draw(st.integers(1, 4)))
        )
        radar.append(RadarMatrix(kind=kind, elements=elements))
    criteria = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["enabler", "result"]))
        cuts = sorted(draw(st.sets(st.integers(1, 99_999), max_size=3)))
        edges = [0, *cuts, 100_000]
        weights = [Decimal(high - low).scaleb(-5) for low, high in zip(edges, edges[1:], strict=False)]
        criteria.append(
            CriterionSpec(
                code=str(index + 1),
                points=Decimal(draw(st.integers(1, 100_000))).scaleb(-2),
                sub_criteria=tuple(
                    SubCriterionSpec(code=f"{index + 1}.{number}", weight=weight, kind=kind)
                    for number, weight in enumerate(weights, 1)
                ),
            )
        )
    return FrameworkStructure(code="random", criteria=tuple(criteria), radar=tuple(radar))


@st.composite
def structure_and_scores(draw):
    """A random structure and scores for it, each attribute scored or (rarely) left out."""
    structure = draw(structures())
    scores = {}
    for sub in structure.sub_criteria:
        for code in structure.matrix(sub.kind).attribute_codes:
            if draw(st.integers(0, 19)):
                scores.setdefault(sub.code, {})[code] = draw(st.sampled_from(STEPS))
    return structure, scores


@settings(max_examples=300, deadline=None)
@given(case=structure_and_scores())
def test_property_the_whole_number_arithmetic_equals_the_fraction_reference(case):
    # given any framework and any (possibly incomplete) set of scores
    structure, scores = case

    # when scored, then every shown and exact figure is the reference's
    assert as_compared(score_assessment(structure, scores)) == reference_result(structure, scores)


@settings(max_examples=150, deadline=None)
@given(values=full_scores)
def test_property_the_shipped_framework_scores_as_the_fraction_reference(values):
    scores = scores_from_values(values)

    assert as_compared(score_assessment(EFQM2013, scores)) == reference_result(EFQM2013, scores)


@settings(max_examples=150, deadline=None)
@given(teams=st.lists(full_scores, min_size=1, max_size=6), data=st.data())
def test_property_provisional_means_score_as_the_fraction_reference(teams, data):
    # given up to six assessors, each leaving some sub-criteria unscored
    individual = {}
    for number, values in enumerate(teams):
        kept = data.draw(st.sets(st.sampled_from(EFQM2013.sub_criterion_codes)))
        scores = scores_from_values(values)
        individual[number] = {code: attributes for code, attributes in scores.items() if code in kept}

    # when the provisional result is computed, then it is the reference over the exact means
    means = mean_individual_scores(EFQM2013, individual)
    result = score_provisional(EFQM2013, individual)
    assert result.provisional
    assert as_compared(result) == reference_result(EFQM2013, means)


@settings(max_examples=150, deadline=None)
@given(teams=st.lists(full_scores, min_size=1, max_size=5))
def test_property_spread_equals_the_fraction_reference(teams):
    individual = {number: scores_from_values(values) for number, values in enumerate(teams)}

    rows = spread(EFQM2013, individual)

    for row in rows:
        exact = [
            reference_percentage(EFQM2013.matrix(sub.kind), scores[sub.code])
            for scores in individual.values()
            for sub in EFQM2013.sub_criteria
            if sub.code == row.code
        ]
        assert row.lowest == reference_round(min(exact))
        assert row.highest == reference_round(max(exact))
        assert row.spread == reference_round(max(exact) - min(exact))
        assert row.flagged == (reference_round(max(exact) - min(exact)) >= SPREAD_FLAG_THRESHOLD)


@settings(max_examples=100, deadline=None)
@given(values=full_scores)
def test_property_attribute_weights_give_the_exact_total(values):
    # given complete scores, when each is weighted by what one point of its attribute is worth
    scores = scores_from_values(values)
    weights = attribute_weights(EFQM2013)
    weighted = sum(
        weights[code][attribute] * value
        for code, attrs in scores.items()
        for attribute, value in attrs.items()
    )
    # then the sum is the scoring's exact total, for both frameworks' shapes of weights
    assert weighted == score_assessment(EFQM2013, scores).exact_total


def test_attribute_weights_cover_every_attribute_in_framework_order_and_sum_to_1000():
    for structure in (EFQM2013, EFQM2020):
        weights = attribute_weights(structure)
        assert list(weights) == list(structure.sub_criterion_codes)
        for sub in structure.sub_criteria:
            assert tuple(weights[sub.code]) == structure.matrix(sub.kind).attribute_codes
        # all attributes at 100 earn the whole 1000 points
        assert sum(w * 100 for attrs in weights.values() for w in attrs.values()) == 1000
