"""A 100-row page of a cycle's findings: the old relation-following order against the model's own."""

from assessments.models import Cycle, Finding

PAGE_SIZE = 100

# What `Finding.Meta.ordering` used to be, ["assessment", "sub_criterion", "kind", "id"],
# spelled out: ordering by a relation follows the related model's own ordering, so it
# joined assessment, cycle, organization, sub-criterion, framework and criterion.
RELATION_FOLLOWING_ORDER = (
    "-assessment__cycle__year",
    "assessment__organization__kind",
    "assessment__organization__code",
    "sub_criterion__framework__code",
    "sub_criterion__criterion__order",
    "sub_criterion__order",
    "sub_criterion__code",
    "kind",
    "id",
)


def run(*, cycle: Cycle, measure, ratio, repeat):
    findings = Finding.objects.filter(assessment__cycle=cycle)

    def old_order():
        return list(findings.order_by(*RELATION_FOLLOWING_ORDER)[:PAGE_SIZE])

    def own_order():
        return list(findings[:PAGE_SIZE])

    assert len(old_order()) == len(own_order())
    before = measure(old_order, repeat=repeat)
    after = measure(own_order, repeat=repeat)
    return [
        {"name": f"findings page {cycle.year}: old relation order", "baseline": True, **before},
        {"name": f"findings page {cycle.year}: own-column order", **after, "speedup": ratio(before, after)},
    ]
