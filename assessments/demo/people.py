"""The demo's people: their deterministic Persian names, affiliations and declared conflicts,
and the users, assessors, conflicts, unit representatives and logins built from them, the
assessors, conflicts and representatives through the services."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from excellence.roles import COMMAND_LINE, GROUP_MANAGERS, GROUP_PROGRAMME_ADMINS, PROGRAMME_ADMIN_APPS
from organizations.models import Organization, OrganizationMember
from organizations.services import organization_member_add

from ..models import (
    Assessor,
    ConflictOfInterest,
)
from .report import Say, SeedReport
from .units import DEMO_UNITS

FIRST_NAMES = (
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "مصطفی",
    "حمید",
    "سعید",
    "مجید",
    "احمد",
    "امیر",
    "بهروز",
    "داوود",
    "جواد",
    "کاظم",
    "مسعود",
    "ناصر",
    "فرهاد",
    "کامران",
    "پیمان",
    "زهرا",
    "فاطمه",
    "مریم",
    "سمیه",
    "الهام",
    "نرگس",
    "لیلا",
    "مهسا",
    "شیرین",
    "پریسا",
    "نسرین",
    "آزاده",
    "فرزانه",
    "مینا",
    "سارا",
    "نازنین",
    "طاهره",
    "ریحانه",
    "هدی",
    "معصومه",
)
LAST_NAMES = (
    "احمدی",
    "محمدی",
    "حسینی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "صادقی",
    "نوروزی",
    "قاسمی",
    "اصفهانی",
    "طباطبایی",
    "نجفی",
    "هاشمی",
    "شریفی",
    "امینی",
    "یزدانی",
    "کاظمی",
    "زارعی",
    "رحیمی",
    "سلطانی",
    "خلیلی",
    "مرادی",
    "باقری",
    "عسگری",
    "فروغی",
    "میرلوحی",
    "شفیعی",
    "نیک‌نام",
    "دهقانی",
    "ترابی",
    "انصاری",
    "صفوی",
    "کیانی",
    "ملکی",
    "حیدری",
    "اکبری",
    "نظری",
    "توکلی",
    "سبحانی",
)

EXTERNAL_AFFILIATIONS = (
    "دانشگاه اصفهان",
    "دانشگاه صنعتی اصفهان",
    "دانشگاه علوم پزشکی اصفهان",
    "دانشگاه هنر اصفهان",
    "دانشگاه آزاد اسلامی، واحد خوراسگان",
    "مرکز مطالعات و برنامه‌ریزی شهری",
    "مشاور مستقل تعالی سازمانی",
    "ارزیاب ارشد جایزه ملی تعالی سازمانی",
    "دانشگاه شهرکرد",
    "مشاور مستقل مدیریت کیفیت",
)

QUALIFICATIONS = (
    "گواهی دوره ارزیابی الگوی تعالی سازمانی ویرایش ۱۳۹۳",
    "ارزیاب جایزه ملی تعالی سازمانی؛ دوره منطق رادار",
    "سرارزیاب جشنواره تعالی سازمانی شهرداری؛ گواهی EFQM",
    "گواهی دوره ارزیابی تعالی سازمانی و مدیریت فرایند",
    "دوره ارزیابی تعالی و سیستم‌های مدیریت کیفیت ISO 9001",
)

DEMO_PASSWORD = "excellence-demo"

# Roles are read from the first two groups (excellence/roles.py); the demo also files its
# assessors and representatives in a group each, for the admin's user lists.
GROUP_ASSESSORS = "assessors"
GROUP_UNIT_REPRESENTATIVES = "unit_representatives"
DEMO_GROUPS = (GROUP_PROGRAMME_ADMINS, GROUP_MANAGERS, GROUP_ASSESSORS, GROUP_UNIT_REPRESENTATIVES)

INTERNAL_COUNT = 55
EXTERNAL_COUNT = 10
ASSESSOR_COUNT = INTERNAL_COUNT + EXTERNAL_COUNT


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class DemoAssessor:
    person: DemoPerson
    kind: str  # "internal" or "external"
    home_code: str  # the home unit's code, internal assessors only
    affiliation: str
    qualifications: str


@dataclass(frozen=True)
class DemoConflict:
    username: str
    organization_code: str
    reason: str


def assessor_username(number: int) -> str:
    return f"assessor{number:02d}"


def representative_username(unit_code: str) -> str:
    return f"rep-{unit_code.lower()}"


def name_pairs(seed: str, count: int) -> list[tuple[str, str]]:
    """`count` distinct (first name, last name) pairs, the same for the same seed."""
    rng = random.Random(seed)
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    return pairs[:count]


def demo_assessors(unit_codes: list[str]) -> list[DemoAssessor]:
    """assessor01–assessor55 internal (homes spread over the units), assessor56–65 external."""
    names = name_pairs("1401:assessors", ASSESSOR_COUNT)
    assessors = []
    for number in range(1, ASSESSOR_COUNT + 1):
        first, last = names[number - 1]
        person = DemoPerson(assessor_username(number), first, last)
        qualification = QUALIFICATIONS[number % len(QUALIFICATIONS)]
        if number <= INTERNAL_COUNT:
            # assessor01's home is the second unit, so it can lead the first unit's team.
            home = unit_codes[number % len(unit_codes)]
            assessors.append(DemoAssessor(person, "internal", home, "", qualification))
        else:
            affiliation = EXTERNAL_AFFILIATIONS[(number - INTERNAL_COUNT - 1) % len(EXTERNAL_AFFILIATIONS)]
            assessors.append(DemoAssessor(person, "external", "", affiliation, qualification))
    return assessors


def demo_representatives(unit_codes: list[str]) -> list[DemoPerson]:
    """One representative per unit, `rep-<code>`."""
    names = name_pairs("1401:representatives", len(unit_codes))
    return [
        DemoPerson(representative_username(code), first, last)
        for code, (first, last) in zip(unit_codes, names, strict=True)
    ]


ADMIN = DemoPerson("admin", "مدیر", "سامانه")
MANAGER = DemoPerson("manager", "معاونت", "برنامه‌ریزی")

DEMO_CONFLICTS: tuple[DemoConflict, ...] = (
    DemoConflict("assessor56", "BUS", "مشاور پروژه استقرار نظام مدیریت کیفیت در این شرکت بوده است."),
    DemoConflict("assessor60", "ICT", "عضو شورای راهبری فناوری اطلاعات این سازمان است."),
    DemoConflict("assessor03", "CIVIL", "تا سال گذشته معاون همین سازمان بوده است."),
    DemoConflict("assessor12", "METRO", "همسر ایشان در این شرکت شاغل است."),
    DemoConflict("assessor27", "TAXI", "در تدوین برنامه راهبردی این سازمان مشارکت داشته است."),
    DemoConflict("assessor41", "CULTURE", "عضو هیئت‌مدیره یکی از باشگاه‌های وابسته به این سازمان است."),
)


@dataclass
class DemoPeople:
    admin: object
    manager: object
    assessors: list[Assessor]
    representatives: dict[str, object]  # unit code → user

    @property
    def login_users(self) -> list:
        return [self.admin, self.manager, *(a.user for a in self.assessors), *self.representatives.values()]


def _user_ensure(person: DemoPerson, *, created: list, **flags):
    User = get_user_model()
    user = User.objects.filter(username=person.username).first()
    if user is None:
        user = User.objects.create_user(
            username=person.username,
            password=None,  # unusable until logins are enabled
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{person.username}@demo.invalid",
            **flags,
        )
        created.append(user)
    return user


def people_ensure(
    *, units: dict[str, Organization], report: SeedReport, say: Say | None = None
) -> DemoPeople:
    """Groups, admin, manager, 55 internal and 10 external assessors, conflicts, unit representatives."""
    from ..services.assessors import assessor_create, conflict_of_interest_declare

    unit_codes = [unit.code for unit in DEMO_UNITS]
    created_users: list = []
    created_assessors = created_conflicts = created_members = 0
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in DEMO_GROUPS}
        # An office member who is staff but not a superuser runs the programme through the admin.
        groups[GROUP_PROGRAMME_ADMINS].permissions.set(
            Permission.objects.filter(content_type__app_label__in=PROGRAMME_ADMIN_APPS)
        )
        admin = _user_ensure(ADMIN, created=created_users, is_staff=True, is_superuser=True)
        manager = _user_ensure(MANAGER, created=created_users)
        groups[GROUP_PROGRAMME_ADMINS].user_set.add(admin)
        groups[GROUP_MANAGERS].user_set.add(manager)

        existing = {
            a.user.username: a
            for a in Assessor.objects.select_related("user").filter(user__username__startswith="assessor")
        }
        assessors = []
        for spec in demo_assessors(unit_codes):
            assessor = existing.get(spec.person.username)
            if assessor is None:
                user = _user_ensure(spec.person, created=created_users)
                assessor = assessor_create(
                    actor=COMMAND_LINE,
                    user=user,
                    kind=spec.kind,
                    home_organization=units[spec.home_code] if spec.home_code else None,
                    affiliation=spec.affiliation,
                    qualifications=spec.qualifications,
                )
                created_assessors += 1
            assessors.append(assessor)
        groups[GROUP_ASSESSORS].user_set.add(*(a.user for a in assessors))

        by_username = {a.user.username: a for a in assessors}
        for conflict in DEMO_CONFLICTS:
            assessor, organization = by_username[conflict.username], units[conflict.organization_code]
            if not ConflictOfInterest.objects.filter(assessor=assessor, organization=organization).exists():
                conflict_of_interest_declare(
                    actor=COMMAND_LINE, assessor=assessor, organization=organization, reason=conflict.reason
                )
                created_conflicts += 1

        representatives = {}
        for code, person in zip(unit_codes, demo_representatives(unit_codes), strict=True):
            user = _user_ensure(person, created=created_users)
            if not OrganizationMember.objects.filter(organization=units[code], user=user).exists():
                organization_member_add(actor=COMMAND_LINE, organization=units[code], user=user)
                created_members += 1
            representatives[code] = user
        groups[GROUP_UNIT_REPRESENTATIVES].user_set.add(*representatives.values())

    report.created["users"] += len(created_users)
    report.created["assessors"] += created_assessors
    report.created["conflicts"] += created_conflicts
    report.created["representatives"] += created_members
    report.add(
        _(
            "People: %(users)s users, %(assessors)s assessors, %(conflicts)s conflicts of interest "
            "and %(representatives)s unit representatives created."
        )
        % {
            "users": len(created_users),
            "assessors": created_assessors,
            "conflicts": created_conflicts,
            "representatives": created_members,
        },
        say,
    )
    return DemoPeople(admin=admin, manager=manager, assessors=assessors, representatives=representatives)


def logins_enable(*, users: Sequence, password: str, report: SeedReport, say: Say | None = None) -> int:
    """Give every demo login `password`, hashed once so that it stays fast. Returns how many changed."""
    matches: dict[str, bool] = {}  # each distinct stored hash is checked once
    stale = []
    for user in users:
        if user.password not in matches:
            # An unusable password cannot match; checking it would still cost a full hash.
            usable = is_password_usable(user.password)
            matches[user.password] = usable and check_password(password, user.password)
        if not matches[user.password]:
            stale.append(user)
    if stale:
        encoded = make_password(password)
        for user in stale:
            user.password = encoded
        get_user_model().objects.bulk_update(stale, ["password"])
    report.add(
        _("Demo logins: %(set)s passwords set, %(kept)s already set.")
        % {"set": len(stale), "kept": len(users) - len(stale)},
        say,
    )
    return len(stale)
