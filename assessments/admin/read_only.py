"""Which rows of the programme the admin shows read-only: it asks services/rules.py, as the services do,
and says why in the rule's own words (the message the service would refuse a change with)."""

from ..services.rules import (
    assessment_is_editable,
    assessment_locked_refusal,
    cycle_closed_refusal,
    cycle_is_editable,
    time_entries_are_open,
    time_entries_closed_refusal,
)


def _follow(obj, path: str):
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part)
    return obj


def lock_reason(assessment) -> str | None:
    """Why the content of `assessment` (team, findings, scores) cannot change, or None if it can."""
    if not cycle_is_editable(assessment.cycle):
        return cycle_closed_refusal(assessment.cycle).messages[0]
    if not assessment_is_editable(assessment):
        return assessment_locked_refusal(assessment).messages[0]
    return None


class ClosedCycleReadOnlyMixin:
    """Everything of a closed cycle is read-only: `cycle_path` leads from a row to its cycle."""

    cycle_path = "cycle"

    def is_read_only(self, obj) -> bool:
        cycle = _follow(obj, self.cycle_path)
        return cycle is not None and not cycle_is_editable(cycle)

    def read_only_reason(self, obj) -> str | None:
        cycle = _follow(obj, self.cycle_path)
        if cycle is not None and not cycle_is_editable(cycle):
            return cycle_closed_refusal(cycle).messages[0]
        return super().read_only_reason(obj)


class LockedAssessmentReadOnlyMixin:
    """The content of a finalized or released assessment (team, findings, scores) is read-only,
    and so is everything of a closed cycle; reopening the assessment is the way back.

    `assessment_path` leads from a row to its assessment ("" for the assessment itself).
    """

    assessment_path = "assessment"

    def is_read_only(self, obj) -> bool:
        return not assessment_is_editable(_follow(obj, self.assessment_path))

    def read_only_reason(self, obj) -> str | None:
        return lock_reason(_follow(obj, self.assessment_path)) or super().read_only_reason(obj)


class ClosedHoursReadOnlyMixin:
    """Hours are read-only once their assessment is released or its cycle closed (`time_entries_are_open`)."""

    def is_read_only(self, obj) -> bool:
        return not time_entries_are_open(obj.assessment)

    def read_only_reason(self, obj) -> str | None:
        assessment = obj.assessment
        if not cycle_is_editable(assessment.cycle):
            return cycle_closed_refusal(assessment.cycle).messages[0]
        if not time_entries_are_open(assessment):
            return time_entries_closed_refusal(assessment).messages[0]
        return super().read_only_reason(obj)
