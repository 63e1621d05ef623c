"""Rating schemes saved with all their bands through rating_scheme_save; cycles through the cycle services."""

import datetime

import pytest

from assessments.models import Cycle, RatingScheme
from assessments.tests.factories import CycleFactory, FrameworkFactory, RatingSchemeFactory

from .conftest import add_inline_row, admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db

BAND = {"level_code": "level", "level_fa": "سطح", "level_en": "Level"}


def scheme_data(client, bands):
    page = client.get(admin_url(RatingScheme, "add"))
    data = form_data(page, code="city", name_fa="جدول شهر", name_en="City levels")
    # The add page offers empty rows; fill the first ones.
    for index, (low, high, stars) in enumerate(bands):
        data.update(
            {
                f"bands-{index}-min_points": str(low),
                f"bands-{index}-max_points": str(high),
                f"bands-{index}-stars": str(stars),
                **{f"bands-{index}-{name}": value for name, value in BAND.items()},
            }
        )
    return data


def test_a_scheme_with_a_gap_is_refused_as_a_whole_and_nothing_is_saved(admin_en):
    data = scheme_data(admin_en, [(0, 400, 0), (451, 1000, 4)])

    response = admin_en.post(admin_url(RatingScheme, "add"), data)

    assert response.status_code == 200
    table_errors = list(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert len(table_errors) == 1 and "gap between 400 and 451" in table_errors[0], table_errors
    assert not RatingScheme.objects.filter(code="city").exists()


def test_a_scheme_covering_0_to_1000_is_saved_with_its_bands(admin_en):
    data = scheme_data(admin_en, [(0, 500, 0), (501, 1000, 4)])

    response = admin_en.post(admin_url(RatingScheme, "add"), data)

    assert response.status_code == 302, page_errors(response)
    scheme = RatingScheme.objects.get(code="city")
    assert list(scheme.bands.values_list("min_points", "max_points", "stars")) == [
        (0, 500, 0),
        (501, 1000, 4),
    ]


def test_editing_one_band_saves_the_whole_table(admin_en):
    scheme = RatingSchemeFactory(code="city")
    page = admin_en.get(admin_url(scheme, "change"))
    data = form_data(page, **{"bands-0-max_points": "600", "bands-1-min_points": "601"})

    response = admin_en.post(admin_url(scheme, "change"), data)

    assert response.status_code == 302, page_errors(response)
    assert list(scheme.bands.values_list("min_points", "max_points")) == [(0, 600), (601, 1000)]


def test_an_overlapping_band_added_to_a_scheme_is_refused(admin_en):
    scheme = RatingSchemeFactory(code="city")
    page = admin_en.get(admin_url(scheme, "change"))
    data = add_inline_row(form_data(page), "bands", min_points="450", max_points="550", stars="2", **BAND)

    response = admin_en.post(admin_url(scheme, "change"), data)

    assert response.status_code == 200
    assert any("overlap" in message for message in page_errors(response)), page_errors(response)
    assert scheme.bands.count() == 2


def test_a_cycle_is_created_with_jalali_window_dates(admin_en):
    framework, scheme = FrameworkFactory(), RatingSchemeFactory()
    page = admin_en.get(admin_url(Cycle, "add"))
    data = form_data(
        page,
        year="۱۴۰۲",
        framework=str(framework.pk),
        rating_scheme=str(scheme.pk),
        window_start="۱۴۰۲/۰۵/۰۱",
        window_end="1402/06/15",
        status=Cycle.Status.PLANNING,
    )

    response = admin_en.post(admin_url(Cycle, "add"), data)

    assert response.status_code == 302, page_errors(response)
    cycle = Cycle.objects.get(year=1402)
    assert (cycle.window_start, cycle.window_end) == (datetime.date(2023, 7, 23), datetime.date(2023, 9, 6))


def test_a_window_ending_before_it_starts_shows_the_services_message(admin_en):
    cycle = CycleFactory(status=Cycle.Status.PLANNING)
    page = admin_en.get(admin_url(cycle, "change"))

    response = admin_en.post(admin_url(cycle, "change"), form_data(page, window_end="1401/01/01"))

    assert response.context["adminform"].form.errors["window_end"] == [
        "Assessment window end: the window cannot end before it starts."
    ]


def test_a_closed_cycle_is_read_only(admin_en):
    cycle = CycleFactory(status=Cycle.Status.CLOSED)

    page = admin_en.get(admin_url(cycle, "change"))
    refused = admin_en.post(admin_url(cycle, "change"), {"status": Cycle.Status.ASSESSMENT})

    assert page.context["has_change_permission"] is False
    assert "1401/05/01" in page.content.decode()
    assert refused.status_code == 403
