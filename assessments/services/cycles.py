"""Yearly cycles: created in planning, opened for assessment, closed for good."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor
from excellence.roles import ensure_programme_admin
from excellence.updates import locked_current, model_update, save_new

from ..models import Cycle, Framework, RatingScheme
from .rules import ensure_cycle_open

# What a cycle's set-up holds; its status changes only by `cycle_open` and `cycle_close`.
CYCLE_FIELDS = ["framework", "rating_scheme", "window_start", "window_end"]

# The moves a cycle's status may make: planning → assessment → closed, never back.
CYCLE_TRANSITIONS = {
    Cycle.Status.PLANNING: {Cycle.Status.ASSESSMENT},
    Cycle.Status.ASSESSMENT: {Cycle.Status.CLOSED},
    Cycle.Status.CLOSED: set(),
}


def _year_taken(year) -> ApplicationError:
    return ApplicationError(
        _("Year: a cycle for %(year)s already exists."),
        field="year",
        code="cycle_duplicate",
        params={"year": year},
    )


@records_actor
@transaction.atomic
def cycle_create(
    *, actor, year: int, framework: Framework, rating_scheme: RatingScheme, window_start, window_end
) -> Cycle:
    """A new cycle starts in planning; `cycle_open` starts its assessment."""
    ensure_programme_admin(actor)
    if Cycle.objects.filter(year=year).exists():
        raise _year_taken(year)
    cycle = Cycle(
        year=year,
        framework=framework,
        rating_scheme=rating_scheme,
        window_start=window_start,
        window_end=window_end,
        status=Cycle.Status.PLANNING,
    )
    _validate_window(cycle)
    return save_new(cycle, refusal=_year_taken(year))


@records_actor
@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, expected_updated_at, data: dict) -> Cycle:
    """Change a cycle that is not closed; its framework is fixed once anything was assessed."""
    ensure_programme_admin(actor)
    cycle = locked_current(cycle, expected_updated_at=expected_updated_at)
    ensure_cycle_open(cycle)
    framework = data.get("framework", cycle.framework)
    if framework.pk != cycle.framework_id and cycle.assessments.filter(findings__isnull=False).exists():
        raise ApplicationError(
            _("Framework: cycle %(year)s already has findings; its framework can no longer change."),
            field="framework",
            code="framework_fixed",
            params={"year": cycle.year},
        )
    for name in ("window_start", "window_end"):
        if name in data:
            setattr(cycle, name, data[name])
    _validate_window(cycle)
    cycle, _changed = model_update(instance=cycle, fields=CYCLE_FIELDS, data=data)
    return cycle


def _transition(*, actor, cycle: Cycle, to_status: str) -> Cycle:
    ensure_programme_admin(actor)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if to_status not in CYCLE_TRANSITIONS[cycle.status]:
        raise ApplicationError(
            _("Status: a cycle cannot move from “%(current)s” to “%(target)s”."),
            field="status",
            code="invalid_transition",
            params={"current": cycle.get_status_display(), "target": Cycle.Status(to_status).label},
        )
    cycle.status = to_status
    cycle.save(update_fields=["status", "updated_at"])
    return cycle


@records_actor
@transaction.atomic
def cycle_open(*, actor, cycle: Cycle) -> Cycle:
    """Planning is over: the cycle's assessments may start."""
    return _transition(actor=actor, cycle=cycle, to_status=Cycle.Status.ASSESSMENT)


@records_actor
@transaction.atomic
def cycle_close(*, actor, cycle: Cycle) -> Cycle:
    """The cycle is over: nothing in it changes any more."""
    return _transition(actor=actor, cycle=cycle, to_status=Cycle.Status.CLOSED)


CYCLE_TRANSITION_SERVICES = {Cycle.Status.ASSESSMENT: cycle_open, Cycle.Status.CLOSED: cycle_close}


def _validate_window(cycle: Cycle) -> None:
    if cycle.window_start and cycle.window_end and cycle.window_end < cycle.window_start:
        raise ApplicationError(
            _("Assessment window end: the window cannot end before it starts."),
            field="window_end",
            code="window_reversed",
        )
