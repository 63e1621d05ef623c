"""The demo's pure planning: apportioning, teams, scores towards a target, hours — no database."""

import random
from fractions import Fraction

from assessments.demo.plans import (
    EXTERNAL,
    INTERNAL,
    LEADER,
    Candidate,
    SubCriterionPlan,
    TeamPool,
    apportion,
    build_team,
    plan_consensus_scores,
    planned_total,
    seeded_random,
    split_hours,
)


def test_apportion_sums_exactly_and_respects_the_minimum():
    rng = random.Random(7)
    for _ in range(50):
        weights = [rng.uniform(0.1, 5) for _ in range(rng.randint(1, 30))]
        total = rng.randint(len(weights) * 3, 5000)
        parts = apportion(total, weights, minimum=3)
        assert sum(parts) == total and min(parts) >= 3, (total, parts)


def test_a_candidate_may_assess_as_the_conflict_rule_says():
    # an internal assessor never their home organization; nobody a declared conflict
    assert not Candidate(id=1, kind=INTERNAL, home_id=9).may_assess(9)
    assert not Candidate(id=2, kind=EXTERNAL, home_id=None, conflict_ids=frozenset({9})).may_assess(9)
    assert Candidate(id=3, kind=INTERNAL, home_id=8, conflict_ids=frozenset({7})).may_assess(9)


def test_team_builder_never_breaks_the_conflict_rule():
    # given internal assessors homed in organizations 1–4 and an external one in conflict with 2
    internal = TeamPool([Candidate(id=i, kind=INTERNAL, home_id=1 + i % 4) for i in range(12)])
    external = TeamPool(
        [
            Candidate(id=100, kind=EXTERNAL, home_id=None, conflict_ids=frozenset({2})),
            Candidate(id=101, kind=EXTERNAL, home_id=None),
        ]
    )
    for organization_id in (1, 2, 3, 4, 2, 1):
        team = build_team(organization_id=organization_id, size=5, internal=internal, external=external)
        # then nobody on the team is in conflict, nobody is there twice, one leads, one is external
        assert all(candidate.may_assess(organization_id) for candidate, _role in team), team
        assert len({candidate.id for candidate, _role in team}) == 5
        assert sum(1 for _c, role in team if role == LEADER) == 1
        assert sum(1 for c, _role in team if c.kind == EXTERNAL) == 1
        if organization_id == 2:
            assert 100 not in {candidate.id for candidate, _role in team}


def test_consensus_scores_are_steps_of_5_and_land_on_the_target():
    subs = [
        SubCriterionPlan(
            id=index,
            code=f"{index}a",
            criterion_code=str(index),
            kind="enabler" if index < 5 else "result",
            attribute_weights=tuple((index * 10 + a, Fraction(100, 100 * 7)) for a in range(7)),
        )
        for index in range(10)
    ]
    for target in (256, 333, 412, 470):
        values = plan_consensus_scores(random.Random(target), subs, target)
        assert all(v % 5 == 0 and 0 <= v <= 100 for attrs in values.values() for v in attrs.values())
        assert abs(planned_total(subs, values) - target) <= Fraction(3, 2), target


def test_hours_split_into_entries_of_at_most_8_hours_summing_to_the_budget():
    rng = random.Random(3)
    for budget in (1, 12, 27, 95, 160):
        entries = split_hours(rng, budget)
        assert sum(size for _activity, size in entries) == budget
        assert all(0 < size <= 16 for _activity, size in entries), entries


def test_seeded_random_gives_the_same_numbers_for_the_same_parts_only():
    assert seeded_random("cycle", 1401).random() == seeded_random("cycle", 1401).random()
    assert seeded_random("cycle", 1401).random() != seeded_random("cycle", 1400).random()
