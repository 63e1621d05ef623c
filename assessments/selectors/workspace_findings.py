"""The findings of one sub-criterion as the workspace page draws them, hundreds at a time.

Two queries whatever their number: the findings the person may see (only the columns the
page shows), and the merge links that touch them, with each merged finding's text and
author's name. Every finding comes back with what its row needs ready:

- `key`: its id as text, for the row's element ids and URLs (an int in a template is
  localized on every use);
- `merged_sources`: for a consensus finding, the individual findings it merges
  (`MergedSource`, in the order they were written);
- `merged_into_ids`: for an individual finding, the consensus findings it went into;
- `evidence_label`: its evidence in the active language (`get_evidence_display`, translated
  once a page rather than once a row);
- `may_change`: what `Permissions.may_change_finding` answers for it;

so that drawing a row reads plain attributes and never a related manager (each `.all()` of
one built a queryset: some 750 a page of 300 findings).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from .. import access
from ..models import Assessment, Finding, SubCriterion

# What a finding's row, its edit form and its stale-copy check read; the rest stays unloaded.
FINDING_COLUMNS = (
    "id",
    "assessment_id",
    "sub_criterion_id",
    "kind",
    "stage",
    "author_id",
    "text",
    "evidence",
    "evidence_note",
    "updated_at",
)


@dataclass(frozen=True)
class MergedSource:
    """An individual finding merged into a consensus one: its text and who wrote it."""

    text: str
    author: str


def person_name(first_name: str, last_name: str, username: str) -> str:
    """An assessor as `Assessor.__str__` shows them: their full name, else their login."""
    return f"{first_name} {last_name}".strip() or username


def sub_criterion_findings(
    *, user, assessment: Assessment, sub_criterion: SubCriterion, permissions, assessor_id: int | None
) -> list[Finding]:
    """The findings of `sub_criterion` in `assessment` that `user` may see, oldest first, rows ready."""
    findings = list(
        access.findings_visible(user)
        .filter(assessment_id=assessment.pk, sub_criterion_id=sub_criterion.pk)
        .only(*FINDING_COLUMNS)
        .order_by("id")
    )
    # The links of these findings, either way (none asked when there are none); the merged
    # findings are named whoever may see them, as the consensus finding that merges them is.
    ids = [finding.pk for finding in findings]
    Link = Finding.merged_from.through
    links = (
        Link.objects.filter(Q(from_finding_id__in=ids) | Q(to_finding_id__in=ids))
        .values_list(
            "from_finding_id",
            "to_finding_id",
            "to_finding__text",
            "to_finding__author__user__first_name",
            "to_finding__author__user__last_name",
            "to_finding__author__user__username",
        )
        .order_by("to_finding_id")
    )
    sources: dict[int, list[MergedSource]] = defaultdict(list)
    merged_into: dict[int, list[int]] = defaultdict(list)
    for consensus_id, individual_id, text, first_name, last_name, username in links:
        author = person_name(first_name, last_name, username)
        sources[consensus_id].append(MergedSource(text=text, author=author))
        merged_into[individual_id].append(consensus_id)
    evidence_labels = {value: str(label) for value, label in Finding.Evidence.choices}
    for finding in findings:
        finding.key = str(finding.pk)
        finding.evidence_label = evidence_labels.get(finding.evidence, finding.evidence)
        finding.merged_sources = sources.get(finding.pk, [])
        finding.merged_into_ids = sorted(merged_into.get(finding.pk, []))
        finding.may_change = permissions.may_change_finding(finding, assessor_id)
    return findings
