"""Hours assessors spend on an assessment (person-hours)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.persian import to_ascii_digits
from excellence.updates import locked_current

from .. import access
from ..models import Assessment, Assessor, TimeEntry
from .rules import ensure_cycle_open, ensure_on_team

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
            params={"hours": hours},
        )
    return value


@records_actor
@transaction.atomic
def time_entry_create(
    *, actor, assessment: Assessment, assessor: Assessor, date, hours, activity: str, note: str = ""
) -> TimeEntry:
    """Record hours; hours can be logged until the cycle closes, also after finalizing (report writing).

    An assessor logs their own hours; the office may log them on an assessor's behalf.
    """
    ensure_cycle_open(assessment.cycle)
    value = _clean_hours(hours)
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
    ensure_cycle_open(entry.assessment.cycle)
    value = _clean_hours(hours)
    _ensure_day_not_over_full(assessor=entry.assessor, date=date, hours=value, exclude_pk=entry.pk)
    entry.date, entry.hours, entry.activity, entry.note = date, value, activity, note
    entry.full_clean()
    entry.save()
    return entry


@records_actor
@transaction.atomic
def time_entry_delete(*, actor, entry: TimeEntry) -> None:
    access.ensure(actor, "time_entry.change", entry)
    ensure_cycle_open(entry.assessment.cycle)
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
            params={"assessor": assessor, "logged": format(logged.normalize(), "f")},
        )
