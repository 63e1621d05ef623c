"""Deterministic Persian names, affiliations and declared conflicts for the demo people."""

import random
from dataclasses import dataclass

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
