"""Hours assessors spend on an assessment (person-hours)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from excellence import jalali
from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.numbers import shown_decimal
from excellence.persian import to_ascii_digits
from excellence.updates import locked_current

from .. import access
from ..models import Assessment, Assessor, TimeEntry
from .rules import ensure_on_team, ensure_time_entries_open

MAX_HOURS_PER_DAY = Decimal(24)


def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(to_ascii_digits(str(hours)).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            _("Hours: enter a number of hours, for example 2.5."), field="hours", code="hours_not_a_number"
        ) from None
    if not value.is_finite() or value <= 0 or value > MAX_HOURS_PER_DAY:
        raise ApplicationError(
            _("Hours: must be more than 0 and at most 24; %(hours)s was given."),
            field="hours",
            code="hours_out_of_range",
            params={"hours": shown_decimal(value)},
        )
    return value


def time_entry_date_range(assessment: Assessment) -> tuple[datetime.date, datetime.date]:
    """The days a time entry of `assessment` may be dated: the Jalali year(s) of its cycle's window.

    Not the window itself: the report is written after the site visits, often weeks after
    the window ends; but never in another year (a 1500/12/29 on a 1401 assessment).
    """
    cycle = assessment.cycle
    first_year = jalali.to_jalali(cycle.window_start).year
    last_year = jalali.to_jalali(cycle.window_end).year
    return (
        jalali.gregorian_year_start(first_year),
        jalali.gregorian_year_start(last_year + 1) - datetime.timedelta(days=1),
    )


def _ensure_date_in_cycle(*, assessment: Assessment, date) -> None:
    first, last = time_entry_date_range(assessment)
    if date is not None and not first <= date <= last:
        cycle = assessment.cycle
        raise ApplicationError(
            _(
                "Date: hours of cycle %(year)s are dated within the Jalali year of its assessment "
                "window (%(window_start)s to %(window_end)s), from %(first)s to %(last)s; "
                "%(date)s was given."
            ),
            field="date",
            code="date_outside_cycle",
            params={
                "year": cycle.year,
                "window_start": jalali.format_date(cycle.window_start),
                "window_end": jalali.format_date(cycle.window_end),
                "first": jalali.format_date(first),
                "last": jalali.format_date(last),
                "date": jalali.format_date(date),
            },
        )


@records_actor
@transaction.atomic
def time_entry_create(
    *, actor, assessment: Assessment, assessor: Assessor, date, hours, activity: str, note: str = ""
) -> TimeEntry:
    """Record hours; hours are logged until the results are released, also after finalizing (report
    writing), on a day of the cycle's Jalali year (`time_entries_are_open`, `time_entry_date_range`).

    An assessor logs their own hours; the office may log them on an assessor's behalf.
    """
    ensure_time_entries_open(assessment)
    value = _clean_hours(hours)
    _ensure_date_in_cycle(assessment=assessment, date=date)
    ensure_on_team(assessment=assessment, assessor=assessor)
    entry = TimeEntry(
        assessment=assessment, assessor=assessor, date=date, hours=value, activity=activity, note=note
    )
    access.ensure(actor, "time_entry.add", entry)
    _ensure_day_not_over_full(assessor=assessor, date=date, hours=value)
    entry.full_clean()
    entry.save()
    return entry


@records_actor
@transaction.atomic
def time_entry_update(
    *, actor, entry: TimeEntry, expected_updated_at, date, hours, activity: str, note: str = ""
) -> TimeEntry:
    entry = locked_current(
        entry, expected_updated_at=expected_updated_at, select_related=("assessment__cycle",)
    )
    access.ensure(actor, "time_entry.change", entry)
    ensure_time_entries_open(entry.assessment)
    value = _clean_hours(hours)
    _ensure_date_in_cycle(assessment=entry.assessment, date=date)
    _ensure_day_not_over_full(assessor=entry.assessor, date=date, hours=value, exclude_pk=entry.pk)
    entry.date, entry.hours, entry.activity, entry.note = date, value, activity, note
    entry.full_clean()
    entry.save()
    return entry


@records_actor
@transaction.atomic
def time_entry_delete(*, actor, entry: TimeEntry) -> None:
    access.ensure(actor, "time_entry.change", entry)
    ensure_time_entries_open(entry.assessment)
    entry.delete()


def _ensure_day_not_over_full(*, assessor: Assessor, date, hours: Decimal, exclude_pk=None) -> None:
    entries = TimeEntry.objects.filter(assessor=assessor, date=date)
    if exclude_pk is not None:
        entries = entries.exclude(pk=exclude_pk)
    logged = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(
            _("Hours: %(assessor)s already has %(logged)s hours on this day; a day has at most 24."),
            field="hours",
            code="day_over_24",
            params={"assessor": assessor, "logged": shown_decimal(logged)},
        )
