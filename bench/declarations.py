"""The programme's declaration workbook of a whole cycle, beside bare openpyxl writing the same rows.

The product (`declaration_programme_write`) reads every sheet's rows from the database,
streamed, and writes them with styles, wrapping and formula-safe text. The floor is
openpyxl's write-only mode alone, given the very same values already in memory (read
before it is timed): plain `append` of each row, no styles, no database — what writing
the file costs at least. Both write to a file on disk.

Rows per second come from untimed-apart runs (the median of `repeat`); peak memory from
one more run of each under tracemalloc (the Python heap the run allocates beyond what
it started with — for the floor, beyond its rows already in memory).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.utils import translation
from openpyxl import Workbook

from assessments.exports import rows
from assessments.exports.columns import DETAIL_SHEETS, PROFILE, SUMMARY_TITLE
from assessments.exports.declarations import _detail_rows, declaration_programme_write
from assessments.models import Assessment, Cycle
from excellence.roles import COMMAND_LINE

LANGUAGE = "fa"


def floor_input(*, cycle: Cycle) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
    """Every sheet of the programme workbook as (title, headers, rows of plain values)."""
    scope = rows.ExportScope(cycle=cycle, assessments=Assessment.objects.all())
    sheets = [(str(SUMMARY_TITLE), PROFILE.columns_for(programme=True), rows.profile_rows(scope))]
    sheets += [
        (str(sheet.title), sheet.columns_for(programme=True), _detail_rows(sheet, scope))
        for sheet in DETAIL_SHEETS
    ]
    built = []
    for title, columns, source in sheets:
        keys = [column.key for column in columns]
        built.append(
            (
                title,
                tuple(str(column.header) for column in columns),
                [tuple(row[key] for key in keys) for row in source],
            )
        )
    return built


def floor_write(sheets, path: Path) -> int:
    """Bare openpyxl write-only: a sheet per subject, its header, its rows; nothing else."""
    workbook = Workbook(write_only=True)
    written = 0
    for title, headers, values in sheets:
        sheet = workbook.create_sheet(title=title)
        sheet.append(headers)
        for row in values:
            sheet.append(row)
        written += len(values)
    workbook.save(path)
    return written


def product_write(cycle: Cycle, path: Path) -> int:
    return declaration_programme_write(user=COMMAND_LINE, cycle=cycle, output=path).total_rows


def _timed(function, *, repeat: int) -> tuple[float, int]:
    timings, result = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), result


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
        product_seconds, product_rows = _timed(lambda: product_write(cycle, product_path), repeat=repeat)
        product_peak = _peak_bytes(lambda: product_write(cycle, product_path))

        sheets = floor_input(cycle=cycle)
        floor_seconds, floor_rows = _timed(lambda: floor_write(sheets, floor_path), repeat=repeat)
        floor_peak = _peak_bytes(lambda: floor_write(sheets, floor_path))
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
    for label, figures in (("product (database + writer)", product), ("floor (bare openpyxl)", floor)):
        seconds, rate, peak = figures["seconds"], figures["rows_per_second"], figures["peak_mib"]
        print(f"{label:<30} {seconds:>9.2f} {rate:>9,} {peak:>9.1f}")
    print(
        f"product / floor: {case['speed_vs_floor']:.2f}x the rows per second, "
        f"{case['memory_vs_floor']}x the peak memory (aim: >= 0.8x, <= 2x)"
    )
