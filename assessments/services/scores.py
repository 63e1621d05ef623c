"""RADAR scores of a sub-criterion, by one assessor or by the team."""

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.persian import to_ascii_digits

from ..models import Assessment, Assessor, AttributeScore, RadarAttribute, Score, SubCriterion
from ..scoring import is_attribute_score
from .rules import ensure_assessment_editable, ensure_on_team, ensure_sub_criterion_in_framework


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
            params={"attribute": attribute.name_en or attribute.code, "value": value},
        )
    return number


@transaction.atomic
def score_set(
    *,
    assessment: Assessment,
    sub_criterion: SubCriterion,
    stage: str,
    values: dict[str, int],
    assessor: Assessor | None = None,
) -> Score:
    """Create or replace the attribute scores of one sub-criterion for one scorer.

    `values` maps RADAR attribute codes to 0–100 in steps of 5. Only the attributes of
    the sub-criterion's kind in the assessment's framework are accepted.
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

    score, _created = Score.objects.get_or_create(
        assessment=assessment, sub_criterion=sub_criterion, stage=stage, assessor=assessor
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
