"""A small programme to export: a two-criterion framework, cycle 1401, and units with everything a
declaration shows. Rows are made with factories and plain creates (not the write services), so
that these tests depend only on what the export reads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentResult,
    Assessor,
    Assignment,
    AttributeScore,
    CriterionKind,
    Cycle,
    Finding,
    ImprovementProject,
    Score,
    TimeEntry,
)
from assessments.tests.factories import (
    AssessorFactory,
    CriterionFactory,
    CycleFactory,
    FrameworkFactory,
    RadarAttributeFactory,
    RadarElementFactory,
    RatingSchemeFactory,
    SubCriterionFactory,
)
from excellence.roles import GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS
from organizations.models import Organization
from organizations.tests.factories import OrganizationFactory, UserFactory


def in_group(user, name):
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@dataclass
class Framework:
    cycle: Cycle
    subs: dict  # code → SubCriterion
    attributes: dict  # kind → [RadarAttribute]


def framework_and_cycle(*, year=1401) -> Framework:
    framework = FrameworkFactory(code=f"TEST{year}")
    leadership = CriterionFactory(
        framework=framework, code="1", name_fa="رهبری", name_en="Leadership", points=Decimal("600"), order=1
    )
    results = CriterionFactory(
        framework=framework,
        code="2",
        name_fa="نتایج مشتریان",
        name_en="Customer results",
        kind=CriterionKind.RESULT,
        points=Decimal("400"),
        order=2,
    )
    subs = {
        "1a": SubCriterionFactory(
            criterion=leadership,
            code="1a",
            code_fa="۱الف",
            name_fa="مأموریت",
            name_en="Mission",
            weight=Decimal("0.5"),
            order=1,
        ),
        "1b": SubCriterionFactory(
            criterion=leadership,
            code="1b",
            code_fa="۱ب",
            name_fa="نظام مدیریت",
            name_en="Management system",
            weight=Decimal("0.5"),
            order=2,
        ),
        "2a": SubCriterionFactory(
            criterion=results,
            code="2a",
            code_fa="۲الف",
            name_fa="ادراکات",
            name_en="Perceptions",
            weight=Decimal("1"),
            order=1,
        ),
    }
    approach = RadarElementFactory(framework=framework, kind=CriterionKind.ENABLER, code="approach")
    relevance = RadarElementFactory(framework=framework, kind=CriterionKind.RESULT, code="relevance")
    attributes = {
        CriterionKind.ENABLER: [
            RadarAttributeFactory(element=approach, code="sound", order=1),
            RadarAttributeFactory(element=approach, code="integrated", order=2),
        ],
        CriterionKind.RESULT: [RadarAttributeFactory(element=relevance, code="scope", order=1)],
    }
    cycle = CycleFactory(
        year=year,
        framework=framework,
        rating_scheme=RatingSchemeFactory(code=f"scheme-{year}"),
        window_start=datetime.date(2022, 7, 23),
        window_end=datetime.date(2022, 9, 3),
        status=Cycle.Status.ASSESSMENT,
    )
    return Framework(cycle=cycle, subs=subs, attributes=attributes)


@dataclass
class Unit:
    assessment: Assessment
    leader: Assessor
    member: Assessor
    findings: dict = field(default_factory=dict)  # kind → [Finding]
    project: ImprovementProject | None = None


def unit_build(
    fw: Framework,
    *,
    code: str,
    kind=Organization.Kind.ORGANIZATION,
    status=Assessment.Status.RELEASED,
    score=60,
    texts: dict | None = None,
) -> Unit:
    """A unit assessed in the cycle: a team of two, hours, consensus (and one individual) findings,
    consensus scores of `score` on every attribute, a project answering an improvement point."""
    cycle = fw.cycle
    organization = OrganizationFactory(code=code, name_fa=f"واحد {code}", name_en=f"Unit {code}", kind=kind)
    assessment = Assessment.objects.create(cycle=cycle, organization=organization, status=status)
    leader = AssessorFactory(
        internal=True,
        user=UserFactory(username=f"lead-{code.lower()}", first_name="مریم", last_name=f"رهبر {code}"),
    )
    member = AssessorFactory(
        user=UserFactory(username=f"member-{code.lower()}", first_name="رضا", last_name=f"عضو {code}")
    )
    Assignment.objects.create(assessment=assessment, assessor=leader, role=Assignment.Role.LEADER)
    Assignment.objects.create(assessment=assessment, assessor=member, role=Assignment.Role.MEMBER)
    for assessor, activity, hours, day in (
        (leader, TimeEntry.Activity.DOCUMENT_REVIEW, "6", 1),
        (leader, TimeEntry.Activity.SITE_VISIT, "8", 9),
        (member, TimeEntry.Activity.REPORT_WRITING, "4.5", 5),
    ):
        TimeEntry.objects.create(
            assessment=assessment,
            assessor=assessor,
            activity=activity,
            hours=Decimal(hours),
            date=datetime.date(2022, 8, day),
        )
    texts = texts or {
        Finding.Kind.STRENGTH: [("1b", "رهبران الگو هستند."), ("1a", "مأموریت روشن است.")],
        Finding.Kind.IMPROVEMENT: [("2a", "نظرسنجی منظم نیست."), ("1a", "بازنگری مستند نیست.")],
        Finding.Kind.BEST_PRACTICE: [("1a", "داشبورد شهروندی.")],
    }
    unit = Unit(assessment=assessment, leader=leader, member=member)
    for finding_kind, items in texts.items():
        unit.findings[finding_kind] = [
            Finding.objects.create(
                assessment=assessment,
                sub_criterion=fw.subs[sub],
                kind=finding_kind,
                stage=Finding.Stage.CONSENSUS,
                text=text,
            )
            for sub, text in items
        ]
    # Neither an individual finding nor a site-visit issue is part of a declaration.
    Finding.objects.create(
        assessment=assessment,
        sub_criterion=fw.subs["1a"],
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        author=member,
        text="یافته فردی",
    )
    Finding.objects.create(
        assessment=assessment,
        sub_criterion=fw.subs["1a"],
        kind=Finding.Kind.SITE_VISIT_ISSUE,
        stage=Finding.Stage.CONSENSUS,
        text="موضوع بازدید",
    )
    for sub in fw.subs.values():
        consensus = Score.objects.create(
            assessment=assessment, sub_criterion=sub, stage=Score.Stage.CONSENSUS
        )
        for attribute in fw.attributes[sub.criterion.kind]:
            AttributeScore.objects.create(score=consensus, attribute=attribute, value=score)
    if status in (Assessment.Status.FINALIZED, Assessment.Status.RELEASED):
        AssessmentResult.objects.create(
            assessment=assessment,
            total=Decimal(score * 10),
            criterion_points={"1": score * 6, "2": score * 4},
            scheme=cycle.rating_scheme,
            level_code="high" if score > 50 else "low",
            level_fa="بالا" if score > 50 else "پایین",
            level_en="high" if score > 50 else "low",
            stars=4 if score > 50 else 0,
            computed_at=timezone.now(),
        )
    owner = UserFactory(username=f"owner-{code.lower()}", first_name="سارا", last_name=f"مالک {code}")
    project = ImprovementProject.objects.create(
        organization=organization,
        cycle=cycle,
        title=f"پروژه {code}",
        category=ImprovementProject.Category.PROCESSES,
        status=ImprovementProject.Status.IN_PROGRESS,
        progress=40,
        owner=owner,
        start_date=datetime.date(2022, 10, 1),
        due_date=datetime.date(2023, 3, 1),
        description="شرح پروژه",
    )
    project.improvement_points.set(unit.findings.get(Finding.Kind.IMPROVEMENT, []))
    unit.project = project
    return unit


def admin_user():
    return in_group(UserFactory(username="office"), GROUP_PROGRAMME_ADMINS)


def manager_user():
    return in_group(UserFactory(username="deputy"), GROUP_MANAGERS)
