"""The twenty demo units (reference/demo-units.md) and the programme history they follow.

`target_1401` is the total (of 1000) the unit's 1401 consensus scores are steered to;
`yearly_gain` is how many points it gained each year since its first cycle, which gives
the earlier cycles their improving trend. Targets sit well inside a rating band so that
rounding never moves a unit across a band edge.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence.roles import COMMAND_LINE
from organizations.models import Organization
from organizations.services import organization_create

from .report import Say, SeedReport

ORGANIZATION = "organization"
COMPANY = "company"


@dataclass(frozen=True)
class DemoUnit:
    code: str
    kind: str
    name_fa: str
    name_en: str
    first_year: int
    target_1401: int
    yearly_gain: int

    def target_for(self, year: int) -> int:
        """The total this unit is steered to in `year`, kept clear of band edges."""
        return band_safe_target(self.target_1401 - self.yearly_gain * (1401 - year))


# 1401 stars: 1★ CIVIL MARKETS INVEST FREIGHT LOGISTICS; 2★ WASTE CULTURE RENEWAL TAXI FLEET
# TERMINALS EXPO; 3★ PARKS CEMETERY RAIL BUS METRO CARD; 4★ ICT, FIRE (crystal statue).
DEMO_UNITS: tuple[DemoUnit, ...] = (
    DemoUnit(
        "FIRE",
        ORGANIZATION,
        "سازمان آتش‌نشانی و خدمات ایمنی شهرداری اصفهان",
        "Fire and Safety Services Organization",
        1398,
        462,
        28,
    ),
    DemoUnit(
        "PARKS",
        ORGANIZATION,
        "سازمان پارک‌ها و فضای سبز شهرداری اصفهان",
        "Parks and Green Space Organization",
        1398,
        372,
        26,
    ),
    DemoUnit(
        "ICT",
        ORGANIZATION,
        "سازمان فناوری اطلاعات و ارتباطات شهرداری اصفهان (فاوا)",
        "Information and Communication Technology Organization",
        1398,
        424,
        30,
    ),
    DemoUnit(
        "WASTE",
        ORGANIZATION,
        "سازمان مدیریت پسماند شهرداری اصفهان",
        "Waste Management Organization",
        1398,
        343,
        25,
    ),
    DemoUnit(
        "CULTURE",
        ORGANIZATION,
        "سازمان فرهنگی، اجتماعی و ورزشی شهرداری اصفهان",
        "Cultural, Social and Sports Organization",
        1398,
        318,
        30,
    ),
    DemoUnit("CIVIL", ORGANIZATION, "سازمان عمران شهرداری اصفهان", "Civil Works Organization", 1399, 276, 20),
    DemoUnit(
        "RENEWAL",
        ORGANIZATION,
        "سازمان نوسازی و بهسازی شهرداری اصفهان",
        "Urban Renewal and Improvement Organization",
        1400,
        315,
        35,
    ),
    DemoUnit(
        "MARKETS",
        ORGANIZATION,
        "سازمان میادین میوه و تره‌بار و ساماندهی مشاغل شهری",
        "Fruit and Vegetable Markets and Urban Trades Organization",
        1401,
        266,
        0,
    ),
    DemoUnit(
        "CEMETERY",
        ORGANIZATION,
        "سازمان آرامستان‌های شهرداری اصفهان",
        "Cemeteries Organization (Bagh-e Rezvan)",
        1398,
        383,
        26,
    ),
    DemoUnit(
        "INVEST",
        ORGANIZATION,
        "سازمان سرمایه‌گذاری و مشارکت‌های مردمی شهرداری اصفهان",
        "Investment and Public Participation Organization",
        1400,
        284,
        25,
    ),
    DemoUnit(
        "TAXI",
        ORGANIZATION,
        "سازمان مدیریت و نظارت بر تاکسیرانی شهرداری اصفهان",
        "Taxi Management and Supervision Organization",
        1398,
        336,
        22,
    ),
    DemoUnit(
        "RAIL",
        ORGANIZATION,
        "سازمان قطار شهری اصفهان و حومه",
        "Isfahan and Suburbs Urban Railway Organization",
        1399,
        358,
        30,
    ),
    DemoUnit(
        "FREIGHT",
        ORGANIZATION,
        "سازمان مدیریت حمل‌ونقل بار شهرداری اصفهان",
        "Urban Freight Transport Management Organization",
        1401,
        274,
        0,
    ),
    DemoUnit(
        "FLEET",
        ORGANIZATION,
        "سازمان خدمات موتوری شهرداری اصفهان",
        "Motor Services (Municipal Fleet) Organization",
        1400,
        327,
        30,
    ),
    DemoUnit(
        "TERMINALS",
        ORGANIZATION,
        "سازمان پایانه‌های مسافربری شهرداری اصفهان",
        "Passenger Terminals Organization",
        1399,
        317,
        25,
    ),
    DemoUnit(
        "BUS",
        COMPANY,
        "شرکت واحد اتوبوسرانی اصفهان و حومه",
        "Isfahan and Suburbs United Bus Company",
        1398,
        366,
        27,
    ),
    # First entry in 1399 (assessed 14–15 Bahman 1399) with one star.
    DemoUnit(
        "METRO",
        COMPANY,
        "شرکت متروی منطقه اصفهان",
        "Isfahan Regional Metro Company",
        1399,
        357,
        40,
    ),
    DemoUnit(
        "EXPO",
        COMPANY,
        "شرکت نمایشگاه‌های بین‌المللی استان اصفهان",
        "Isfahan Province International Exhibitions Company",
        1400,
        329,
        25,
    ),
    DemoUnit(
        "LOGISTICS",
        COMPANY,
        "شرکت بین‌المللی لجستیک راه ابریشم (بندر خشک اصفهان)",
        "Silk Road International Logistics Company (Isfahan Dry Port)",
        1401,
        283,
        0,
    ),
    DemoUnit("CARD", COMPANY, "شرکت اصفهان کارت", "Isfahan Card Company", 1401, 392, 0),
)

DEMO_YEARS: tuple[int, ...] = (1398, 1399, 1400, 1401)
CURRENT_YEAR = 1401


def units_for_year(year: int) -> list[DemoUnit]:
    """The units assessed in `year`: 8 in 1398, 12 in 1399, 16 in 1400, all 20 in 1401."""
    return [unit for unit in DEMO_UNITS if unit.first_year <= year]


def band_safe_target(total: int) -> int:
    """Move `total` at least 6 points inside its 50-point band (edges at 251, 301, …)."""
    position = (total - 251) % 50
    if position < 6:
        return total + (6 - position)
    if position > 43:
        return total - (position - 43)
    return total


# The first and last day (Jalali) of each cycle's six-week assessment window and the
# day the results were released at the programme's festival.
CYCLE_CALENDAR: dict[int, dict[str, tuple[int, int, int]]] = {
    1398: {"window_start": (1398, 8, 1), "released": (1398, 10, 20)},
    1399: {"window_start": (1399, 10, 20), "released": (1400, 2, 22)},
    1400: {"window_start": (1400, 6, 1), "released": (1400, 8, 15)},
    1401: {"window_start": (1401, 5, 1), "released": (1401, 8, 12)},
}
WINDOW_DAYS = 42  # six weeks, first and last day included

# Metro's first site visit (14–15 Bahman 1399), kept from the programme's history.
SITE_VISIT_OVERRIDES: dict[tuple[int, str], tuple[int, int, int]] = {
    (1399, "METRO"): (1399, 11, 14),
}


def jalali_to_date(year: int, month: int, day: int) -> datetime.date:
    return jdatetime.date(year, month, day).togregorian()


def aware(date: datetime.date, hour: int = 10) -> datetime.datetime:
    """`hour` o'clock on `date` in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def cycle_window(year: int) -> tuple[datetime.date, datetime.date]:
    """The six-week window (42 days, both ends included) of a demo or synthetic cycle."""
    start = jalali_to_date(*CYCLE_CALENDAR.get(year, {"window_start": (year, 5, 1)})["window_start"])
    return start, start + datetime.timedelta(days=WINDOW_DAYS - 1)


def release_date(year: int) -> datetime.date:
    return jalali_to_date(*CYCLE_CALENDAR.get(year, {"released": (year, 8, 12)})["released"])


def units_ensure(*, report: SeedReport, say: Say | None = None) -> dict[str, Organization]:
    """The twenty demo units, created through the organization service when missing."""
    existing = {
        unit.code: unit for unit in Organization.objects.filter(code__in=[u.code for u in DEMO_UNITS])
    }
    created = 0
    with transaction.atomic():
        for unit in DEMO_UNITS:
            if unit.code in existing:
                continue
            existing[unit.code] = organization_create(
                actor=COMMAND_LINE,
                code=unit.code,
                name_fa=unit.name_fa,
                name_en=unit.name_en,
                kind=unit.kind,
                is_demo=True,
            )
            created += 1
    report.created["organizations"] += created
    report.add(
        _("Units: %(created)s created, %(kept)s already there.")
        % {"created": created, "kept": len(DEMO_UNITS) - created},
        say,
    )
    return existing
