"""RADAR scores of a sub-criterion, by one assessor or by the team."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError, StaleCopy
from excellence.history import records_actor
from excellence.languages import is_english
from excellence.numbers import shown_digits
from excellence.persian import to_ascii_digits
from excellence.updates import locked_current, save_new

from .. import access
from ..models import Assessment, Assessor, AttributeScore, RadarAttribute, Score, SubCriterion
from ..scoring import is_attribute_score
from .rules import ensure_assessment_editable, ensure_on_team, ensure_sub_criterion_in_framework


def attribute_name(attribute) -> str:
    """A RADAR attribute as the reader's language names it (Sound / مستدل بودن), never a bare code."""
    name = attribute.name_en if is_english() else attribute.name_fa
    return name or attribute.name_fa or attribute.name_en or attribute.code


def _clean_value(*, attribute: RadarAttribute, value) -> int:
    text = to_ascii_digits(str(value)).strip()
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not is_attribute_score(number):
        raise ApplicationError(
            _("%(attribute)s: a score is a whole number from 0 to 100 in steps of 5; %(value)s was given."),
            field="values",
            code="score_out_of_range",
            params={"attribute": attribute_name(attribute), "value": shown_digits(value)},
        )
    return number


SCORE_ACTIONS = {Score.Stage.INDIVIDUAL: "score.set_individual", Score.Stage.CONSENSUS: "score.set_consensus"}


@records_actor
@transaction.atomic
def score_set(
    *,
    actor,
    assessment: Assessment,
    sub_criterion: SubCriterion,
    stage: str,
    values: dict[str, int],
    expected_updated_at,
    assessor: Assessor | None = None,
) -> Score:
    """Enter the attribute scores of one sub-criterion for one scorer (an assessor, or the team).

    `values` maps RADAR attribute codes to 0–100 in steps of 5. Only the attributes of
    the sub-criterion's kind in the assessment's framework are accepted; attributes not
    in `values` keep what they had.

    `expected_updated_at` is the version of the score the editor loaded, or None when
    they saw no score yet: a score entered meanwhile by someone else is never overwritten.
    """
    ensure_assessment_editable(assessment)
    ensure_sub_criterion_in_framework(assessment=assessment, sub_criterion=sub_criterion)
    if stage == Score.Stage.INDIVIDUAL:
        if assessor is None:
            raise ApplicationError(
                _("Assessor: an individual score needs its assessor."),
                field="assessor",
                code="assessor_required",
            )
        ensure_on_team(assessment=assessment, assessor=assessor)
    else:
        assessor = None
    access.ensure(
        actor,
        SCORE_ACTIONS.get(stage, "score.set_consensus"),
        Score(assessment=assessment, sub_criterion=sub_criterion, stage=stage, assessor=assessor),
    )

    attributes = {
        attribute.code: attribute
        for attribute in RadarAttribute.objects.filter(
            element__framework_id=sub_criterion.framework_id, element__kind=sub_criterion.criterion.kind
        )
    }
    unknown = sorted(set(values) - set(attributes))
    if unknown:
        raise ApplicationError(
            _("Values: %(codes)s are not RADAR attributes of sub-criterion %(sub_criterion)s."),
            field="values",
            code="unknown_attribute",
            params={"codes": ", ".join(unknown), "sub_criterion": sub_criterion.code},
        )
    cleaned = {code: _clean_value(attribute=attributes[code], value=value) for code, value in values.items()}

    score = _score_to_change(
        assessment=assessment,
        sub_criterion=sub_criterion,
        stage=stage,
        assessor=assessor,
        expected_updated_at=expected_updated_at,
    )
    existing = {item.attribute_id: item for item in score.attribute_scores.all()}
    for code, value in cleaned.items():
        attribute = attributes[code]
        item = existing.get(attribute.pk)
        if item is None:
            item = AttributeScore(score=score, attribute=attribute, value=value)
            item.full_clean()
            item.save()
        elif item.value != value:
            item.value = value
            item.full_clean()
            item.save(update_fields=["value", "updated_at"])
    score.save(update_fields=["updated_at"])
    return score


def _already_scored(sub_criterion: SubCriterion, stage: str) -> ApplicationError:
    if stage == Score.Stage.CONSENSUS:
        message = _(
            "Sub-criterion: the team already has a consensus score for %(sub_criterion)s. "
            "Open that score to change it."
        )
    else:
        message = _(
            "Sub-criterion: this assessor already has a score for %(sub_criterion)s. "
            "Open that score to change it."
        )
    return ApplicationError(
        message, field="sub_criterion", code="score_exists", params={"sub_criterion": sub_criterion.code}
    )


def _score_to_change(*, assessment, sub_criterion, stage, assessor, expected_updated_at) -> Score:
    """The score row to write: the one the editor loaded, locked, or a new one if they saw none."""
    stored = Score.objects.filter(
        assessment=assessment, sub_criterion=sub_criterion, stage=stage, assessor=assessor
    ).first()
    if stored is not None:
        if expected_updated_at is None:
            raise _already_scored(sub_criterion, stage)
        return locked_current(stored, expected_updated_at=expected_updated_at)
    if expected_updated_at is not None:
        raise StaleCopy(
            _("Someone else removed this score after you opened it. Nothing was saved: reload the page.")
        )
    score = Score(assessment=assessment, sub_criterion=sub_criterion, stage=stage, assessor=assessor)
    return save_new(score, refusal=_already_scored(sub_criterion, stage))
