"""The programme's declaration workbook of a whole cycle, beside bare openpyxl writing the same rows.

The product (`declaration_programme_write`) reads every sheet's rows from the database,
streamed, and writes them with styles, wrapping, formula-safe text, translated labels and
the scores computed from the RADAR attribute scores.

The floor is what any export of these rows costs at least: **one plain query per sheet**,
returning that sheet's rows (the same number, in the same order, the unit, criterion and
finding columns as they are stored, the score percentages computed by the database), read
through a chunked cursor (`.iterator(chunk_size=rows.CHUNK_SIZE)`: a server-side cursor on
PostgreSQL, `fetchmany` on SQLite) and handed to openpyxl's write-only `append` as they
come: no styles, no labels, no lookups, no Python per row but the append.

Why the floor streams from the database rather than writing rows already in memory (as it
once did): the product has to read its rows, and cannot hold them — the whole point of
streaming — so a floor given its 580,000 rows up front, and measured only "beyond" them,
compared the product's reading with nothing (its peak was openpyxl's buffers alone, about
half a MiB) and its memory with a figure no exporter of a database can reach. The floor
now does the same job, the least way: reading the rows from the database, a chunk at a
time, and writing them.

Rows per second come from runs of the two in turn (the median of `repeat` each); peak memory from one
more run of each under tracemalloc (the Python heap the run allocates beyond what it
started with). Both write to a file on disk.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import translation
from openpyxl import Workbook

from assessments.exports import rows
from assessments.exports.columns import DETAIL_SHEETS, PROFILE, SUMMARY_TITLE
from assessments.exports.declarations import declaration_programme_write
from assessments.models import (
    Assessment,
    AttributeScore,
    Criterion,
    Cycle,
    Finding,
    ImprovementProject,
    RadarAttribute,
    Score,
    SubCriterion,
    TimeEntry,
)
from assessments.selectors.results import UNIT_ORDER
from excellence.roles import COMMAND_LINE
from organizations.models import Organization

LANGUAGE = "fa"
CHUNK = rows.CHUNK_SIZE


def _unit_order(prefix: str) -> list[str]:
    return [f"{prefix}{field}" for field in UNIT_ORDER]


def _summary(cycle: Cycle) -> Iterator[tuple]:
    return (
        Assessment.objects.filter(cycle_id=cycle.pk)
        .order_by(*UNIT_ORDER)
        .values_list(
            "organization__code",
            "organization__name_fa",
            "organization__kind",
            "cycle__year",
            "status",
            "cycle__window_start",
            "cycle__window_end",
            "result__total",
            "result__level_fa",
            "result__stars",
        )
        .iterator(chunk_size=CHUNK)
    )


def _scores(cycle: Cycle) -> Iterator[tuple]:
    """Per unit a row per criterion, per sub-criterion (its consensus percentage as DESIGN §3 has
    it, the mean of its RADAR elements' means, computed by the database) and the total: one
    UNION ALL query in the units' and the framework's order."""
    tables = {
        "assessment": Assessment._meta.db_table,
        "organization": Organization._meta.db_table,
        "criterion": Criterion._meta.db_table,
        "sub": SubCriterion._meta.db_table,
        "score": Score._meta.db_table,
        "attribute": AttributeScore._meta.db_table,
        "radar": RadarAttribute._meta.db_table,
        "result": Assessment._meta.get_field("result").related_model._meta.db_table,
    }
    sql = """
        SELECT o.kind, o.code, o.name_fa, 0 AS part, c."order" AS c_order, c.code AS c_code,
               0 AS s_order, '' AS s_code, c.name_fa AS title, c.points AS points, NULL AS value
          FROM {assessment} a JOIN {organization} o ON o.id = a.organization_id
          JOIN {criterion} c ON c.framework_id = %(framework)s
         WHERE a.cycle_id = %(cycle)s
        UNION ALL
        SELECT o.kind, o.code, o.name_fa, 0, c."order", c.code, s."order", s.code, s.name_fa, s.weight,
               p.value
          FROM {assessment} a JOIN {organization} o ON o.id = a.organization_id
          JOIN {sub} s ON s.framework_id = %(framework)s
          JOIN {criterion} c ON c.id = s.criterion_id
          LEFT JOIN (SELECT e.assessment_id, e.sub_criterion_id, AVG(e.value) AS value
                       FROM (SELECT sc.assessment_id, sc.sub_criterion_id, ra.element_id,
                                    AVG(v.value) AS value
                               FROM {score} sc JOIN {attribute} v ON v.score_id = sc.id
                               JOIN {radar} ra ON ra.id = v.attribute_id
                              WHERE sc.stage = %(consensus)s
                              GROUP BY sc.assessment_id, sc.sub_criterion_id, ra.element_id) e
                      GROUP BY e.assessment_id, e.sub_criterion_id) p
            ON p.assessment_id = a.id AND p.sub_criterion_id = s.id
         WHERE a.cycle_id = %(cycle)s
        UNION ALL
        SELECT o.kind, o.code, o.name_fa, 1, 0, '', 0, '', '', NULL, r.total
          FROM {assessment} a JOIN {organization} o ON o.id = a.organization_id
          LEFT JOIN {result} r ON r.assessment_id = a.id
         WHERE a.cycle_id = %(cycle)s
        ORDER BY 1, 2, 4, 5, 6, 7, 8
    """.format(**tables)
    with connection.chunked_cursor() as cursor:
        parameters = {"framework": cycle.framework_id, "cycle": cycle.pk, "consensus": Score.Stage.CONSENSUS}
        cursor.execute(sql, parameters)
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk


def _findings(cycle: Cycle, kind: str) -> Iterator[tuple]:
    return (
        Finding.objects.filter(assessment__cycle_id=cycle.pk, stage=Finding.Stage.CONSENSUS, kind=kind)
        .order_by(
            *_unit_order("assessment__"),
            "sub_criterion__criterion__order",
            "sub_criterion__criterion__code",
            "sub_criterion__order",
            "sub_criterion__code",
            "pk",
        )
        .values_list(
            "assessment__organization__code",
            "assessment__organization__name_fa",
            "pk",
            "sub_criterion__criterion__code",
            "sub_criterion__criterion__name_fa",
            "sub_criterion__code",
            "sub_criterion__name_fa",
            "text",
        )
        .iterator(chunk_size=CHUNK)
    )


def _projects(cycle: Cycle) -> Iterator[tuple]:
    return (
        ImprovementProject.objects.filter(cycle_id=cycle.pk, organization__assessments__cycle_id=cycle.pk)
        .annotate(links=Count("improvement_points"))
        .order_by(*UNIT_ORDER, "pk")
        .values_list(
            "organization__code",
            "organization__name_fa",
            "pk",
            "title",
            "category",
            "status",
            "progress",
            "owner__last_name",
            "start_date",
            "due_date",
            "links",
            "description",
        )
        .iterator(chunk_size=CHUNK)
    )


def _hours(cycle: Cycle) -> Iterator[tuple]:
    by_activity = {
        activity: Sum("hours", filter=Q(activity=activity)) for activity in TimeEntry.Activity.values
    }
    return (
        TimeEntry.objects.filter(assessment__cycle_id=cycle.pk)
        .values_list(
            *_unit_order("assessment__"),
            "assessment__organization__name_fa",
            "assessment_id",
            "assessor_id",
            "assessor__kind",
            "assessor__user__last_name",
        )
        .annotate(total=Sum("hours"), first=Min("date"), last=Max("date"), **by_activity)
        .order_by(*_unit_order("assessment__"), "assessment_id", "assessor__user__last_name", "assessor_id")
        .iterator(chunk_size=CHUNK)
    )


def floor_sheets(cycle: Cycle) -> list[tuple[str, tuple[str, ...], Iterator[tuple]]]:
    """Every sheet of the programme workbook as (title, headers, its rows streamed from one query)."""
    headers = {
        sheet.key: tuple(str(column.header) for column in sheet.columns_for(programme=True))
        for sheet in (PROFILE, *DETAIL_SHEETS)
    }
    finding_kinds = {
        "strengths": Finding.Kind.STRENGTH,
        "improvements": Finding.Kind.IMPROVEMENT,
        "best_practices": Finding.Kind.BEST_PRACTICE,
    }
    sources = {"scores": _scores, "projects": _projects, "hours": _hours}
    sheets = [(str(SUMMARY_TITLE), headers[PROFILE.key], _summary(cycle))]
    for sheet in DETAIL_SHEETS:
        if sheet.key in finding_kinds:
            source = _findings(cycle, finding_kinds[sheet.key])
        else:
            source = sources[sheet.key](cycle)
        sheets.append((str(sheet.title), headers[sheet.key], source))
    return sheets


def floor_write(cycle: Cycle, path: Path) -> int:
    """Bare openpyxl write-only: a sheet per subject, its header, its rows as the query gives them."""
    workbook = Workbook(write_only=True)
    written = 0
    for title, headers, values in floor_sheets(cycle):
        sheet = workbook.create_sheet(title=title)
        sheet.append(headers)
        for row in values:
            sheet.append(row)
            written += 1
    workbook.save(path)
    return written


def product_write(cycle: Cycle, path: Path) -> int:
    return declaration_programme_write(user=COMMAND_LINE, cycle=cycle, output=path).total_rows


def _timed_in_turn(first, second, *, repeat: int) -> tuple[tuple[float, int], tuple[float, int]]:
    """The median seconds and the result of each of two functions, run in turn (first, second,
    first, …) so that a machine busy with other work slows both alike."""
    timings: tuple[list[float], list[float]] = ([], [])
    results = [0, 0]
    for _ in range(repeat):
        for index, function in enumerate((first, second)):
            began = time.perf_counter()
            results[index] = function()
            timings[index].append(time.perf_counter() - began)
    return (
        (statistics.median(timings[0]), results[0]),
        (statistics.median(timings[1]), results[1]),
    )


def _peak_bytes(function) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _peak = tracemalloc.get_traced_memory()
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def run(*, cycle: Cycle, repeat: int) -> dict:
    """Measure both; returns the case's figures (rows, rows/s, peak MiB, ratios)."""
    repeat = max(1, min(repeat, 3))  # a national workbook takes minutes; three runs are enough
    with translation.override(LANGUAGE), tempfile.TemporaryDirectory() as folder:
        product_path, floor_path = Path(folder) / "product.xlsx", Path(folder) / "floor.xlsx"
        (product_seconds, product_rows), (floor_seconds, floor_rows) = _timed_in_turn(
            lambda: product_write(cycle, product_path), lambda: floor_write(cycle, floor_path), repeat=repeat
        )
        product_peak = _peak_bytes(lambda: product_write(cycle, product_path))
        floor_peak = _peak_bytes(lambda: floor_write(cycle, floor_path))
        assert product_rows == floor_rows, (product_rows, floor_rows)
        file_mib = product_path.stat().st_size / 2**20

    product_rate = product_rows / product_seconds
    floor_rate = floor_rows / floor_seconds
    return {
        "name": f"programme declaration workbook {cycle.year}",
        "rows": product_rows,
        "repeat": repeat,
        "file_mib": round(file_mib, 1),
        "product": {
            "seconds": round(product_seconds, 2),
            "rows_per_second": round(product_rate),
            "peak_mib": round(product_peak / 2**20, 1),
        },
        "floor": {
            "seconds": round(floor_seconds, 2),
            "rows_per_second": round(floor_rate),
            "peak_mib": round(floor_peak / 2**20, 1),
        },
        "speed_vs_floor": round(product_rate / floor_rate, 2),
        "memory_vs_floor": round(product_peak / floor_peak, 2) if floor_peak else None,
        "aim": "speed_vs_floor >= 0.8, memory_vs_floor <= 2",
    }


def print_case(case: dict) -> None:
    product, floor = case["product"], case["floor"]
    print(f"\n{case['name']}: {case['rows']:,} rows, {case['file_mib']} MiB (median of {case['repeat']})")
    print(f"{'':<30} {'seconds':>9} {'rows/s':>9} {'peak MiB':>9}")
    shown = (("product (database + writer)", product), ("floor (query + bare openpyxl)", floor))
    for label, figures in shown:
        seconds, rate, peak = figures["seconds"], figures["rows_per_second"], figures["peak_mib"]
        print(f"{label:<30} {seconds:>9.2f} {rate:>9,} {peak:>9.1f}")
    print(
        f"product / floor: {case['speed_vs_floor']:.2f}x the rows per second, "
        f"{case['memory_vs_floor']}x the peak memory (aim: >= 0.8x, <= 2x)"
    )
