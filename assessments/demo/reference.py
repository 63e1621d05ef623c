"""The demo's reference data: the shipped frameworks, the default scheme, and the framework's plan.

Loading is `services.programme.programme_reference_data_ensure`, the very service
`setup_programme` calls; what one attribute point is worth comes from
`scoring.attribute_weights`, the scoring service's own formula.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from excellence.roles import COMMAND_LINE

from ..models import Framework, RadarAttribute, RatingScheme
from ..scoring import attribute_weights
from ..selectors.results import framework_structure_load
from ..services.programme import programme_reference_data_ensure
from .plans import SubCriterionPlan
from .report import Say, SeedReport

DEMO_FRAMEWORK_CODE = "EFQM2013-IR1393"


def reference_data_ensure(*, report: SeedReport, say: Say | None = None) -> tuple[Framework, RatingScheme]:
    """The shipped frameworks and the default rating scheme, as `setup_programme` makes them."""
    reference = programme_reference_data_ensure(actor=COMMAND_LINE)
    if reference.created_codes:
        report.created["frameworks"] += len(reference.created_codes)
        report.add(_("Frameworks loaded: %(codes)s.") % {"codes": ", ".join(reference.created_codes)}, say)
    else:
        report.add(_("Frameworks: already loaded."), say)
    return reference.framework(DEMO_FRAMEWORK_CODE), reference.scheme


@dataclass(frozen=True)
class FrameworkPlan:
    framework: Framework
    subs: tuple[SubCriterionPlan, ...]


def framework_plan_load(framework: Framework) -> FrameworkPlan:
    """The framework's sub-criteria, in framework order, with what each attribute point adds to the total."""
    loaded = framework_structure_load(framework_id=framework.pk)
    structure = loaded.structure
    weights = attribute_weights(structure)
    sub_ids = {code: pk for pk, code in loaded.sub_criterion_codes.items()}
    # Attribute codes are unique within a kind of sub-criterion, not across kinds.
    attribute_ids = {
        (kind, code): pk
        for pk, code, kind in RadarAttribute.objects.filter(element__framework=framework).values_list(
            "pk", "code", "element__kind"
        )
    }
    criterion_codes = {
        sub.code: criterion.code for criterion in structure.criteria for sub in criterion.sub_criteria
    }
    subs = tuple(
        SubCriterionPlan(
            id=sub_ids[sub.code],
            code=sub.code,
            criterion_code=criterion_codes[sub.code],
            kind=sub.kind,
            attribute_weights=tuple(
                (attribute_ids[(sub.kind, code)], weight) for code, weight in weights[sub.code].items()
            ),
        )
        for sub in structure.sub_criteria
    )
    return FrameworkPlan(framework=framework, subs=subs)
