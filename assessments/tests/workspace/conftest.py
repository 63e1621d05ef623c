"""A small programme for the workspace's pages: two criteria, three sub-criteria, a team of three.

Built with factories for the framework and through the real services for everything with
rules (teams, findings, scores, hours), so the pages are tested on rows the product makes.
"""

import datetime
from dataclasses import dataclass

import pytest

from assessments.models import (
    Assessment,
    Assessor,
    Assignment,
    CriterionKind,
    Cycle,
    RadarAttribute,
    SubCriterion,
)
from assessments.services.assessments import assignment_create
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    CriterionFactory,
    CycleFactory,
    RadarAttributeFactory,
    RadarElementFactory,
    RatingSchemeFactory,
    SubCriterionFactory,
)
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import OrganizationFactory, UserFactory

PASSWORD = "a-long-test-password"


@dataclass
class Programme:
    cycle: Cycle
    assessment: Assessment
    other_assessment: Assessment
    sub_criteria: list[SubCriterion]
    enabler_attributes: list[RadarAttribute]
    result_attributes: list[RadarAttribute]
    leader: Assessor
    member: Assessor
    second_member: Assessor
    stranger: Assessor

    @property
    def sub_criterion(self) -> SubCriterion:
        return self.sub_criteria[0]

    def set_status(self, status):
        Assessment.objects.filter(pk=self.assessment.pk).update(status=status)
        self.assessment.refresh_from_db()


def build_programme(*, year=1401, sub_criteria_per_criterion=(2, 1)) -> Programme:
    scheme = RatingSchemeFactory(
        code=f"scheme-{year}",
        bands=[(0, 250, "commitment", 0), (251, 450, "recognition", 2), (451, 1000, "statue", 4)],
    )
    cycle = CycleFactory(
        year=year,
        rating_scheme=scheme,
        status=Cycle.Status.ASSESSMENT,
        window_start=datetime.date(2022, 7, 23),
        window_end=datetime.date(2022, 9, 3),
    )
    framework = cycle.framework
    approach = RadarElementFactory(
        framework=framework,
        kind=CriterionKind.ENABLER,
        code="approach",
        name_fa="رویکرد",
        name_en="Approach",
        order=1,
    )
    deployment = RadarElementFactory(
        framework=framework,
        kind=CriterionKind.ENABLER,
        code="deployment",
        name_fa="استقرار",
        name_en="Deployment",
        order=2,
    )
    enabler_attributes = [
        RadarAttributeFactory(element=approach, code="sound", name_fa="مستدل", name_en="Sound", order=1),
        RadarAttributeFactory(
            element=approach, code="integrated", name_fa="یکپارچه", name_en="Integrated", order=2
        ),
        RadarAttributeFactory(
            element=deployment, code="implemented", name_fa="اجرا شده", name_en="Implemented", order=1
        ),
    ]
    relevance = RadarElementFactory(
        framework=framework,
        kind=CriterionKind.RESULT,
        code="relevance",
        name_fa="ارتباط",
        name_en="Relevance",
        order=1,
    )
    result_attributes = [
        RadarAttributeFactory(element=relevance, code="scope", name_fa="دامنه", name_en="Scope", order=1),
    ]
    leadership = CriterionFactory(
        framework=framework,
        code="1",
        name_fa="رهبری",
        name_en="Leadership",
        kind=CriterionKind.ENABLER,
        order=1,
    )
    results = CriterionFactory(
        framework=framework, code="2", name_fa="نتایج", name_en="Results", kind=CriterionKind.RESULT, order=2
    )
    sub_criteria = []
    for criterion, count in zip((leadership, results), sub_criteria_per_criterion, strict=True):
        for index in range(count):
            sub_criteria.append(
                SubCriterionFactory(
                    criterion=criterion,
                    code=f"{criterion.code}{'abcdefghijklmnopqrstuvwxyz'[index]}",
                    name_fa=f"زیرمعیار {criterion.code}-{index + 1}",
                    name_en=f"Sub-criterion {criterion.code}-{index + 1}",
                    weight=1 / __import__("decimal").Decimal(count),
                    order=index,
                )
            )
    assessment = AssessmentFactory(
        cycle=cycle,
        organization=OrganizationFactory(
            code=f"FIRE{year}", name_fa="سازمان آتش‌نشانی", name_en="Fire Department"
        ),
        status=Assessment.Status.INDIVIDUAL,
    )
    other_assessment = AssessmentFactory(
        cycle=cycle,
        organization=OrganizationFactory(code=f"PARKS{year}", name_fa="سازمان پارک‌ها", name_en="Parks"),
        status=Assessment.Status.INDIVIDUAL,
    )

    def assessor(username, first, last):
        return AssessorFactory(
            user=UserFactory(username=username, first_name=first, last_name=last, password=PASSWORD)
        )

    leader = assessor(f"leader{year}", "لیلا", "احمدی")
    member = assessor(f"member{year}", "مهدی", "کریمی")
    second_member = assessor(f"second{year}", "سارا", "نوری")
    stranger = assessor(f"stranger{year}", "رضا", "دیگری")
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=member)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=second_member)
    assignment_create(
        actor=COMMAND_LINE, assessment=other_assessment, assessor=stranger, role=Assignment.Role.LEADER
    )
    return Programme(
        cycle=cycle,
        assessment=assessment,
        other_assessment=other_assessment,
        sub_criteria=sub_criteria,
        enabler_attributes=enabler_attributes,
        result_attributes=result_attributes,
        leader=leader,
        member=member,
        second_member=second_member,
        stranger=stranger,
    )


@pytest.fixture
def programme(db):
    return build_programme()
