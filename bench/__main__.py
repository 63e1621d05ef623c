"""`python -m bench [--units N] [--repeat R]`: measure the product beside a baseline, in one run.

Runs on a throwaway SQLite database under var/bench/ unless DATABASE_URL names another
one (use a PostgreSQL database made for the purpose: the benchmark seeds it). Prints a
table and writes bench/results/latest.json.
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


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--units", type=int, default=200, help="synthetic units to rate (default 200)")
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

    from bench import ratings

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", units=options.units, stdout=io.StringIO())
    seed_seconds = time.perf_counter() - began

    cases = ratings.run(repeat=options.repeat)

    report = {
        "units": options.units,
        "repeat": options.repeat,
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed_seconds": round(seed_seconds, 2),
        "cases": cases,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

    print(f"Excellence benchmarks — {options.units} synthetic units on {connection.vendor}")
    print(f"(seeded in {seed_seconds:.1f} s; median of {options.repeat} runs)\n")
    print(f"{'case':<44} {'median ms':>10} {'queries':>8} {'vs baseline':>12}")
    print("-" * 77)
    for case in cases:
        ratio = (
            f"{case['speedup']:.1f}x" if case.get("speedup") else ("baseline" if case.get("baseline") else "")
        )
        print(f"{case['name']:<44} {case['median_ms']:>10.1f} {case['queries']:>8} {ratio:>12}")
    print(f"\nWritten: {(RESULTS_DIR / 'latest.json').relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
