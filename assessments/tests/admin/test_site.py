"""The admin site as a whole: Persian-normalized search, Jalali dates, the font, the language switcher."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from assessments.models import Cycle, Finding
from assessments.services.findings import finding_create
from assessments.tests.factories import CycleFactory
from excellence.roles import COMMAND_LINE

from .conftest import admin_url

pytestmark = pytest.mark.django_db


def test_search_with_arabic_kaf_and_yeh_finds_persian_text(admin_client, unit):
    # given a finding stored in Persian spelling (کیفیت)
    consensus = unit.findings.get(stage=Finding.Stage.CONSENSUS)
    wanted = finding_create(
        actor=COMMAND_LINE,
        assessment=unit,
        sub_criterion=consensus.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.CONSENSUS,
        text="کیفیت خدمات به‌طور منظم سنجیده می‌شود.",
    )

    # when it is searched with the Arabic letters (كيفيت)
    response = admin_client.get(admin_url(Finding, "changelist"), {"q": "كيفيت"})

    # then it is found
    assert list(response.context["cl"].result_list) == [wanted]


def test_search_with_persian_digits_finds_ascii_numbers(admin_client, unit):
    cycle = CycleFactory(year=1450)

    response = admin_client.get(admin_url(Cycle, "changelist"), {"q": "۱۴۵۰"})

    assert list(response.context["cl"].result_list) == [cycle]


def test_pages_are_persian_and_right_to_left_by_default(admin_client):
    response = admin_client.get(reverse("admin:index"))

    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    with translation.override("fa"):
        assert str(admin.site.site_header) in html


def test_language_switcher_changes_to_english(admin_client):
    page = admin_client.get(reverse("admin:index"))
    switched = admin_client.post(reverse("set_language"), {"language": "en", "next": reverse("admin:index")})
    english = admin_client.get(reverse("admin:index"))

    assert 'id="language-switcher"' in page.content.decode()
    assert switched.status_code == 302
    assert '<html lang="en" dir="ltr">' in english.content.decode()


def test_the_vendored_font_and_the_admin_stylesheet_are_served_locally(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    stylesheet = Path(finders.find("css/fonts.css")).read_text(encoding="utf-8")

    assert "/static/css/admin.css" in page
    assert "/static/css/fonts.css" in page
    for weight in ("Regular", "SemiBold", "Bold"):
        assert f"../vendor/vazirmatn/Vazirmatn-{weight}.woff2" in stylesheet
        assert finders.find(f"vendor/vazirmatn/Vazirmatn-{weight}.woff2") is not None
    assert finders.find("vendor/vazirmatn/OFL.txt") is not None
    assert "https://" not in stylesheet
