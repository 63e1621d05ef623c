"""The stored rating of an assessment: written on finalizing, rewritten only by an admin's recompute.

The stored `AssessmentResult` copies the level texts, stars and points of the scheme
used, so that later edits of a scheme do not rewrite what was awarded. Its history
(django-simple-history) keeps every earlier version with the reason and the user.

`criterion_points` is stored as {criterion code: "112.5"}: strings with one decimal,
so that JSON never turns a Decimal into a binary float.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.history import records_actor, stored_user

from .. import access
from ..models import Assessment, AssessmentResult
from ..scoring import ScoringError
from ..selectors.results import assessment_consensus_result
from .rules import ensure_cycle_open

CHANGE_REASON_STORED = "stored"
CHANGE_REASON_RECOMPUTED = "recomputed"


def _result_write(*, actor, assessment: Assessment, change_reason: str) -> AssessmentResult:
    try:
        outcome = assessment_consensus_result(assessment=assessment)
    except ScoringError as error:
        raise ApplicationError(
            _("Scores: %(reason)s"), field="scores", code="scores_invalid", params={"reason": str(error)}
        ) from error
    scoring, rating = outcome.scoring, outcome.rating
    if not scoring.complete:
        raise ApplicationError(
            _("Scores: the assessment cannot be rated while sub-criteria %(codes)s have no consensus score."),
            field="scores",
            code="result_incomplete",
            params={"codes": ", ".join(scoring.missing)},
        )

    result = AssessmentResult.objects.select_for_update().filter(assessment_id=assessment.pk).first()
    if result is None:
        result = AssessmentResult(assessment=assessment)
    next_band = rating.next_band
    result.total = scoring.total
    result.criterion_points = {code: str(points) for code, points in scoring.criterion_points.items()}
    result.scheme_id = assessment.cycle.rating_scheme_id
    result.level_code = rating.level_code
    result.level_fa = rating.level_fa
    result.level_en = rating.level_en
    result.stars = rating.stars
    result.next_level_fa = next_band.level_fa if next_band else ""
    result.next_level_en = next_band.level_en if next_band else ""
    result.points_to_next = rating.points_to_next
    result.computed_at = timezone.now()
    result.computed_by = stored_user(actor)
    result.full_clean()
    # Read by django-simple-history for the historical row.
    result._change_reason = change_reason
    result._history_user = stored_user(actor)
    result.save()
    return result


@records_actor
@transaction.atomic
def assessment_result_store(*, actor, assessment: Assessment) -> AssessmentResult:
    """Compute the consensus result and store it (create or replace); called on finalizing.

    Refused, naming the sub-criteria, while any sub-criterion lacks a consensus score.
    Only `assessment_transition` calls it, once it has checked that `actor` may finalize.
    """
    return _result_write(actor=actor, assessment=assessment, change_reason=CHANGE_REASON_STORED)


@records_actor
@transaction.atomic
def assessment_result_recompute(*, actor, assessment: Assessment) -> AssessmentResult:
    """An admin's explicit recompute of a finalized or released assessment's stored result.

    Uses the current consensus scores and the cycle's current rating scheme; the result
    it replaces stays in the history, marked "recomputed" by `actor`.
    """
    assessment = Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    access.ensure(actor, "result.recompute", assessment)
    ensure_cycle_open(assessment.cycle)
    if not assessment.is_locked:
        raise ApplicationError(
            _(
                "Status: only a finalized or released assessment has a stored result to recompute; "
                "this one is “%(status)s”."
            ),
            field="status",
            code="recompute_not_locked",
            params={"status": assessment.get_status_display()},
        )
    return _result_write(actor=actor, assessment=assessment, change_reason=CHANGE_REASON_RECOMPUTED)
