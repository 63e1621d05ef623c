"""Rating a whole cycle from live consensus scores: one at a time, `cycle_ratings`, and the SQL floor.

The floor is a hand-written SQL aggregate computing the same totals inside the
database: what rating a cycle would cost if nothing but the database worked.
"""

from decimal import Decimal

from django.db import connection, transaction

from assessments.models import (
    Assessment,
    AttributeScore,
    Criterion,
    Cycle,
    RadarAttribute,
    Score,
    SubCriterion,
)
from assessments.selectors.results import assessment_consensus_result, cycle_ratings


class Rollback(Exception):
    pass


def _floor_sql() -> str:
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (AttributeScore, Score, RadarAttribute, Assessment, SubCriterion, Criterion)
    }
    return f"""
        WITH element_scores AS (
            SELECT s.assessment_id, s.sub_criterion_id, ra.element_id, AVG(a.value) AS element_score
            FROM {table[AttributeScore]} a
            JOIN {table[Score]} s ON s.id = a.score_id
            JOIN {table[RadarAttribute]} ra ON ra.id = a.attribute_id
            JOIN {table[Assessment]} x ON x.id = s.assessment_id
            WHERE x.cycle_id = %s AND s.stage = 'consensus'
            GROUP BY s.assessment_id, s.sub_criterion_id, ra.element_id
        ), percentages AS (
            SELECT assessment_id, sub_criterion_id, AVG(element_score) AS percentage
            FROM element_scores
            GROUP BY assessment_id, sub_criterion_id
        )
        SELECT p.assessment_id, ROUND(SUM(c.points * sc.weight * p.percentage / 100), 1)
        FROM percentages p
        JOIN {table[SubCriterion]} sc ON sc.id = p.sub_criterion_id
        JOIN {table[Criterion]} c ON c.id = sc.criterion_id
        GROUP BY p.assessment_id
    """


def sql_floor_totals(*, cycle: Cycle) -> dict[int, Decimal]:
    """Assessment id → total, from the database alone (floating or numeric averages)."""
    with connection.cursor() as cursor:
        cursor.execute(_floor_sql(), [cycle.pk])
        return {assessment_id: Decimal(str(total)) for assessment_id, total in cursor.fetchall()}


def run(*, cycle: Cycle, measure, ratio, repeat):
    """Time the rating of `cycle`, computed live from its consensus scores, and its stored list."""
    cases = []
    try:
        with transaction.atomic():
            # Rate from the scores rather than read the stored results: the costly path.
            Assessment.objects.filter(cycle=cycle).update(status=Assessment.Status.CONSENSUS)

            def one_at_a_time():
                assessments = Assessment.objects.filter(cycle=cycle).select_related("cycle", "organization")
                return [assessment_consensus_result(assessment=assessment) for assessment in assessments]

            def product():
                return cycle_ratings(cycle=cycle)

            def floor():
                return sql_floor_totals(cycle=cycle)

            rows = product()
            totals = floor()
            assert len(one_at_a_time()) == len(rows) == Assessment.objects.filter(cycle=cycle).count()
            # The floor must compute the same totals, or it is no floor (its averages may
            # be floating point, so a total may differ in the last shown decimal).
            assert all(abs(totals[row.assessment_id] - row.total) <= Decimal("0.1") for row in rows)

            base = measure(one_at_a_time, repeat=repeat)
            cases.append({"name": f"rate cycle {cycle.year}: one at a time", "baseline": True, **base})
            batch = measure(product, repeat=repeat)
            cases.append(
                {"name": f"rate cycle {cycle.year}: cycle_ratings", **batch, "speedup": ratio(base, batch)}
            )
            sql = measure(floor, repeat=repeat)
            cases.append(
                {
                    "name": f"rate cycle {cycle.year}: SQL aggregate (floor)",
                    **sql,
                    "speedup": ratio(base, sql),
                    "floor_of": f"rate cycle {cycle.year}: cycle_ratings",
                    "product_vs_floor": ratio(batch, sql),
                }
            )
            raise Rollback
    except Rollback:
        pass

    stored = measure(lambda: cycle_ratings(cycle=cycle), repeat=repeat)
    cases.append({"name": f"list cycle {cycle.year} from stored results", **stored})
    return cases
