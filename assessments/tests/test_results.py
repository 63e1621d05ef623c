"""Ratings from the database: consensus, provisional, spread, stored results, cycle ratings, schemes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, AssessmentResult, Assignment, RatingBand, RatingScheme
from assessments.scoring import ScoringError
from assessments.selectors.results import (
    assessment_consensus_result,
    assessment_provisional_result,
    assessment_spread,
    cycle_ratings,
)
from assessments.services.assessments import assessment_finalize, assignment_create
from assessments.services.rating_schemes import rating_scheme_default_ensure, rating_scheme_save
from assessments.services.results import assessment_result_recompute, assessment_result_store
from assessments.services.scores import score_set
from assessments.tests.factories import AssessmentFactory, AssessorFactory, CycleFactory
from assessments.tests.scoring_fixtures import (
    EFQM2013_FILE,
    EFQM2020_FILE,
    framework_from_file,
    national_award_bands,
    scores_create,
    structure_from_file,
    uniform_scores,
)
from excellence.errors import ApplicationError
from excellence.roles import COMMAND_LINE
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory, UserFactory

EFQM2013 = structure_from_file(EFQM2013_FILE)


def with_changes(scores, changes):
    result = {code: dict(attributes) for code, attributes in scores.items()}
    for code, attributes in changes.items():
        result.setdefault(code, {}).update(attributes)
    return result


# 450.5 by hand: everything at 45 % (450), and 1a's approach (50+55)/2 = 52.5 → 1a 47.5 % → +0.5
SCORES_450_5 = with_changes(uniform_scores(EFQM2013, 45), {"1a": {"sound": 50, "integrated": 55}})


@pytest.fixture
def cycle(db):
    framework = framework_from_file(EFQM2013_FILE)
    return CycleFactory(
        year=1401, framework=framework, rating_scheme=rating_scheme_default_ensure(actor=COMMAND_LINE)
    )


def assessment_in(
    cycle, *, code="FIRE", kind=Organization.Kind.ORGANIZATION, status=Assessment.Status.CONSENSUS
):
    organization = OrganizationFactory(
        code=code, kind=kind, name_fa=f"سازمان {code}", name_en=f"{code} agency"
    )
    return AssessmentFactory(cycle=cycle, organization=organization, status=status)


def bands_as_dicts(bands):
    return [
        {
            "min_points": band.min_points,
            "max_points": band.max_points,
            "level_code": band.level_code,
            "level_fa": band.level_fa,
            "level_en": band.level_en,
            "stars": band.stars,
        }
        for band in bands
    ]


# --------------------------------------------------------------------------- consensus result


def test_consensus_result_rates_the_team_scores(cycle, django_assert_num_queries):
    # given a team's consensus scores worth 450.5
    assessment = assessment_in(cycle)
    scores_create(assessment=assessment, scores=SCORES_450_5)
    assessment = Assessment.objects.select_related("cycle").get(pk=assessment.pk)

    # when its consensus result is computed (structure 3, scores 1, bands 1)
    with django_assert_num_queries(5):
        outcome = assessment_consensus_result(assessment=assessment)

    # then it is complete, 450.5, crystal statue with 4 stars, and not provisional
    assert outcome.scoring.total == Decimal("450.5")
    assert outcome.scoring.criterion_points["1"] == Decimal("45.5")
    assert (outcome.rating.level_code, outcome.rating.stars) == ("crystal", 4)
    assert outcome.rating.points_to_next == 100
    assert not outcome.provisional


def test_consensus_result_ignores_individual_scores(cycle):
    # given individual scores only
    assessment = assessment_in(cycle)
    assessor = AssessorFactory()
    assignment_create(
        actor=COMMAND_LINE, assessment=assessment, assessor=assessor, role=Assignment.Role.LEADER
    )
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 80), assessor=assessor)

    # when the consensus result is computed, then nothing is scored
    outcome = assessment_consensus_result(assessment=assessment)

    assert outcome.scoring.missing == EFQM2013.sub_criterion_codes
    assert outcome.rating is None


def test_consensus_result_of_an_incomplete_assessment_names_the_missing_sub_criteria(cycle):
    # given consensus scores for every part but 5e and 8b
    assessment = assessment_in(cycle)
    scores = uniform_scores(EFQM2013, 60)
    del scores["5e"], scores["8b"]
    scores_create(assessment=assessment, scores=scores)

    # when computed
    outcome = assessment_consensus_result(assessment=assessment)

    # then it is not rated and says why
    assert outcome.scoring.missing == ("5e", "8b")
    assert outcome.scoring.total is None
    assert outcome.rating is None


def test_consensus_result_made_through_the_score_service(cycle):
    # given consensus scores typed through the score service, Persian digits included
    assessment = assessment_in(cycle)
    sub_criteria = {sub.code: sub for sub in cycle.framework.sub_criteria.select_related("criterion")}
    for code, values in uniform_scores(EFQM2013, 70).items():
        typed = {attribute: "۷۰" if code == "1a" else value for attribute, value in values.items()}
        score_set(
            actor=COMMAND_LINE,
            assessment=assessment,
            sub_criterion=sub_criteria[code],
            stage="consensus",
            values=typed,
            expected_updated_at=None,
        )

    # when computed, then 70 % everywhere is 700 points: gold statue
    outcome = assessment_consensus_result(assessment=assessment)
    assert outcome.scoring.total == Decimal("700.0")
    assert outcome.rating.level_code == "gold"
    assert outcome.rating.next_band is None


def test_a_score_on_another_frameworks_sub_criterion_is_refused_by_name(cycle, english):
    # given a consensus score recorded, past the services, on a 2020 sub-criterion
    assessment = assessment_in(cycle)
    other = framework_from_file(EFQM2020_FILE)
    scores_create(assessment=assessment, scores={"4.1": {"sound": 50}}, framework=other)

    # when computed, then refused with the sub-criterion named
    with pytest.raises(ScoringError, match="Sub-criterion 4.1 is not part of framework EFQM2013-IR1393"):
        assessment_consensus_result(assessment=assessment)


# --------------------------------------------------------------------------- provisional and spread


def test_provisional_result_is_the_team_mean_and_marked_provisional(cycle):
    # given a leader at 40, a member at 50 and an assessor no longer on the team at 100
    assessment = assessment_in(cycle)
    leader, member, former = AssessorFactory(), AssessorFactory(), AssessorFactory()
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 40), assessor=leader)
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 50), assessor=member)
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 100), assessor=former)

    # when the provisional result is computed
    outcome = assessment_provisional_result(assessment=assessment)

    # then it is the mean of the team's scores (45 % → 450) and marked provisional
    assert outcome.provisional
    assert outcome.scoring.provisional
    assert outcome.scoring.total == Decimal("450.0")
    assert (outcome.rating.level_code, outcome.rating.stars) == ("recognition", 4)


def test_spread_between_assessors_is_flagged_at_25_points(cycle):
    # given a leader at 50 everywhere and a member at 75 on 1a and 70 on 1b
    assessment = assessment_in(cycle)
    leader, member = AssessorFactory(), AssessorFactory()
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 50), assessor=leader)
    member_scores = uniform_scores(EFQM2013, 50)
    member_scores["1a"] = uniform_scores(EFQM2013, 75)["1a"]
    member_scores["1b"] = uniform_scores(EFQM2013, 70)["1b"]
    scores_create(assessment=assessment, scores=member_scores, assessor=member)

    # when the spread is computed
    rows = {row.code: row for row in assessment_spread(assessment=assessment)}

    # then 1a (25 points) is flagged, 1b (20) and 1c (0) are not
    assert (rows["1a"].spread, rows["1a"].flagged) == (Decimal("25.0"), True)
    assert (rows["1b"].spread, rows["1b"].flagged) == (Decimal("20.0"), False)
    assert (rows["1c"].spread, rows["1c"].flagged) == (Decimal("0.0"), False)
    assert rows["1a"].assessors == 2


# --------------------------------------------------------------------------- stored result


def test_store_writes_the_result_with_the_scheme_and_level_texts(cycle):
    # given consensus scores worth 450.5 and an admin
    assessment = assessment_in(cycle)
    scores_create(assessment=assessment, scores=SCORES_450_5)
    admin = UserFactory()

    # when the result is stored
    result = assessment_result_store(assessment=assessment, actor=admin)

    # then the stored row holds the total, criterion points as one-decimal strings, and the band
    result.refresh_from_db()
    assert result.total == Decimal("450.5")
    assert result.criterion_points["1"] == "45.5"
    assert result.criterion_points["6"] == "67.5"
    assert set(result.criterion_points) == {criterion.code for criterion in EFQM2013.criteria}
    assert result.scheme == cycle.rating_scheme
    assert (result.level_code, result.level_fa, result.level_en, result.stars) == (
        "crystal",
        "تندیس بلورین",
        "Crystal statue",
        4,
    )
    assert (result.next_level_fa, result.next_level_en, result.points_to_next) == (
        "تندیس سیمین",
        "Silver statue",
        100,
    )
    assert result.computed_by == admin
    assert result.computed_at is not None
    assert result.history.latest().history_change_reason == "stored"


def test_store_refuses_an_incomplete_assessment_naming_the_missing_sub_criteria(cycle, english):
    # given no consensus score for 2c and 9a
    assessment = assessment_in(cycle)
    scores = uniform_scores(EFQM2013, 60)
    del scores["2c"], scores["9a"]
    scores_create(assessment=assessment, scores=scores)

    # when storing, then refused and nothing is stored
    with pytest.raises(ApplicationError) as raised:
        assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
    assert raised.value.message_dict["scores"] == [
        "Scores: the assessment cannot be rated while sub-criteria 2c, 9a have no consensus score."
    ]
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()


def test_finalizing_stores_the_result(cycle):
    # given an assessment in consensus with a leader and complete consensus scores
    assessment = assessment_in(cycle)
    assignment_create(
        actor=COMMAND_LINE, assessment=assessment, assessor=AssessorFactory(), role=Assignment.Role.LEADER
    )
    scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 30))

    # when the team leader finalizes it
    assessment_finalize(actor=COMMAND_LINE, assessment=assessment)

    # then the stored result is the computed one: 300 points, recognition with 1 star
    result = AssessmentResult.objects.get(assessment=assessment)
    assert (result.total, result.level_code, result.stars) == (Decimal("300.0"), "recognition", 1)
    assert result.points_to_next == 151


def test_scheme_edits_do_not_rewrite_a_stored_result_until_an_admin_recomputes(cycle):
    # given a finalized assessment whose stored result is 450.5, crystal statue
    assessment = assessment_in(cycle)
    scores_create(assessment=assessment, scores=SCORES_450_5)
    assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.FINALIZED)
    assessment.refresh_from_db()

    # when the scheme is edited so that crystal starts at 461
    bands = bands_as_dicts(national_award_bands())
    bands[4]["max_points"], bands[5]["min_points"] = 460, 461
    scheme = cycle.rating_scheme
    rating_scheme_save(
        actor=COMMAND_LINE,
        code=scheme.code,
        name_fa=scheme.name_fa,
        name_en=scheme.name_en,
        bands=bands,
        is_default=True,
        expected_updated_at=scheme.updated_at,
    )

    # then the stored result still says crystal, and so does the cycle's list
    assert AssessmentResult.objects.get(assessment=assessment).level_code == "crystal"
    assert cycle_ratings(cycle=cycle)[0].level_code == "crystal"

    # when an admin recomputes
    admin = UserFactory(programme_admin=True)
    result = assessment_result_recompute(assessment=assessment, actor=admin)

    # then it follows the current scheme, and the history keeps both versions with the reason
    assert (result.level_code, result.stars, result.points_to_next) == ("recognition", 4, 10)
    history = list(result.history.order_by("history_date"))
    assert [entry.level_code for entry in history] == ["crystal", "recognition"]
    assert history[-1].history_change_reason == "recomputed"
    assert history[-1].history_user == admin
    assert cycle_ratings(cycle=cycle)[0].level_code == "recognition"


def test_recompute_is_refused_before_finalizing(cycle, english):
    assessment = assessment_in(cycle, status=Assessment.Status.CONSENSUS)
    scores_create(assessment=assessment, scores=SCORES_450_5)

    with pytest.raises(ApplicationError) as raised:
        assessment_result_recompute(assessment=assessment, actor=UserFactory(programme_admin=True))

    assert raised.value.message_dict["status"] == [
        "Status: only a finalized or released assessment has a stored result to recompute; "
        "this one is “Consensus”."
    ]
    assert not AssessmentResult.objects.filter(assessment=assessment).exists()


# --------------------------------------------------------------------------- a whole cycle


def cycle_with_units(cycle, count):
    """`count` units with complete consensus scores, a fifth of them companies, one finalized."""
    for number in range(count):
        kind = Organization.Kind.COMPANY if number % 5 == 4 else Organization.Kind.ORGANIZATION
        assessment = assessment_in(cycle, code=f"U{number:02d}", kind=kind)
        scores_create(assessment=assessment, scores=uniform_scores(EFQM2013, 25 + 5 * (number % 10)))
        if number == 0:
            assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
            Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.FINALIZED)
    # and one unit not scored at all
    assessment_in(cycle, code="ZZZ")


def test_rating_a_cycle_takes_the_same_queries_for_2_or_20_units(cycle, django_assert_num_queries):
    # given a cycle with 2 units, and another with 20
    cycle_with_units(cycle, 2)
    other_cycle = CycleFactory(year=1402, framework=cycle.framework, rating_scheme=cycle.rating_scheme)
    cycle_with_units(other_cycle, 20)

    # when each is rated
    with CaptureQueriesContext(connection) as small:
        small_rows = cycle_ratings(cycle=cycle)
    with CaptureQueriesContext(connection) as large:
        large_rows = cycle_ratings(cycle=other_cycle)

    # then both take the same, fixed, number of queries
    assert (len(small_rows), len(large_rows)) == (3, 21)
    assert len(small.captured_queries) == len(large.captured_queries)
    with django_assert_num_queries(6):
        cycle_ratings(cycle=other_cycle)


def test_cycle_ratings_rows(cycle):
    # given units at 25 % (250), 30 % (300, stored as finalized), a company at 45 % and an unscored unit
    stored = assessment_in(cycle, code="B")
    scores_create(assessment=stored, scores=uniform_scores(EFQM2013, 30))
    assessment_result_store(actor=COMMAND_LINE, assessment=stored)
    Assessment.objects.filter(pk=stored.pk).update(status=Assessment.Status.FINALIZED)
    scores_create(assessment=assessment_in(cycle, code="A"), scores=uniform_scores(EFQM2013, 25))
    company = assessment_in(cycle, code="C", kind=Organization.Kind.COMPANY)
    scores_create(assessment=company, scores=uniform_scores(EFQM2013, 45))
    assessment_in(cycle, code="D")

    # when the cycle is rated
    rows = cycle_ratings(cycle=cycle)

    # then rows come by kind then code, with the numbers of each unit
    assert [row.code for row in rows] == ["C", "A", "B", "D"]
    company_row, a_row, b_row, d_row = rows
    assert (company_row.kind, company_row.total, company_row.stars, company_row.level_code) == (
        "company",
        Decimal("450.0"),
        4,
        "recognition",
    )
    assert (a_row.total, a_row.stars, a_row.level_code, a_row.points_to_next) == (
        Decimal("250.0"),
        0,
        "commitment",
        1,
    )
    assert (b_row.status, b_row.total, b_row.stars, b_row.stored) == ("finalized", Decimal("300.0"), 1, True)
    assert not a_row.stored
    assert (d_row.complete, d_row.total, d_row.stars, d_row.level) == (False, None, None, None)
    assert d_row.missing == EFQM2013.sub_criterion_codes
    assert a_row.complete and a_row.missing == ()


def test_stored_results_agree_with_the_computation(cycle):
    # given several finalized units, stored through the service
    cycle_with_units(cycle, 10)
    for assessment in Assessment.objects.filter(cycle=cycle).exclude(organization__code="ZZZ"):
        assessment_result_store(actor=COMMAND_LINE, assessment=assessment)
    Assessment.objects.filter(cycle=cycle).exclude(organization__code="ZZZ").update(
        status=Assessment.Status.FINALIZED
    )

    # when the cycle is listed (stored results) and each unit is computed afresh
    for row in cycle_ratings(cycle=cycle):
        if not row.complete:
            continue
        fresh = assessment_consensus_result(assessment=Assessment.objects.get(pk=row.assessment_id))
        # then both say the same
        assert row.stored
        assert (row.total, row.stars, row.level_code, row.points_to_next) == (
            fresh.scoring.total,
            fresh.rating.stars,
            fresh.rating.level_code,
            fresh.rating.points_to_next,
        )


# --------------------------------------------------------------------------- rating schemes


def test_default_scheme_is_created_once_with_the_national_award_bands(db):
    # when ensured twice
    first = rating_scheme_default_ensure(actor=COMMAND_LINE)
    second = rating_scheme_default_ensure(actor=COMMAND_LINE)

    # then one scheme, the default, with the eight bands of DESIGN §2
    assert first.pk == second.pk
    assert RatingScheme.objects.count() == 1
    assert first.is_default
    assert [
        (band.min_points, band.max_points, band.level_code, band.stars) for band in first.bands.all()
    ] == [
        (0, 250, "commitment", 0),
        (251, 300, "recognition", 1),
        (301, 350, "recognition", 2),
        (351, 400, "recognition", 3),
        (401, 450, "recognition", 4),
        (451, 550, "crystal", 4),
        (551, 650, "silver", 4),
        (651, 1000, "gold", 4),
    ]
    assert first.bands.get(level_code="gold").level_fa == "تندیس زرین"


BAD_SCHEMES = [
    ("gap", [(0, 300), (302, 1000)], "Bands leave a gap between 300 and 302."),
    ("overlap", [(0, 300), (300, 1000)], "Bands 0–300 and 300–1000 overlap."),
    ("short", [(0, 300), (301, 999)], "Bands must end at 1000 points; the highest band ends at 999."),
    ("late start", [(10, 1000)], "Bands must start at 0 points; the lowest band starts at 10."),
]


@pytest.mark.parametrize(
    ("edges", "message"), [case[1:] for case in BAD_SCHEMES], ids=[c[0] for c in BAD_SCHEMES]
)
def test_a_scheme_with_bad_bands_is_refused_and_nothing_changes(cycle, english, edges, message):
    # given the default scheme in use
    scheme = cycle.rating_scheme
    before = list(scheme.bands.values_list("min_points", "max_points"))
    bands = [
        {
            "min_points": low,
            "max_points": high,
            "level_code": "x",
            "level_fa": "x",
            "level_en": "x",
            "stars": 1,
        }
        for low, high in edges
    ]

    # when saved with bad bands, then refused on the field "bands", the old bands kept
    with pytest.raises(ApplicationError) as raised:
        rating_scheme_save(
            actor=COMMAND_LINE,
            code=scheme.code,
            name_fa="دیگر",
            bands=bands,
            is_default=True,
            expected_updated_at=None,
        )
    assert raised.value.message_dict["bands"] == [message]
    assert list(scheme.bands.values_list("min_points", "max_points")) == before
    assert RatingScheme.objects.get(pk=scheme.pk).name_fa == scheme.name_fa


def test_a_band_lacking_a_key_is_refused(db, english):
    with pytest.raises(ApplicationError) as raised:
        rating_scheme_save(
            actor=COMMAND_LINE,
            code="short",
            name_fa="کوتاه",
            bands=[{"min_points": 0, "max_points": 1000}],
            expected_updated_at=None,
        )
    assert raised.value.message_dict["bands"] == [
        "Bands: band 1 lacks level_code, level_fa, level_en, stars."
    ]


def test_saving_a_scheme_replaces_its_bands_and_moves_the_default(cycle):
    # given the default scheme, and a new two-band scheme typed with Persian digits
    bands = [
        {
            "min_points": "۰",
            "max_points": "۵۰۰",
            "level_code": "low",
            "level_fa": "پایین",
            "level_en": "Low",
            "stars": 0,
        },
        {
            "min_points": 501,
            "max_points": 1000,
            "level_code": "high",
            "level_fa": "بالا",
            "level_en": "High",
            "stars": "۴",
        },
    ]

    # when saved as the default, then saved again with one band
    scheme = rating_scheme_save(
        actor=COMMAND_LINE,
        code="simple",
        name_fa="ساده",
        bands=bands,
        is_default=True,
        expected_updated_at=None,
    )
    one_band = [{**bands[1], "min_points": 0}]
    rating_scheme_save(
        actor=COMMAND_LINE,
        code="simple",
        name_fa="ساده",
        bands=one_band,
        is_default=True,
        expected_updated_at=scheme.updated_at,
    )

    # then the bands are replaced and the default moved to it
    assert list(scheme.bands.values_list("min_points", "max_points", "stars")) == [(0, 1000, 4)]
    assert RatingBand.objects.filter(scheme__code="simple").count() == 1
    assert list(RatingScheme.objects.filter(is_default=True)) == [scheme]
    assert not RatingScheme.objects.get(pk=cycle.rating_scheme.pk).is_default
