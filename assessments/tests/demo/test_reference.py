"""The demo's reference data comes from the set-up service, its score plan from the scoring formula."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.demo.plans import plan_consensus_scores, planned_total
from assessments.demo.reference import DEMO_FRAMEWORK_CODE, framework_plan_load, reference_data_ensure
from assessments.demo.report import SeedReport
from assessments.models import Framework, RadarAttribute, RatingScheme, SubCriterion
from assessments.scoring import score_assessment
from assessments.selectors.results import framework_structure_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_demo_and_setup_programme_make_the_same_reference_data():
    # given the demo's reference data
    report = SeedReport()
    framework, scheme = reference_data_ensure(report=report)
    assert report.lines == ["Frameworks loaded: EFQM2013-IR1393, EFQM2020."]
    assert report.created["frameworks"] == 2
    assert (framework.code, scheme.is_default) == (DEMO_FRAMEWORK_CODE, True)
    counts = (Framework.objects.count(), SubCriterion.objects.count(), RatingScheme.objects.count())
    # when setup_programme runs, and the demo's step again
    call_command("setup_programme", stdout=StringIO())
    again = SeedReport()
    reference_data_ensure(report=again)
    # then neither adds anything: they are the same service
    assert (Framework.objects.count(), SubCriterion.objects.count(), RatingScheme.objects.count()) == counts
    assert again.lines == ["Frameworks: already loaded."]
    assert again.created["frameworks"] == 0


def test_planned_totals_are_the_totals_the_scoring_computes():
    # given the demo framework's plan and consensus scores steered to several targets
    framework, _scheme = reference_data_ensure(report=SeedReport())
    plan = framework_plan_load(framework)
    structure = framework_structure_load(framework_id=framework.pk).structure
    attribute_codes = dict(RadarAttribute.objects.values_list("pk", "code"))
    assert [sub.code for sub in plan.subs] == list(structure.sub_criterion_codes)
    for target in (262, 318, 405, 466):
        values = plan_consensus_scores(random.Random(target), plan.subs, target)
        scores = {
            sub.code: {attribute_codes[pk]: value for pk, value in values[sub.id].items()}
            for sub in plan.subs
        }
        # then the planner's exact total is the scoring's, and lands on the target
        exact = score_assessment(structure, scores).exact_total
        assert planned_total(plan.subs, values) == exact
        assert abs(exact - target) <= 1.5
