"""`python -m bench [--units N] [--repeat R] [--only NAME[,NAME]]`: measure the product beside a baseline.

Runs on a throwaway SQLite database under var/bench/ unless DATABASE_URL names another
one (use a PostgreSQL database made for the purpose: the benchmark seeds it, and a
cycle it already holds is kept, whatever its size). Prints a table and writes
bench/results/latest.json. The national scale is `--units 2000` (or BENCH_UNITS=2000)
on PostgreSQL; the default, 200 units on SQLite, takes a minute or two.

On PostgreSQL the database is settled after seeding with `VACUUM (ANALYZE)`, as autovacuum
(on by default) leaves a table soon after a bulk load: without it a freshly loaded table has
no visibility map, so no count can be answered from an index alone, and every figure over a
million findings reads the table. `--as-loaded` skips it, to measure the tables as seeded.

`--only` runs some case groups (findings, ratings, dashboard, workspace, api, admin,
declarations) and writes bench/results/latest-<names>.json instead (the names sorted,
joined by "-"), so that a partial run never overwrites the last full one.
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
GROUPS = ("findings", "ratings", "dashboard", "workspace", "api", "admin", "declarations")


def _groups(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in GROUPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown case group {', '.join(unknown) or repr(value)}; choose from {', '.join(GROUPS)}"
        )
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--units",
        type=int,
        default=int(os.environ.get("BENCH_UNITS", DEFAULT_UNITS)),
        help=f"synthetic units to seed and rate (default BENCH_UNITS or {DEFAULT_UNITS})",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case; the median is kept")
    parser.add_argument(
        "--as-loaded",
        action="store_true",
        help="on PostgreSQL, measure the tables as seeded, without VACUUM (ANALYZE) first",
    )
    parser.add_argument(
        "--only",
        type=_groups,
        default=None,
        metavar="NAME[,NAME]",
        help=f"run only these case groups ({', '.join(GROUPS)}); writes bench/results/latest-<names>.json",
    )
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
    vacuumed = connection.vendor == "postgresql" and not options.as_loaded
    if vacuumed:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")

    cycle = Cycle.objects.order_by("-year").first()
    units = Assessment.objects.filter(cycle=cycle).count()
    groups = tuple(group for group in GROUPS if group in (options.only or GROUPS))
    modules = {
        "findings": findings,
        "ratings": ratings,
        "dashboard": dashboard,
        "workspace": workspace,
        "api": api,
        "admin": admin_pages,
    }
    cases = []
    for group in GROUPS:
        if group in groups and group in modules:
            cases += modules[group].run(cycle=cycle, measure=measure, ratio=ratio, repeat=options.repeat)
    declaration = declarations.run(cycle=cycle, repeat=options.repeat) if "declarations" in groups else None

    report = {
        "units": units,
        "cycle": cycle.year,
        "repeat": options.repeat,
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed_seconds": round(seed_seconds, 2),
        "vacuumed": vacuumed,
        "groups": list(groups),
        "cases": cases,
        "declarations": declaration,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = f"latest-{'-'.join(sorted(groups))}.json" if options.only else "latest.json"
    written = RESULTS_DIR / name
    written.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print(f"Excellence benchmarks — cycle {cycle.year}, {units:,} units, on {connection.vendor}")
    settled = "; VACUUM (ANALYZE) after" if vacuumed else ""
    print(f"(seeded in {seed_seconds:.1f} s{settled}; median of {options.repeat} runs)\n")
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
    if declaration is not None:
        declarations.print_case(declaration)
    print(f"\nWritten: {written.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
