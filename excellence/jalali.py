"""Jalali (Solar Hijri) dates: shown to people, while the database keeps Gregorian."""

import datetime
import re

import jdatetime
from django.utils import timezone

from excellence.languages import is_persian
from excellence.persian import to_ascii_digits, to_persian_digits

JALALI_DATE_PATTERN = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")


def to_jalali(value):
    """Return the jdatetime equivalent of a date or an aware datetime (local time)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    return jdatetime.date.fromgregorian(date=value)


def format_date(value, *, persian_digits=None):
    """`1401/08/12` for a date, in Persian digits when the active language is Persian."""
    if value is None:
        return ""
    text = to_jalali(value).strftime("%Y/%m/%d")
    return _digits(text, persian_digits)


def format_datetime(value, *, persian_digits=None):
    """`1401/08/12 14:05` for an aware datetime, shown in the project's time zone."""
    if value is None:
        return ""
    text = to_jalali(value).strftime("%Y/%m/%d %H:%M")
    return _digits(text, persian_digits)


def parse_date(text):
    """Read a Jalali date typed as `1401/08/12` (any digits, `/`, `-` or `.`) as a Gregorian date.

    Raises ValueError when the text is not a valid Jalali date.
    """
    match = JALALI_DATE_PATTERN.match(to_ascii_digits(text or ""))
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return jdatetime.date(year, month, day).togregorian()


def gregorian_year_start(jalali_year):
    """The Gregorian date of 1 Farvardin of a Jalali year."""
    return jdatetime.date(jalali_year, 1, 1).togregorian()


def _digits(text, persian_digits):
    if persian_digits is None:
        persian_digits = is_persian()
    return to_persian_digits(text) if persian_digits else text
