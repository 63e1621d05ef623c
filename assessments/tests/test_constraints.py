"""The database itself holds every invariant it can, whatever code writes the row."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from assessments.models import (
    Assessment,
    Assignment,
    AttributeScore,
    Finding,
    ImprovementProject,
    RatingBand,
    Score,
    TimeEntry,
)
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    CycleFactory,
    ImprovementProjectFactory,
    RadarAttributeFactory,
    RatingSchemeFactory,
    SubCriterionFactory,
)
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def refused(create):
    """Run a raw insert or update and report whether the database refused it."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_one_assessment_per_organization_and_cycle():
    assessment = AssessmentFactory()
    assert refused(
        lambda: Assessment.objects.create(cycle=assessment.cycle, organization=assessment.organization)
    )


def test_one_leader_per_team():
    assessment = AssessmentFactory()
    Assignment.objects.create(assessment=assessment, assessor=AssessorFactory(), role="leader")
    assert refused(
        lambda: Assignment.objects.create(assessment=assessment, assessor=AssessorFactory(), role="leader")
    )
    assert not refused(
        lambda: Assignment.objects.create(assessment=assessment, assessor=AssessorFactory(), role="member")
    )


@pytest.mark.parametrize(("hours", "is_refused"), [("0", True), ("-1", True), ("24.01", True), ("24", False)])
def test_hours_above_0_and_at_most_24(hours, is_refused):
    assessment = AssessmentFactory()
    assessor = AssessorFactory()
    assert (
        refused(
            lambda: TimeEntry.objects.create(
                assessment=assessment,
                assessor=assessor,
                date=datetime.date(2022, 8, 1),
                hours=Decimal(hours),
                activity="other",
            )
        )
        is is_refused
    )


def make_score():
    assessment = AssessmentFactory()
    sub_criterion = SubCriterionFactory(criterion__framework=assessment.cycle.framework)
    return Score.objects.create(assessment=assessment, sub_criterion=sub_criterion, stage="consensus")


@pytest.mark.parametrize(
    ("value", "is_refused"), [(37, True), (105, True), (0, False), (100, False), (55, False)]
)
def test_attribute_scores_0_to_100_in_steps_of_5(value, is_refused):
    score = make_score()
    attribute = RadarAttributeFactory(element__framework=score.assessment.cycle.framework)
    assert (
        refused(lambda: AttributeScore.objects.create(score=score, attribute=attribute, value=value))
        is is_refused
    )


def test_one_consensus_score_per_sub_criterion_and_assessment():
    score = make_score()
    assert refused(
        lambda: Score.objects.create(
            assessment=score.assessment, sub_criterion=score.sub_criterion, stage="consensus"
        )
    )


def test_a_consensus_score_has_no_assessor_and_an_individual_one_has_one():
    score = make_score()
    assert refused(
        lambda: Score.objects.create(
            assessment=score.assessment, sub_criterion=score.sub_criterion, stage="individual"
        )
    )


@pytest.mark.parametrize(("progress", "is_refused"), [(101, True), (100, False), (0, False)])
def test_project_progress_0_to_100(progress, is_refused):
    project = ImprovementProjectFactory()
    assert (
        refused(lambda: ImprovementProject.objects.filter(pk=project.pk).update(progress=progress))
        is is_refused
    )


def test_a_project_is_not_verified_by_its_owner():
    owner = UserFactory()
    project = ImprovementProjectFactory(owner=owner)
    assert refused(lambda: ImprovementProject.objects.filter(pk=project.pk).update(verified_by=owner))


def test_an_individual_finding_has_an_author():
    assessment = AssessmentFactory()
    sub_criterion = SubCriterionFactory(criterion__framework=assessment.cycle.framework)
    assert refused(
        lambda: Finding.objects.create(
            assessment=assessment, sub_criterion=sub_criterion, kind="strength", stage="individual", text="x"
        )
    )


def test_rating_bands_cannot_share_edges_or_run_backwards():
    scheme = RatingSchemeFactory(bands=[(0, 500, "low", 0), (501, 1000, "high", 4)])

    def band(low, high):
        return lambda: RatingBand.objects.create(
            scheme=scheme,
            min_points=low,
            max_points=high,
            level_code="x",
            level_fa="x",
            level_en="x",
            stars=1,
        )

    assert refused(band(0, 10))  # starts where another band starts
    assert refused(band(400, 500))  # ends where another band ends
    assert refused(band(300, 200))  # runs backwards
    assert refused(band(990, 1001))  # beyond 1000


def test_an_internal_assessor_has_a_home_organization():
    assert refused(lambda: AssessorFactory(kind="internal", home_organization=None))


def test_the_cycle_window_does_not_end_before_it_starts():
    assert refused(
        lambda: CycleFactory(window_start=datetime.date(2022, 9, 1), window_end=datetime.date(2022, 8, 1))
    )
