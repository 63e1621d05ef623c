"""Factories for tests. Rows with rules (teams, findings, scores) are better made with the services."""

import datetime
from decimal import Decimal

import factory

from assessments.models import (
    Assessment,
    Assessor,
    Assignment,
    ConflictOfInterest,
    Criterion,
    CriterionKind,
    Cycle,
    Finding,
    Framework,
    ImprovementProject,
    RadarAttribute,
    RadarElement,
    RatingBand,
    RatingScheme,
    SubCriterion,
    TimeEntry,
)
from organizations.tests.factories import OrganizationFactory, UserFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"FW{n}")
    name_fa = factory.Sequence(lambda n: f"مدل {n}")
    name_en = factory.Sequence(lambda n: f"Model {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name_fa = "رهبری"
    name_en = "Leadership"
    kind = CriterionKind.ENABLER
    points = Decimal("100")
    order = factory.Sequence(lambda n: n)


class SubCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubCriterion

    criterion = factory.SubFactory(CriterionFactory)
    framework = factory.SelfAttribute("criterion.framework")
    code = factory.Sequence(lambda n: f"{n}a")
    name_fa = "زیرمعیار نمونه"
    name_en = "Sample sub-criterion"
    weight = Decimal("1")


class RadarElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RadarElement

    framework = factory.SubFactory(FrameworkFactory)
    kind = CriterionKind.ENABLER
    code = factory.Sequence(lambda n: f"element{n}")
    name_fa = "رویکرد"
    name_en = "Approach"


class RadarAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RadarAttribute

    element = factory.SubFactory(RadarElementFactory)
    code = factory.Sequence(lambda n: f"attribute{n}")
    name_fa = "مستدل"
    name_en = "Sound"


class RatingSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScheme
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"scheme-{n}")
    name_fa = "جدول سطح‌بندی"
    name_en = "Rating scheme"

    @factory.post_generation
    def bands(scheme, create, extracted, **kwargs):
        if not create or scheme.bands.exists():
            return
        for low, high, code, stars in extracted or [(0, 500, "low", 0), (501, 1000, "high", 4)]:
            RatingBand.objects.create(
                scheme=scheme,
                min_points=low,
                max_points=high,
                level_code=code,
                level_fa=code,
                level_en=code,
                stars=stars,
            )


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 1401 + n % 90)
    framework = factory.SubFactory(FrameworkFactory)
    rating_scheme = factory.SubFactory(RatingSchemeFactory)
    window_start = datetime.date(2022, 7, 23)
    window_end = datetime.date(2022, 9, 3)
    status = Cycle.Status.ASSESSMENT


class AssessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessor

    user = factory.SubFactory(UserFactory)
    kind = Assessor.Kind.EXTERNAL
    affiliation = "دانشگاه اصفهان"

    class Params:
        internal = factory.Trait(
            kind=Assessor.Kind.INTERNAL,
            home_organization=factory.SubFactory(OrganizationFactory),
            affiliation="",
        )


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    assessor = factory.SubFactory(AssessorFactory)
    organization = factory.SubFactory(OrganizationFactory)
    reason = "همکاری پیشین"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    cycle = factory.SubFactory(CycleFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = Assessment.Status.INDIVIDUAL


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    assessment = factory.SubFactory(AssessmentFactory)
    assessor = factory.SubFactory(AssessorFactory)
    role = Assignment.Role.MEMBER


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    assessment = factory.SubFactory(AssessmentFactory)
    assessor = factory.SubFactory(AssessorFactory)
    date = datetime.date(2022, 8, 1)
    hours = Decimal("4")
    activity = TimeEntry.Activity.DOCUMENT_REVIEW


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    assessment = factory.SubFactory(AssessmentFactory)
    sub_criterion = factory.SubFactory(
        SubCriterionFactory, criterion__framework=factory.SelfAttribute("...assessment.cycle.framework")
    )
    kind = Finding.Kind.IMPROVEMENT
    stage = Finding.Stage.CONSENSUS
    text = "فرایند بازنگری استراتژی مستند نشده است."


class ImprovementProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementProject

    organization = factory.SubFactory(OrganizationFactory)
    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"پروژه بهبود {n}")
    category = ImprovementProject.Category.STRATEGY
