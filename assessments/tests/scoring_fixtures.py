"""Test data for scoring: the shipped framework files as pure structures or database rows, and scores.

The structures come from the framework data files in `assessments/frameworks/`, so the
hand-computed cases check the shipped data as well as the arithmetic.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import assessments
from assessments.models import AttributeScore, Framework, RadarAttribute, Score, SubCriterion
from assessments.scoring import (
    Band,
    CriterionSpec,
    FrameworkStructure,
    RadarElementSpec,
    RadarMatrix,
    SubCriterionSpec,
)
from assessments.services.frameworks import framework_load_from_file
from excellence.roles import COMMAND_LINE

FRAMEWORKS_DIR = Path(assessments.__file__).resolve().parent / "frameworks"
EFQM2013_FILE = FRAMEWORKS_DIR / "efqm2013-ir1393.json"
EFQM2020_FILE = FRAMEWORKS_DIR / "efqm2020.json"
NATIONAL_AWARD_FILE = FRAMEWORKS_DIR / "rating-schemes" / "national-award.json"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def structure_from_file(path: Path) -> FrameworkStructure:
    """The pure scoring structure of a shipped framework file."""
    data = _read(path)
    return FrameworkStructure(
        code=data["code"],
        criteria=tuple(
            CriterionSpec(
                code=criterion["code"],
                points=_decimal(criterion["points"]),
                sub_criteria=tuple(
                    SubCriterionSpec(code=sub["code"], weight=_decimal(sub["weight"]), kind=criterion["kind"])
                    for sub in criterion["sub_criteria"]
                ),
            )
            for criterion in data["criteria"]
        ),
        radar=tuple(
            RadarMatrix(
                kind=kind,
                elements=tuple(
                    RadarElementSpec(
                        code=element["code"],
                        attribute_codes=tuple(attribute["code"] for attribute in element["attributes"]),
                    )
                    for element in elements
                ),
            )
            for kind, elements in data["radar"].items()
        ),
    )


def national_award_bands() -> tuple[Band, ...]:
    """The default rating scheme's bands, from its shipped data file."""
    return tuple(Band(**band) for band in _read(NATIONAL_AWARD_FILE)["bands"])


def uniform_scores(structure: FrameworkStructure, value: int) -> dict[str, dict[str, int]]:
    """Every attribute of every sub-criterion scored `value`."""
    return {
        sub.code: dict.fromkeys(structure.matrix(sub.kind).attribute_codes, value)
        for sub in structure.sub_criteria
    }


# --------------------------------------------------------------------------- database


def framework_from_file(path: Path) -> Framework:
    """A shipped framework file as database rows, through the product's own loader."""
    return framework_load_from_file(actor=COMMAND_LINE, path=path)


def scores_create(*, assessment, scores: dict[str, dict[str, int]], assessor=None, framework=None) -> None:
    """Store attribute scores in bulk: the team's, or `assessor`'s own when given.

    Bulk rows keep large query-count fixtures fast; the rules of a single score are the
    score service's, tested with it.
    """
    framework = framework or assessment.cycle.framework
    subs = {
        sub.code: sub for sub in SubCriterion.objects.filter(framework=framework).select_related("criterion")
    }
    attributes = {
        (attribute.element.kind, attribute.code): attribute
        for attribute in RadarAttribute.objects.filter(element__framework=framework).select_related("element")
    }
    stage = Score.Stage.INDIVIDUAL if assessor else Score.Stage.CONSENSUS
    created = Score.objects.bulk_create(
        Score(assessment=assessment, sub_criterion=subs[code], stage=stage, assessor=assessor)
        for code in scores
    )
    AttributeScore.objects.bulk_create(
        AttributeScore(
            score=score,
            attribute=attributes[(score.sub_criterion.criterion.kind, attribute_code)],
            value=value,
        )
        for score in created
        for attribute_code, value in scores[score.sub_criterion.code].items()
    )
