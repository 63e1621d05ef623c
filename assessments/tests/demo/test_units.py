"""The demo units' targets and the cycles' calendar."""

import datetime

import jdatetime

from assessments.demo.units import CYCLE_CALENDAR, WINDOW_DAYS, band_safe_target, cycle_window, release_date


def test_targets_stay_clear_of_band_edges():
    for total in range(200, 700):
        safe = band_safe_target(total)
        assert 6 <= (safe - 251) % 50 <= 43, (total, safe)
    assert datetime.date(2022, 7, 23) == jdatetime.date(1401, 5, 1).togregorian()


def test_a_cycle_window_is_six_weeks_from_its_jalali_start_and_release_follows_it():
    for year in CYCLE_CALENDAR:
        start, end = cycle_window(year)
        assert start == jdatetime.date(*CYCLE_CALENDAR[year]["window_start"]).togregorian()
        assert (end - start).days + 1 == WINDOW_DAYS == 42
        assert release_date(year) > end
    # a synthetic year without a calendar entry starts on 1 Mordad and releases after it
    start, end = cycle_window(1402)
    assert start == jdatetime.date(1402, 5, 1).togregorian()
    assert release_date(1402) > end
