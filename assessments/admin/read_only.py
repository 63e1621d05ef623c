"""Which rows of the programme the admin shows read-only, following the programme's states."""


def _follow(obj, path: str):
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part)
    return obj


class ClosedCycleReadOnlyMixin:
    """Everything of a closed cycle is read-only: `cycle_path` leads from a row to its cycle."""

    cycle_path = "cycle"

    def is_read_only(self, obj) -> bool:
        cycle = _follow(obj, self.cycle_path)
        return cycle is not None and cycle.is_closed


class LockedAssessmentReadOnlyMixin:
    """The content of a finalized or released assessment (team, findings, scores) is read-only,
    and so is everything of a closed cycle; reopening the assessment is the way back.

    `assessment_path` leads from a row to its assessment ("" for the assessment itself).
    """

    assessment_path = "assessment"

    def is_read_only(self, obj) -> bool:
        assessment = _follow(obj, self.assessment_path)
        return assessment.is_locked or assessment.cycle.is_closed
