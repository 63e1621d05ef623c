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


def measure(function, *, repeat):
    """{"median_ms", "queries"} of `function`, run `repeat` times (queries of the last run)."""
    timings = []
    queries = 0
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            began = time.perf_counter()
            function()
            timings.append((time.perf_counter() - began) * 1000)
        queries = counter.count
    return {"median_ms": round(statistics.median(timings), 2), "queries": queries}


def ratio(slow, fast):
    """How many times `fast` fits in `slow`, two decimals (None when `fast` took no time)."""
    return round(slow["median_ms"] / fast["median_ms"], 2) if fast["median_ms"] else None
