"""Timing a case: the median of several runs, and how many queries one run sends."""

import statistics
import time

from django.db import connection


class QueryCounter:
    """Counts the queries sent through a connection while installed with `execute_wrapper`.

    Unlike `connection.queries` (a log capped at 9,000 entries, which then reads as if
    no query had run), it counts any number, and it costs no SQL formatting.
    """

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _timed(function) -> tuple[float, int]:
    """(milliseconds, queries) of one run of `function`."""
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        began = time.perf_counter()
        function()
        elapsed = (time.perf_counter() - began) * 1000
    return elapsed, counter.count


def measure(function, *, repeat):
    """{"median_ms", "queries"} of `function`, run `repeat` times (queries of the last run)."""
    return measure_alternately(function, repeat=repeat)[0]


def measure_alternately(*functions, repeat):
    """`measure` of each of `functions`, their runs interleaved (a, b, a, b, …).

    A product and its floor measured this way meet the same machine: on a shared one whose
    load changes during a run, one measured wholly before the other may meet another load,
    and their ratio would say more about the load than about the product.
    """
    timings = [[] for _ in functions]
    queries = [0 for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            elapsed, queries[index] = _timed(function)
            timings[index].append(elapsed)
    return [
        {"median_ms": round(statistics.median(runs), 2), "queries": count}
        for runs, count in zip(timings, queries, strict=True)
    ]


def ratio(slow, fast):
    """How many times `fast` fits in `slow`, two decimals (None when `fast` took no time)."""
    return round(slow["median_ms"] / fast["median_ms"], 2) if fast["median_ms"] else None
