"""The office edits hours in a real browser: Persian digits and Jalali dates in, the rule's message out."""

from decimal import Decimal

import pytest

from assessments.models import TimeEntry
from assessments.tests.admin.programme import build_unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_zero_hours_are_refused_in_persian_and_a_persian_number_is_saved(
    admin_login, live_server, screenshot
):
    # Given an office member editing a logged time entry
    entry = TimeEntry.objects.filter(assessment=build_unit()).first()
    page = admin_login()
    page.goto(f"{live_server.url}/admin/assessments/timeentry/{entry.pk}/change/")

    # When they type zero hours in Persian digits and save
    page.fill("#id_hours", "۰")
    page.fill("#id_date", "۱۴۰۱/۰۵/۲۰")
    page.click("input[name=_save]")

    # Then the page says, in Persian and beside the field, which rule was broken, and nothing is saved
    errors = page.locator(".field-hours .errorlist").inner_text()
    assert "ساعت" in errors and "۲۴" in errors
    assert "۱۴۰۱/۰۵/" in page.locator("#content h2").inner_text()  # the entry is named by its Jalali date
    screenshot("admin-time-entry-refused")
    entry.refresh_from_db()
    assert entry.hours != 0

    # When they type two and a half hours with the Persian decimal separator
    page.fill("#id_hours", "۲٫۵")
    page.click("input[name=_save]")

    # Then it is saved, on the Jalali date they typed
    page.wait_for_url(f"{live_server.url}/admin/assessments/timeentry/")
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.5")
    assert entry.date.isoformat() == "2022-08-11"  # 1401/05/20
    screenshot("admin-time-entries")
