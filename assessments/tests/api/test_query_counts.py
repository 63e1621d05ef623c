"""Every list endpoint sends the same number of queries for a page of 2 rows as for a page of 20."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    AssessmentResult,
    Assignment,
    AttributeScore,
    DeclarationExportJob,
    Finding,
    Score,
    TimeEntry,
)
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    FrameworkFactory,
    ImprovementProjectFactory,
    RatingSchemeFactory,
)
from organizations.tests.factories import OrganizationFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

# Per request: the token with its user (1); the person's roles — groups, assessor row, units (3);
# the page's count and rows (2); one more for each prefetched relation (a team, merged findings,
# attribute values, bands, improvement points).
BASE = 6
BUDGETS = {
    "organization": BASE,
    "framework": BASE,
    "rating-scheme": BASE + 1,
    "cycle": BASE,
    "assessor": BASE,
    "assessment": BASE + 1,
    "assignment": BASE,
    "time-entry": BASE,
    "finding": BASE + 1,
    "score": BASE + 1,
    "improvement-project": BASE + 1,
    "result": BASE,
    "declaration-export": BASE,
}
# A member exports nothing: their scope of exports is empty, so neither a count nor rows are asked.
MEMBER_BUDGETS = {"declaration-export": BASE - 2}


def grow(programme, rows: int) -> None:
    """Make at least `rows` rows of every listed table, all within the member's team where a team applies."""
    p = programme
    for number in range(rows):
        unit = OrganizationFactory(code=f"UNIT{number}")
        assessment = AssessmentFactory(cycle=p.earlier_cycle, organization=unit, status="released")
        Assignment.objects.create(assessment=assessment, assessor=p.member)
        FrameworkFactory(code=f"FW-{number}")
        RatingSchemeFactory(code=f"scheme-{number}")
        AssessorFactory()
        TimeEntry.objects.create(
            assessment=p.assessment,
            assessor=p.member,
            date=datetime.date(2022, 8, 2) + datetime.timedelta(days=number),
            hours=Decimal("1"),
            activity=TimeEntry.Activity.OTHER,
        )
        finding = Finding.objects.create(
            assessment=p.assessment,
            sub_criterion=p.sub_criterion,
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.INDIVIDUAL,
            author=p.member,
            text=f"یافته {number}",
        )
        consensus = Finding.objects.create(
            assessment=assessment,
            sub_criterion=p.sub_criterion,
            kind=Finding.Kind.IMPROVEMENT,
            stage=Finding.Stage.CONSENSUS,
            text=f"یافتهٔ اجماعی {number}",
        )
        consensus.merged_from.set([finding])
        score = Score.objects.create(assessment=assessment, sub_criterion=p.sub_criterion, stage="consensus")
        for attribute in p.attributes:
            AttributeScore.objects.create(score=score, attribute=attribute, value=50)
        project = ImprovementProjectFactory(organization=unit, cycle=p.earlier_cycle)
        project.improvement_points.set([consensus])
        AssessmentResult.objects.create(
            assessment=assessment,
            total=Decimal("300.0"),
            criterion_points={"1": "300.0"},
            scheme=p.cycle.rating_scheme,
            level_code="low",
            level_fa="تعهد",
            level_en="Commitment",
            stars=1,
            computed_at=datetime.datetime(2021, 9, 10, tzinfo=datetime.UTC),
        )
        DeclarationExportJob.objects.create(
            requested_by=p.users["admin"],
            cycle=p.cycle,
            scope=DeclarationExportJob.Scope.ALL,
            language="fa",
            data_version=f"version-{number}",
        )
    # Cycles are few by nature; grow them too, with their own years.
    from assessments.tests.factories import CycleFactory

    for number in range(rows):
        CycleFactory(year=1300 + number, framework=p.cycle.framework, rating_scheme=p.cycle.rating_scheme)


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("role", ["admin", "member"])
def test_every_list_page_costs_a_fixed_number_of_queries(programme, django_assert_num_queries, rows, role):
    grow(programme, rows)
    client = token_client(programme.users[role])
    for resource, budget in sorted(BUDGETS.items()):
        if role == "member":
            budget = MEMBER_BUDGETS.get(resource, budget)
        with django_assert_num_queries(budget):
            response = client.get(f"{reverse(f'api:{resource}-list')}?limit={rows}")
        assert response.status_code == 200
        listed = len(response.json()["results"])
        # Those who read everything get a full page; the member's scope holds a full page of these.
        full_for_member = {"finding", "time-entry", "assessment", "assignment", "framework", "cycle"}
        if role == "admin" or resource in full_for_member:
            assert listed == rows, resource
