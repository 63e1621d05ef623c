"""Filters of the excellence models."""

from ..models import Framework
from .base import ProgrammeFilterSet


class FrameworkFilterSet(ProgrammeFilterSet):
    search_fields = ("code", "name_fa", "name_en")

    class Meta:
        model = Framework
        fields = ["q"]
