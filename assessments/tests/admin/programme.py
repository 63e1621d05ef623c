"""A programme of any size for the admin tests: rows of every model, by the services where rules apply."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentReopening,
    AssessmentResult,
    Assignment,
    CriterionKind,
    Cycle,
    Finding,
    Score,
    TimeEntry,
)
from assessments.services.assessments import assignment_create
from assessments.services.findings import finding_create
from assessments.services.hours import time_entry_create
from assessments.services.scores import score_set
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    ConflictOfInterestFactory,
    CriterionFactory,
    CycleFactory,
    ImprovementProjectFactory,
    RadarAttributeFactory,
    RadarElementFactory,
    SubCriterionFactory,
)
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import OrganizationFactory, OrganizationMemberFactory, UserFactory


def build_unit(*, cycle: Cycle | None = None, user=None) -> Assessment:
    """One assessed unit with everything around it: a framework and cycle of its own (unless `cycle`
    is given), a team, hours, findings of each stage, scores, a stored result, a reopening, a
    project, a representative, a declared conflict and a user group."""
    if cycle is None:
        cycle = CycleFactory()
    framework = cycle.framework
    criterion = CriterionFactory(framework=framework, kind=CriterionKind.ENABLER)
    sub_criterion = SubCriterionFactory(criterion=criterion)
    element = RadarElementFactory(framework=framework, kind=CriterionKind.ENABLER)
    attribute = RadarAttributeFactory(element=element)

    organization = OrganizationFactory()
    assessment = AssessmentFactory(
        cycle=cycle, organization=organization, site_visit_date=datetime.date(2022, 8, 1)
    )
    leader, member = AssessorFactory(), AssessorFactory(internal=True)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    time_entry_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        assessor=leader,
        date=datetime.date(2022, 8, 2),
        hours=Decimal("3.5"),
        activity=TimeEntry.Activity.SITE_VISIT,
    )
    individual = finding_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.INDIVIDUAL,
        text="بازنگری راهبرد مستند نشده است.",
        author=member,
    )
    improvement = finding_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.CONSENSUS,
        text="فرایند بازنگری راهبرد مستند نشده است.",
        merged_from=[individual],
    )
    score_set(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        stage=Score.Stage.CONSENSUS,
        values={attribute.code: 55},
        expected_updated_at=None,
    )
    score_set(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        stage=Score.Stage.INDIVIDUAL,
        assessor=leader,
        values={attribute.code: 50},
        expected_updated_at=None,
    )
    user = user or UserFactory()
    AssessmentResult.objects.create(
        assessment=assessment,
        total=Decimal("412.5"),
        criterion_points={criterion.code: "55.0"},
        scheme=cycle.rating_scheme,
        level_code="recognition",
        level_fa="تقدیرنامه",
        level_en="Recognition",
        stars=4,
        computed_at=timezone.now(),
        computed_by=user,
    )
    AssessmentReopening.objects.create(
        assessment=assessment, reason="بازنگری امتیاز معیار ۱", reopened_by=user
    )
    project = ImprovementProjectFactory(
        organization=organization, cycle=cycle, owner=UserFactory(), due_date=datetime.date(2023, 3, 1)
    )
    project.improvement_points.set([improvement])
    OrganizationMemberFactory(organization=organization)
    ConflictOfInterestFactory(assessor=leader, organization=OrganizationFactory())
    Group.objects.create(name=f"representatives of {organization.code}")
    return assessment


def build_programme(units: int) -> list[Assessment]:
    return [build_unit() for _ in range(units)]
