"""A small programme and one API client per role, each signed in with its own token.

Cycle 1401 is in assessment, on a framework with one enabler sub-criterion (1a) scored on
two RADAR attributes. FIRE's assessment is in its individual stage with a leader and a
member; METRO's has another team. Cycle 1400 holds FIRE's released assessment with its
stored result, which FIRE's representative may see.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from assessments.models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    CriterionKind,
    Cycle,
    Finding,
    ImprovementProject,
    RadarAttribute,
    SubCriterion,
    TimeEntry,
)
from assessments.services.assessments import assignment_create
from assessments.services.findings import finding_create
from assessments.services.hours import time_entry_create
from assessments.tests.factories import (
    AssessmentFactory,
    AssessorFactory,
    CriterionFactory,
    CycleFactory,
    ImprovementProjectFactory,
    RadarAttributeFactory,
    RadarElementFactory,
    SubCriterionFactory,
)
from excellence.roles import COMMAND_LINE, GROUP_MANAGERS
from organizations.models import Organization, OrganizationMember
from organizations.tests.factories import OrganizationFactory, UserFactory

ROLES = ("admin", "manager", "leader", "member", "outsider", "representative", "other_representative")


@dataclass
class Programme:
    cycle: Cycle
    earlier_cycle: Cycle
    fire: Organization
    metro: Organization
    assessment: Assessment
    other_assessment: Assessment
    released: Assessment
    result: AssessmentResult
    sub_criterion: SubCriterion
    attributes: list[RadarAttribute]
    leader: Assessor
    member: Assessor
    outsider: Assessor
    member_finding: Finding
    leader_finding: Finding
    released_finding: Finding
    member_hours: TimeEntry
    project: ImprovementProject
    users: dict


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    cycle = CycleFactory(year=1401, status=Cycle.Status.ASSESSMENT)
    criterion = CriterionFactory(framework=cycle.framework, code="1", kind=CriterionKind.ENABLER)
    sub_criterion = SubCriterionFactory(criterion=criterion, code="1a")
    element = RadarElementFactory(framework=cycle.framework, kind=CriterionKind.ENABLER, code="approach")
    attributes = [
        RadarAttributeFactory(element=element, code="sound", name_en="Sound"),
        RadarAttributeFactory(element=element, code="integrated", name_en="Integrated"),
    ]
    earlier = CycleFactory(
        year=1400,
        framework=cycle.framework,
        rating_scheme=cycle.rating_scheme,
        status=Cycle.Status.ASSESSMENT,
        window_start=datetime.date(2021, 7, 23),
        window_end=datetime.date(2021, 9, 3),
    )
    fire = OrganizationFactory(code="FIRE", name_fa="سازمان آتش‌نشانی", name_en="Fire Department")
    metro = OrganizationFactory(code="METRO", name_fa="سازمان قطار شهری", name_en="Metro Organization")
    assessment = AssessmentFactory(cycle=cycle, organization=fire, status=Assessment.Status.INDIVIDUAL)
    other_assessment = AssessmentFactory(cycle=cycle, organization=metro, status=Assessment.Status.INDIVIDUAL)
    released = AssessmentFactory(cycle=earlier, organization=fire, status=Assessment.Status.RELEASED)

    leader, member, outsider = AssessorFactory(), AssessorFactory(), AssessorFactory()
    for person, role in ((leader, Assignment.Role.LEADER), (member, Assignment.Role.MEMBER)):
        assignment_create(actor=COMMAND_LINE, assessment=assessment, assessor=person, role=role)
    assignment_create(
        actor=COMMAND_LINE, assessment=other_assessment, assessor=outsider, role=Assignment.Role.LEADER
    )
    member_finding = finding_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        text="رهبران مأموریت را به روشنی بیان کرده‌اند.",
        author=member,
    )
    leader_finding = finding_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        sub_criterion=sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.INDIVIDUAL,
        text="بازنگری استراتژی مستند نشده است.",
        author=leader,
    )
    # Made directly: the released assessment of 1400 is history, no service writes into it any more.
    released_finding = Finding.objects.create(
        assessment=released,
        sub_criterion=sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.CONSENSUS,
        text="شاخص‌های کلیدی عملکرد تعریف نشده‌اند.",
    )
    result = AssessmentResult.objects.create(
        assessment=released,
        total=Decimal("412.5"),
        criterion_points={"1": "412.5"},
        scheme=cycle.rating_scheme,
        level_code="high",
        level_fa="تقدیرنامه",
        level_en="Recognition",
        stars=4,
        computed_at=datetime.datetime(2021, 9, 10, tzinfo=datetime.UTC),
    )
    member_hours = time_entry_create(
        actor=COMMAND_LINE,
        assessment=assessment,
        assessor=member,
        date=datetime.date(2022, 8, 1),
        hours="4",
        activity=TimeEntry.Activity.DOCUMENT_REVIEW,
    )
    project = ImprovementProjectFactory(organization=fire, cycle=cycle, title="استقرار نظام مدیریت دانش")

    manager = UserFactory(username="manager")
    manager.groups.add(Group.objects.get(name=GROUP_MANAGERS))
    representative = UserFactory(username="rep-fire")
    OrganizationMember.objects.create(organization=fire, user=representative)
    other_representative = UserFactory(username="rep-metro")
    OrganizationMember.objects.create(organization=metro, user=other_representative)
    users = {
        "admin": UserFactory(username="office", programme_admin=True),
        "manager": manager,
        "leader": leader.user,
        "member": member.user,
        "outsider": outsider.user,
        "representative": representative,
        "other_representative": other_representative,
    }
    return Programme(
        cycle=cycle,
        earlier_cycle=earlier,
        fire=fire,
        metro=metro,
        assessment=assessment,
        other_assessment=other_assessment,
        released=released,
        result=result,
        sub_criterion=sub_criterion,
        attributes=attributes,
        leader=leader,
        member=member,
        outsider=outsider,
        member_finding=member_finding,
        leader_finding=leader_finding,
        released_finding=released_finding,
        member_hours=member_hours,
        project=project,
        users=users,
    )


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def clients(programme):
    """role → an API client authenticated by that person's token; `anonymous` sends no credentials."""
    return {**{role: token_client(user) for role, user in programme.users.items()}, "anonymous": APIClient()}


def ids(response) -> set[int]:
    """The ids of a list response's rows."""
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}
