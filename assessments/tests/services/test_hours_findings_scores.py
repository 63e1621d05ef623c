import datetime
from decimal import Decimal

import pytest

from assessments.models import AttributeScore, Finding, Score, TimeEntry
from assessments.services.findings import finding_create, finding_update
from assessments.services.hours import time_entry_create
from assessments.services.scores import score_set
from assessments.tests.factories import AssessorFactory
from excellence.errors import ApplicationError, StaleCopy
from excellence.roles import COMMAND_LINE

from .conftest import other_framework_sub_criterion

pytestmark = pytest.mark.usefixtures("english")


def log(programme, hours, *, assessor=None, date=None):
    return time_entry_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        assessor=assessor or programme.member,
        date=date or programme.cycle.window_start,
        hours=hours,
        activity=TimeEntry.Activity.SITE_VISIT,
    )


@pytest.mark.parametrize("hours", [0, -2, "0", "25", "24.25"])
def test_hours_outside_0_to_24_are_refused(programme, hours):
    with pytest.raises(ApplicationError) as error:
        log(programme, hours)
    assert error.value.message_dict["hours"] == [
        f"Hours: must be more than 0 and at most 24; {hours} was given."
    ]
    assert not TimeEntry.objects.exists()


def test_a_refusal_shows_the_hours_given_with_the_persian_decimal_mark(programme, persian):
    with pytest.raises(ApplicationError) as error:
        log(programme, "۲۴٫۵")
    assert error.value.message_dict["hours"] == ["ساعت: باید بیشتر از ۰ و حداکثر ۲۴ باشد؛ ۲۴٫۵ وارد شده است."]


def test_hours_accept_persian_digits(programme):
    entry = log(programme, "۷٫۵")
    assert entry.hours == Decimal("7.5")


def test_hours_that_are_not_a_number_are_refused(programme):
    with pytest.raises(ApplicationError) as error:
        log(programme, "many")
    assert error.value.message_dict["hours"] == ["Hours: enter a number of hours, for example 2.5."]


def test_a_day_holds_at_most_24_hours_per_assessor(programme):
    day = datetime.date(2022, 8, 1)
    log(programme, 20, date=day)
    with pytest.raises(ApplicationError, match="already has 20 hours on this day"):
        log(programme, 5, date=day)
    assert TimeEntry.objects.count() == 1


def test_only_team_members_log_hours(programme):
    with pytest.raises(ApplicationError, match="is not on the team of this assessment"):
        log(programme, 2, assessor=AssessorFactory())


def record(
    programme,
    *,
    kind=Finding.Kind.STRENGTH,
    stage=Finding.Stage.CONSENSUS,
    text="Leaders act as role models.",
    **extra,
):
    """Record a finding on the programme's sub-criterion unless `extra` says otherwise."""
    return finding_create(
        actor=COMMAND_LINE,
        **{
            "assessment": programme.assessment,
            "sub_criterion": programme.sub_criterion,
            "kind": kind,
            "stage": stage,
            "text": text,
            **extra,
        },
    )


def test_a_finding_on_another_frameworks_sub_criterion_is_refused(programme):
    foreign = other_framework_sub_criterion()
    with pytest.raises(ApplicationError) as error:
        record(programme, sub_criterion=foreign, text="Strategy is reviewed every year.")
    assert error.value.message_dict["sub_criterion"][0].startswith(
        "Sub-criterion: 1a belongs to another framework than the one of cycle 1401"
    )
    assert not Finding.objects.exists()


def test_a_finding_cannot_move_to_another_frameworks_sub_criterion(programme):
    finding = record(programme, text="Strategy is reviewed every year.")
    with pytest.raises(ApplicationError, match="belongs to another framework"):
        finding_update(
            actor=COMMAND_LINE,
            finding=finding,
            expected_updated_at=finding.updated_at,
            data={"sub_criterion": other_framework_sub_criterion()},
        )
    finding.refresh_from_db()
    assert finding.sub_criterion == programme.sub_criterion


def test_an_individual_finding_needs_an_author_on_the_team(programme):
    with pytest.raises(ApplicationError, match="an individual finding needs its assessor"):
        record(
            programme,
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.INDIVIDUAL,
            text="No review of the strategy.",
        )
    with pytest.raises(ApplicationError, match="is not on the team"):
        record(
            programme,
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.INDIVIDUAL,
            text="No review of the strategy.",
            author=AssessorFactory(),
        )


def test_a_consensus_finding_keeps_the_individual_findings_it_merges(programme):
    individual = [
        record(
            programme,
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.INDIVIDUAL,
            text=f"No yearly review ({assessor}).",
            author=assessor,
        )
        for assessor in (programme.leader, programme.member)
    ]
    agreed = record(
        programme,
        kind=Finding.Kind.IMPROVEMENT,
        text="The strategy is not reviewed yearly.",
        merged_from=individual,
    )
    assert set(agreed.merged_from.all()) == set(individual)
    assert list(individual[0].merged_into.all()) == [agreed]


def test_only_consensus_findings_merge_and_only_individual_ones(programme):
    consensus = record(programme, text="Leaders act as role models.")
    with pytest.raises(ApplicationError, match="only individual findings of the same assessment"):
        record(programme, text="Merged.", merged_from=[consensus])
    assert Finding.objects.count() == 1


def test_arabic_letters_in_a_finding_are_stored_as_persian(programme):
    finding = record(programme, text="كيفيت خدمات")
    finding.refresh_from_db()
    assert finding.text == "کیفیت خدمات"
    assert Finding.objects.filter(text="كيفيت خدمات").exists()


def consensus(programme, values, sub_criterion=None, loaded=None):
    """The team's score, entered on a page that showed the score `loaded` (None: no score yet)."""
    return score_set(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        sub_criterion=sub_criterion or programme.sub_criterion,
        stage=Score.Stage.CONSENSUS,
        values=values,
        expected_updated_at=loaded.updated_at if loaded else None,
    )


@pytest.mark.parametrize("value", [37, 105, -5, "abc"])
def test_attribute_scores_are_0_to_100_in_steps_of_5(programme, value):
    with pytest.raises(ApplicationError) as error:
        consensus(programme, {"sound": 50, "integrated": value})
    assert error.value.message_dict["values"] == [
        f"Integrated: a score is a whole number from 0 to 100 in steps of 5; {value} was given."
    ]
    # Nothing is half-saved: the valid "sound" score is not stored either.
    assert not Score.objects.exists()
    assert not AttributeScore.objects.exists()


def test_an_unknown_attribute_is_refused(programme):
    with pytest.raises(ApplicationError) as error:
        consensus(programme, {"sound": 50, "charm": 60})
    assert error.value.message_dict["values"] == [
        "Values: charm are not RADAR attributes of sub-criterion 1a."
    ]


def test_a_score_on_another_frameworks_sub_criterion_is_refused(programme):
    with pytest.raises(ApplicationError, match="belongs to another framework"):
        consensus(programme, {"sound": 50}, sub_criterion=other_framework_sub_criterion())
    assert not Score.objects.exists()


def test_setting_scores_again_replaces_them(programme):
    first = consensus(programme, {"sound": 50, "integrated": "۶۵"})
    score = consensus(programme, {"sound": 70}, loaded=first)
    values = dict(score.attribute_scores.values_list("attribute__code", "value"))
    assert values == {"sound": 70, "integrated": 65}
    assert Score.objects.count() == 1


def test_a_second_first_score_is_refused_and_keeps_the_first(programme, english):
    # Given a consensus score someone entered
    consensus(programme, {"sound": 50})
    # When another page that saw no score yet enters one
    with pytest.raises(ApplicationError) as error:
        consensus(programme, {"sound": 90})
    # Then it is refused with the rule's message and the first values stand
    assert error.value.message_dict["sub_criterion"] == [
        "Sub-criterion: the team already has a consensus score for 1a. Open that score to change it."
    ]
    assert list(AttributeScore.objects.values_list("value", flat=True)) == [50]


def test_scores_entered_on_a_stale_copy_are_refused(programme, english):
    first = consensus(programme, {"sound": 50})
    consensus(programme, {"sound": 60}, loaded=first)
    with pytest.raises(StaleCopy, match="Someone else changed this record"):
        consensus(programme, {"sound": 90}, loaded=first)
    assert list(AttributeScore.objects.values_list("value", flat=True)) == [60]


def test_individual_scores_belong_to_a_team_member(programme):
    with pytest.raises(ApplicationError, match="is not on the team"):
        score_set(
            actor=COMMAND_LINE,
            assessment=programme.assessment,
            sub_criterion=programme.sub_criterion,
            stage=Score.Stage.INDIVIDUAL,
            assessor=AssessorFactory(),
            values={"sound": 50},
            expected_updated_at=None,
        )
    score = score_set(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        stage=Score.Stage.INDIVIDUAL,
        assessor=programme.member,
        values={"sound": 50},
        expected_updated_at=None,
    )
    assert score.assessor == programme.member
