import datetime

import pytest
from django.utils import timezone, translation

from excellence import jalali


def test_format_date_is_jalali_with_persian_digits_in_persian():
    with translation.override("fa"):
        assert jalali.format_date(datetime.date(2022, 11, 3)) == "۱۴۰۱/۰۸/۱۲"


def test_format_date_uses_ascii_digits_in_english():
    with translation.override("en"):
        assert jalali.format_date(datetime.date(2022, 11, 3)) == "1401/08/12"


def test_format_datetime_is_shown_in_tehran_time():
    moment = datetime.datetime(2022, 11, 3, 20, 45, tzinfo=datetime.UTC)
    with translation.override("en"), timezone.override("Asia/Tehran"):
        assert jalali.format_datetime(moment) == "1401/08/13 00:15"


@pytest.mark.parametrize("text", ["1401/08/12", "۱۴۰۱/۰۸/۱۲", "1401-8-12", " ١٤٠١.٠٨.١٢ "])
def test_parse_date_reads_any_digits_and_separators(text):
    assert jalali.parse_date(text) == datetime.date(2022, 11, 3)


@pytest.mark.parametrize("text", ["", "1401/13/01", "1401/12/31", "yesterday", "2022-11-03x"])
def test_parse_date_refuses_what_is_not_a_jalali_date(text):
    with pytest.raises(ValueError):
        jalali.parse_date(text)


def test_format_empty_values_is_empty():
    assert jalali.format_date(None) == ""
    assert jalali.format_datetime(None) == ""
