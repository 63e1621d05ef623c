"""Yearly cycles: created in planning, opened for assessment, closed for good."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.updates import model_update

from ..models import Cycle, Framework, RatingScheme
from .rules import ensure_cycle_open

CYCLE_FIELDS = ["framework", "rating_scheme", "window_start", "window_end", "status"]


@transaction.atomic
def cycle_create(
    *,
    year: int,
    framework: Framework,
    rating_scheme: RatingScheme,
    window_start,
    window_end,
    status: str = Cycle.Status.PLANNING,
) -> Cycle:
    if Cycle.objects.filter(year=year).exists():
        raise ApplicationError(
            _("Year: a cycle for %(year)s already exists."), field="year", params={"year": year}
        )
    cycle = Cycle(
        year=year,
        framework=framework,
        rating_scheme=rating_scheme,
        window_start=window_start,
        window_end=window_end,
        status=status,
    )
    _validate_window(cycle)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_update(*, cycle: Cycle, data: dict) -> Cycle:
    """Change a cycle that is not closed; its framework is fixed once anything was assessed."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    ensure_cycle_open(cycle)
    framework = data.get("framework", cycle.framework)
    if framework.pk != cycle.framework_id and cycle.assessments.filter(findings__isnull=False).exists():
        raise ApplicationError(
            _("Framework: cycle %(year)s already has findings; its framework can no longer change."),
            field="framework",
            params={"year": cycle.year},
        )
    for name in ("window_start", "window_end"):
        if name in data:
            setattr(cycle, name, data[name])
    _validate_window(cycle)
    cycle, _changed = model_update(instance=cycle, fields=CYCLE_FIELDS, data=data)
    return cycle


def _validate_window(cycle: Cycle) -> None:
    if cycle.window_start and cycle.window_end and cycle.window_end < cycle.window_start:
        raise ApplicationError(
            _("Assessment window end: the window cannot end before it starts."),
            field="window_end",
            code="window_reversed",
        )
