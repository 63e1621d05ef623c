"""The time-entry admin: hours through the service, Jalali dates typed and shown, closed cycles read-only."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import Cycle, TimeEntry

from .conftest import admin_url, form_data

pytestmark = pytest.mark.django_db


def add_entry(client, unit, **changes):
    page = client.get(admin_url(TimeEntry, "add"))
    leader = unit.team.get(role="leader").assessor
    values = {
        "assessment": str(unit.pk),
        "assessor": str(leader.pk),
        "date": "1401/05/20",
        "hours": "2",
        "activity": TimeEntry.Activity.DOCUMENT_REVIEW,
    }
    data = form_data(page, **{**values, **changes})
    return client.post(admin_url(TimeEntry, "add"), data)


def test_zero_hours_shows_the_services_message_and_saves_nothing(admin_en, unit):
    entries = TimeEntry.objects.count()

    response = add_entry(admin_en, unit, hours="0")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hours"] == [
        "Hours: must be more than 0 and at most 24; 0 was given."
    ]
    assert "Hours: must be more than 0 and at most 24; 0 was given." in response.content.decode()
    assert TimeEntry.objects.count() == entries


def test_jalali_date_and_hours_in_persian_digits_are_read(admin_en, unit):
    response = add_entry(admin_en, unit, date="۱۴۰۱/۰۵/۲۰", hours="۲٫۵")

    assert response.status_code == 302
    entry = TimeEntry.objects.order_by("-pk").first()
    assert (entry.date, entry.hours) == (datetime.date(2022, 8, 11), Decimal("2.5"))


def test_a_date_that_is_not_jalali_is_refused_with_an_example(admin_en, unit):
    response = add_entry(admin_en, unit, date="2022-08-11")

    assert response.context["adminform"].form.errors["date"] == ["Enter a Jalali date like 1401/05/01."]


def test_changelist_shows_jalali_dates(admin_client, unit):
    # Persian is the default language: Jalali dates in Persian digits (2022-08-02 is 1401/05/11).
    response = admin_client.get(admin_url(TimeEntry, "changelist"))

    assert "۱۴۰۱/۰۵/۱۱" in response.content.decode()


def test_change_page_shows_the_stored_date_in_jalali(admin_en, unit):
    entry = unit.time_entries.get()

    response = admin_en.get(admin_url(entry, "change"))

    assert 'value="1401/05/11"' in response.content.decode()


def test_entries_of_a_closed_cycle_are_read_only(admin_en, unit):
    entry = unit.time_entries.get()
    Cycle.objects.filter(pk=unit.cycle_id).update(status=Cycle.Status.CLOSED)

    page = admin_en.get(admin_url(entry, "change"))
    refused = admin_en.post(admin_url(entry, "change"), {"hours": "5"})
    deleting = admin_en.post(admin_url(entry, "delete"), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "1401/05/11" in page.content.decode()
    assert (refused.status_code, deleting.status_code) == (403, 403)
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.5")


def test_entry_is_deleted_through_the_service(admin_en, unit):
    entry = unit.time_entries.get()

    response = admin_en.post(admin_url(entry, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_the_list_shows_hours_without_trailing_zeros(admin_en, unit):
    add_entry(admin_en, unit, hours="7.50", date="1401/05/21")

    response = admin_en.get(admin_url(TimeEntry, "changelist"), {"q": unit.organization.code})

    assert b'<td class="field-hours_shown">7.5</td>' in response.content
