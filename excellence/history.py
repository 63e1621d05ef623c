"""Who made a change: every write service records its `actor` in the change history.

django-simple-history reads the user of a historical row from the request its middleware
saw; a management command, the demo or a test has no request, so the history said "none".
A service decorated with `@records_actor` makes its `actor` the history user of every row
it writes, whoever called it; each model's `HistoricalRecords(get_user=history_user)`
reads it from here.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AbstractBaseUser

_acting = ContextVar("excellence_history_actor", default=None)


@contextmanager
def acting_as(actor):
    """Rows written inside this block are recorded as changed by `actor`."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def records_actor(service):
    """Decorate a write service: its keyword `actor` is recorded as the history user of its rows."""

    @functools.wraps(service)
    def wrapper(*args, actor, **kwargs):
        with acting_as(actor):
            return service(*args, actor=actor, **kwargs)

    return wrapper


def stored_user(actor):
    """The user to name on a row for `actor`: a stored user, or nobody (the command line)."""
    return actor if isinstance(actor, AbstractBaseUser) and actor.pk is not None else None


def history_user(instance=None, request=None, **kwargs):
    """simple-history's `get_user`: the acting service's actor, else the request's signed-in user.

    The command line (or any actor that is not a stored user) is recorded as nobody.
    """
    actor = _acting.get()
    if actor is not None:
        return stored_user(actor)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
