"""What the findings import reads: the cycle's framework as a `Catalog`, and what a person may import as.

`import_targets` asks the access layer, once per choice, which findings a person may add
to the assessment: an assessor their own individual findings (during the individual
stage), the team leader the consensus findings (during the consensus), the programme
office either, in any stage before the assessment is finalized — the team's consensus
findings or any team member's individual ones. A finalized or released assessment, or
one of a closed cycle, offers nothing (`services.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from excellence.languages import is_english

from .. import access
from ..imports.validation import Catalog, SubCriterionChoice
from ..models import Assessment, Assessor, Assignment, Finding, SubCriterion
from ..services.rules import assessment_is_editable


def _name(obj) -> str:
    return obj.name_en if is_english() and obj.name_en else obj.name_fa


def import_catalog(*, assessment: Assessment) -> Catalog:
    """The assessment's cycle framework in its order, titles in the active language; one query."""
    english = is_english()
    subs = (
        SubCriterion.objects.filter(framework_id=assessment.cycle.framework_id)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code", "order", "code")
    )
    organization = assessment.organization
    return Catalog(
        year=assessment.cycle.year,
        framework=_name(assessment.cycle.framework),
        unit_code=organization.code,
        unit_name=_name(organization),
        sub_criteria=[
            SubCriterionChoice(
                pk=sub.pk,
                code=sub.code,
                code_fa=sub.code_fa,
                criterion_code=sub.criterion.code,
                criterion_title=_name(sub.criterion),
                title=_name(sub),
                shown_code=sub.code if english or not sub.code_fa else sub.code_fa,
            )
            for sub in subs
        ],
    )


@dataclass(frozen=True)
class ImportTarget:
    """The stage (and, for individual findings, the assessor) imported rows are recorded as."""

    stage: str
    author: Assessor | None
    label: str

    @property
    def value(self) -> str:
        """The choice's value on the upload form: `consensus`, or `individual-<assessor id>`."""
        if self.stage == Finding.Stage.CONSENSUS:
            return Finding.Stage.CONSENSUS.value
        return f"{Finding.Stage.INDIVIDUAL.value}-{self.author.pk}"


def _assessor_name(assessor: Assessor) -> str:
    user = assessor.user
    return user.get_full_name() or user.get_username()


def import_targets(*, user, assessment: Assessment) -> list[ImportTarget]:
    """What `user` may import into `assessment` as, in the order the upload form offers it."""
    if not assessment_is_editable(assessment):
        return []
    roles = access.roles_of(user)
    targets = []
    consensus = Finding(assessment=assessment, stage=Finding.Stage.CONSENSUS)
    if access.can(user, "finding.add_consensus", consensus):
        targets.append(ImportTarget(Finding.Stage.CONSENSUS, None, _("The team's consensus findings")))
    if roles.is_admin:
        # The office records any team member's individual findings, on their behalf.
        team = (
            Assignment.objects.filter(assessment=assessment)
            .select_related("assessor__user")
            .order_by("role", "assessor__user__last_name", "assessor__user__first_name", "assessor_id")
        )
        for place in team:
            label = _("Individual findings of %(assessor)s") % {"assessor": _assessor_name(place.assessor)}
            targets.append(ImportTarget(Finding.Stage.INDIVIDUAL, place.assessor, label))
    elif roles.is_assessor:
        own = access.assessors_visible(user).filter(pk=roles.assessor_id).select_related("user").first()
        probe = Finding(assessment=assessment, stage=Finding.Stage.INDIVIDUAL, author=own)
        if own is not None and access.can(user, "finding.add_individual", probe):
            targets.append(ImportTarget(Finding.Stage.INDIVIDUAL, own, _("My individual findings")))
    return targets


def import_target_default(*, targets: list[ImportTarget], assessment: Assessment) -> ImportTarget | None:
    """The choice the form starts on: the only one offered; else the consensus findings once the
    assessment is in consensus; else none (the office picks whose individual findings they are)."""
    if len(targets) == 1:
        return targets[0]
    if assessment.status not in access.INDEPENDENT_STATUSES:
        return next((target for target in targets if target.stage == Finding.Stage.CONSENSUS), None)
    return None
