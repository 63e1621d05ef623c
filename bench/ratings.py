"""Rating a whole cycle: the batch selector against the one-assessment-at-a-time baseline."""

import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Cycle
from assessments.selectors.results import assessment_consensus_result, cycle_ratings


class Rollback(Exception):
    pass


def _measure(function, *, repeat):
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            function()
            timings.append((time.perf_counter() - began) * 1000)
        queries = len(captured.captured_queries)
    return {"median_ms": round(statistics.median(timings), 2), "queries": queries}


def run(*, repeat):
    """Time the rating of the largest cycle, computed live from consensus scores."""
    cycle = Cycle.objects.order_by("-year").first()
    cases = []
    try:
        with transaction.atomic():
            # Rate from the scores rather than read the stored results: the costly path.
            Assessment.objects.filter(cycle=cycle).update(status=Assessment.Status.CONSENSUS)

            def baseline():
                assessments = Assessment.objects.filter(cycle=cycle).select_related("cycle", "organization")
                return [assessment_consensus_result(assessment=assessment) for assessment in assessments]

            def product():
                return cycle_ratings(cycle=cycle)

            assert len(baseline()) == len(product()) == Assessment.objects.filter(cycle=cycle).count()
            base = _measure(baseline, repeat=repeat)
            cases.append({"name": f"rate cycle {cycle.year}: one at a time", "baseline": True, **base})
            batch = _measure(product, repeat=repeat)
            cases.append(
                {
                    "name": f"rate cycle {cycle.year}: cycle_ratings",
                    **batch,
                    "speedup": round(base["median_ms"] / batch["median_ms"], 2),
                }
            )
            raise Rollback
    except Rollback:
        pass

    stored = _measure(lambda: cycle_ratings(cycle=cycle), repeat=repeat)
    cases.append({"name": f"list cycle {cycle.year} from stored results", **stored})
    return cases
