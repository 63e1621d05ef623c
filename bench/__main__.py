"""`python -m bench [--units N] [--repeat R]`: measure the product beside a baseline, in one run.

Runs on a throwaway SQLite database under var/bench/ unless DATABASE_URL names another
one (use a PostgreSQL database made for the purpose: the benchmark seeds it, and a
cycle it already holds is kept, whatever its size). Prints a table and writes
bench/results/latest.json. The national scale is `--units 2000` (or BENCH_UNITS=2000)
on PostgreSQL; the default, 200 units on SQLite, takes a minute or two.
"""

import argparse
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DEFAULT_UNITS = 200


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--units",
        type=int,
        default=int(os.environ.get("BENCH_UNITS", DEFAULT_UNITS)),
        help=f"synthetic units to seed and rate (default BENCH_UNITS or {DEFAULT_UNITS})",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case; the median is kept")
    options = parser.parse_args(argv)

    database_path = BASE_DIR / "var" / "bench" / "bench.sqlite3"
    if "DATABASE_URL" not in os.environ:
        database_path.parent.mkdir(parents=True, exist_ok=True)
        database_path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "excellence.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from assessments.models import Assessment, Cycle
    from bench import admin_pages, api, dashboard, declarations, findings, ratings, workspace
    from bench.measure import measure, ratio

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", units=options.units, stdout=io.StringIO())
    seed_seconds = time.perf_counter() - began

    cycle = Cycle.objects.order_by("-year").first()
    units = Assessment.objects.filter(cycle=cycle).count()
    cases = [
        *findings.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
        *ratings.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
        *dashboard.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
        *workspace.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
        *api.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
        *admin_pages.run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat),
    ]
    declaration = declarations.run(cycle=cycle, repeat=options.repeat)

    report = {
        "units": units,
        "cycle": cycle.year,
        "repeat": options.repeat,
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed_seconds": round(seed_seconds, 2),
        "cases": cases,
        "declarations": declaration,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print(f"Excellence benchmarks — cycle {cycle.year}, {units:,} units, on {connection.vendor}")
    print(f"(seeded in {seed_seconds:.1f} s; median of {options.repeat} runs)\n")
    print(f"{'case':<50} {'median ms':>10} {'queries':>8} {'vs baseline':>12}")
    print("-" * 83)
    for case in cases:
        shown = "baseline" if case.get("baseline") else ""
        if case.get("speedup"):
            shown = f"{case['speedup']:.1f}x"
        print(f"{case['name']:<50} {case['median_ms']:>10.1f} {case['queries']:>8} {shown:>12}")
    for case in cases:
        if case.get("product_vs_floor"):
            print(f"\n{case['floor_of']} takes {case['product_vs_floor']:.2f}x its floor ({case['name']}).")
    declarations.print_case(declaration)
    print(f"\nWritten: {(RESULTS_DIR / 'latest.json').relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
