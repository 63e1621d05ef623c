"""Pure planning for the demo: teams, hour budgets, scores and counts — no database.

Every function takes a seeded `random.Random` (or none) and plain values, so the same
inputs always give the same plan, and the rules (team composition, exact totals, steps
of 5) can be tested without building anything.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..scoring import SCORE_MAX, SCORE_MIN, SCORE_STEP
from ..services.rules import conflict_of_interest

SEED = 1401

INTERNAL = "internal"
EXTERNAL = "external"
LEADER = "leader"
MEMBER = "member"


def seeded_random(*parts) -> random.Random:
    """A generator seeded with 1401 and `parts`: the same parts always give the same numbers."""
    return random.Random(":".join(str(part) for part in (SEED, *parts)))


# --------------------------------------------------------------------------- apportioning


def apportion(total: int, weights: Sequence[float], *, minimum: int = 0) -> list[int]:
    """Split `total` into whole parts proportional to `weights` (largest remainder), each >= minimum.

    The parts always sum to exactly `total`; ties go to the earlier index.
    """
    count = len(weights)
    if count == 0:
        if total:
            raise ValueError("Cannot apportion a non-zero total over no weights.")
        return []
    if minimum * count > total:
        raise ValueError(f"Cannot give {count} parts at least {minimum} out of {total}.")
    rest = total - minimum * count
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights = [1.0] * count
        weight_sum = float(count)
    exact = [rest * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    remainders = sorted(range(count), key=lambda index: (-(exact[index] - parts[index]), index))
    for index in remainders[: rest - sum(parts)]:
        parts[index] += 1
    return [part + minimum for part in parts]


# --------------------------------------------------------------------------- teams


@dataclass(frozen=True)
class Candidate:
    """An assessor as the team builder sees them: who they are and whom they may not assess."""

    id: int
    kind: str
    home_id: int | None
    conflict_ids: frozenset[int] = frozenset()

    def may_assess(self, organization_id: int) -> bool:
        """What the team service will ask: the one conflict-of-interest rule, `services.rules`."""
        return (
            conflict_of_interest(
                is_internal=self.kind == INTERNAL,
                home_organization_id=self.home_id,
                organization_id=organization_id,
                declared_organization_ids=self.conflict_ids,
            )
            is None
        )


class TeamPool:
    """A rotating queue of candidates: whoever has waited longest and may assess is taken next.

    A candidate passed over because of a conflict stays at the front, so every candidate
    is taken once before anyone is taken twice, as far as the conflicts allow.
    """

    def __init__(self, candidates: Sequence[Candidate]):
        self._queue = deque(candidates)

    def take(self, organization_id: int, exclude: set[int]) -> Candidate:
        for position, candidate in enumerate(self._queue):
            if candidate.id not in exclude and candidate.may_assess(organization_id):
                del self._queue[position]
                self._queue.append(candidate)
                return candidate
        raise ValueError(f"No assessor may join the team of organization {organization_id}.")


def build_team(
    *, organization_id: int, size: int, internal: TeamPool, external: TeamPool | None
) -> list[tuple[Candidate, str]]:
    """One leader (internal) and `size - 1` members, one of them external when `external` is given."""
    chosen: set[int] = set()
    team: list[tuple[Candidate, str]] = []

    def add(candidate: Candidate, role: str) -> None:
        chosen.add(candidate.id)
        team.append((candidate, role))

    add(internal.take(organization_id, chosen), LEADER)
    if external is not None and size > 1:
        add(external.take(organization_id, chosen), MEMBER)
    while len(team) < size:
        add(internal.take(organization_id, chosen), MEMBER)
    return team


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class SubCriterionPlan:
    """A sub-criterion with, per attribute id, how many total points one attribute point is worth.

    The weights are `scoring.attribute_weights`, the scoring formula's own (`reference.py`).
    """

    id: int
    code: str
    criterion_code: str
    kind: str
    attribute_weights: tuple[tuple[int, Fraction], ...]


def step5(value: float) -> int:
    """The nearest allowed attribute score (0–100 in steps of 5)."""
    return max(SCORE_MIN, min(SCORE_MAX, int(round(value / SCORE_STEP)) * SCORE_STEP))


def planned_total(subs: Sequence[SubCriterionPlan], values: dict[int, dict[int, int]]) -> Fraction:
    """The exact total (of 1000) these attribute values give: Σ weight × value, with the plan's weights."""
    return sum(
        (
            weight * values[sub.id][attribute_id]
            for sub in subs
            for attribute_id, weight in sub.attribute_weights
        ),
        Fraction(0),
    )


def plan_consensus_scores(
    rng: random.Random, subs: Sequence[SubCriterionPlan], target: int, *, tolerance: Fraction = Fraction(3, 2)
) -> dict[int, dict[int, int]]:
    """Attribute values (steps of 5) varied around target/10, their total within `tolerance` of target."""
    level = target / 10
    values: dict[int, dict[int, int]] = {}
    for sub in subs:
        # Results usually trail enablers a little in young programmes.
        sub_level = level + rng.randint(-12, 12) + (-3 if sub.kind == "result" else 2)
        values[sub.id] = {
            attribute_id: step5(sub_level + rng.randint(-8, 8)) for attribute_id, _w in sub.attribute_weights
        }
    cells = [(sub.id, attribute_id, weight) for sub in subs for attribute_id, weight in sub.attribute_weights]
    total = planned_total(subs, values)
    while abs(total - target) > tolerance:
        direction = 1 if total < target else -1
        sub_id, attribute_id, weight = rng.choice(cells)
        value = values[sub_id][attribute_id] + 5 * direction
        if 0 <= value <= 100:
            values[sub_id][attribute_id] = value
            total += weight * 5 * direction
    return values


def plan_individual_scores(
    rng: random.Random,
    consensus: dict[int, dict[int, int]],
    member_count: int,
    *,
    contested: int = 2,
) -> list[dict[int, dict[int, int]]]:
    """Each team member's own scores: close to the consensus, apart by 25+ on a few sub-criteria.

    On `contested` sub-criteria one member scores 20 above and another 20 below, which
    the spread check flags; elsewhere members differ by at most 10 per attribute.
    """
    sub_ids = list(consensus)
    middling = [sub_id for sub_id in sub_ids if 25 <= _mean(consensus[sub_id]) <= 75]
    disputed = set(rng.sample(middling, min(contested, len(middling)))) if member_count > 1 else set()
    high, low = rng.sample(range(member_count), 2) if member_count > 1 else (0, 0)
    plans = []
    for member in range(member_count):
        own = {}
        for sub_id in sub_ids:
            if sub_id in disputed and member in (high, low):
                bias, noise = (20 if member == high else -20), (-5, 0, 5)
            else:
                bias, noise = 0, (-10, -5, 0, 0, 0, 5, 10)
            own[sub_id] = {
                attribute_id: step5(value + bias + rng.choice(noise))
                for attribute_id, value in consensus[sub_id].items()
            }
        plans.append(own)
    return plans


def _mean(values: dict[int, int]) -> float:
    return sum(values.values()) / len(values) if values else 0.0


def sub_percentages(values: dict[int, dict[int, int]]) -> dict[int, float]:
    """A rough percentage per sub-criterion (mean of its attributes), to weight findings by."""
    return {sub_id: _mean(attributes) for sub_id, attributes in values.items()}


# --------------------------------------------------------------------------- hours


def split_hours(rng: random.Random, half_hours: int) -> list[tuple[str, int]]:
    """Split an assignment's budget (in half hours) into (activity, half hours) entries of at most 8 h.

    A site-visit day first, then a consensus meeting, then document review and report
    writing in turns; the entries sum to exactly `half_hours`.
    """
    entries: list[tuple[str, int]] = []
    remaining = half_hours
    for activity, sizes in (("site_visit", (12, 14, 16)), ("consensus_meeting", (6, 8))):
        if remaining <= 0:
            break
        size = min(remaining, rng.choice(sizes))
        entries.append((activity, size))
        remaining -= size
    turn = 0
    while remaining > 0:
        size = min(remaining, rng.choice((3, 4, 5, 6, 8, 10)))
        activity = ("document_review", "report_writing", "document_review", "other")[turn % 4]
        if activity == "other" and rng.random() < 0.7:
            activity = "report_writing"
        entries.append((activity, size))
        remaining -= size
        turn += 1
    return entries
