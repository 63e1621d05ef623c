"""A small programme to exercise the services: one framework, one open cycle, one assessment, a team."""

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
    SubCriterionFactory,
)
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import OrganizationFactory


@dataclass
class Programme:
    cycle: Cycle
    assessment: Assessment
    sub_criterion: SubCriterion
    attributes: list[RadarAttribute]
    leader: Assessor
    member: Assessor


@pytest.fixture
def programme(db):
    cycle = CycleFactory(year=1401)
    criterion = CriterionFactory(framework=cycle.framework, code="1", kind=CriterionKind.ENABLER)
    sub_criterion = SubCriterionFactory(criterion=criterion, code="1a")
    element = RadarElementFactory(framework=cycle.framework, kind=CriterionKind.ENABLER, code="approach")
    attributes = [
        RadarAttributeFactory(element=element, code="sound", name_en="Sound"),
        RadarAttributeFactory(element=element, code="integrated", name_en="Integrated"),
    ]
    assessment = AssessmentFactory(cycle=cycle, organization=OrganizationFactory(code="FIRE"))
    leader = AssessorFactory()
    member = AssessorFactory()
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    return Programme(
        cycle=cycle,
        assessment=assessment,
        sub_criterion=sub_criterion,
        attributes=attributes,
        leader=leader,
        member=member,
    )


def other_framework_sub_criterion() -> SubCriterion:
    return SubCriterionFactory(criterion=CriterionFactory(code="1"), code="1a")
