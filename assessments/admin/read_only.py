"""Which rows of the programme the admin shows read-only: it asks services/rules.py, as the services do."""

from ..services.rules import assessment_is_editable, cycle_is_editable


def _follow(obj, path: str):
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part)
    return obj


class ClosedCycleReadOnlyMixin:
    """Everything of a closed cycle is read-only: `cycle_path` leads from a row to its cycle."""

    cycle_path = "cycle"

    def is_read_only(self, obj) -> bool:
        cycle = _follow(obj, self.cycle_path)
        return cycle is not None and not cycle_is_editable(cycle)


class LockedAssessmentReadOnlyMixin:
    """The content of a finalized or released assessment (team, findings, scores) is read-only,
    and so is everything of a closed cycle; reopening the assessment is the way back.

    `assessment_path` leads from a row to its assessment ("" for the assessment itself).
    """

    assessment_path = "assessment"

    def is_read_only(self, obj) -> bool:
        return not assessment_is_editable(_follow(obj, self.assessment_path))
