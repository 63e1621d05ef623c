"""What the declarations page lists: the cycles, and the units of a cycle a person may export."""

from __future__ import annotations

from django.db.models import QuerySet

from .. import access
from ..models import Assessment, Cycle
from .results import UNIT_ORDER


def declaration_cycles(*, user) -> QuerySet[Cycle]:
    """The cycles to choose from, latest first."""
    access.ensure(user, "declaration.export")
    return access.cycles_visible(user).order_by("-year")


def declaration_units(*, user, cycle: Cycle) -> QuerySet[Assessment]:
    """The cycle's assessments whose declaration `user` may export, in the workbooks' order."""
    access.ensure(user, "declaration.export")
    return (
        access.assessments_exportable(user)
        .filter(cycle_id=cycle.pk)
        .select_related("organization")
        .order_by(*UNIT_ORDER)
    )
