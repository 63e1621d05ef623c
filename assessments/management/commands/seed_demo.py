"""`manage.py seed_demo`: the deterministic, idempotent demo programme (DESIGN §6)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.demo.builder import DEMO_PASSWORD, demo_build
from assessments.demo.synthetic import DEFAULT_SYNTHETIC_YEAR, synthetic_build


class Command(BaseCommand):
    help = (
        "Build the demo programme: the two shipped frameworks, the default rating scheme, 20 demo units "
        "(15 organizations, 5 companies), 55 internal and 10 external assessors, and cycles 1398–1401 "
        "on the 1393 model, 1401 reproducing the article's figures. Deterministic and idempotent: a "
        "second run creates nothing. Findings, scores, hours and projects are bulk-created and so have "
        "no history rows. Demo logins get a password only when DEBUG is on (the password "
        f"'{DEMO_PASSWORD}') or --password is given; otherwise their passwords are unusable. "
        "--units N adds a synthetic cycle with N units at the 1401 density, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Give every demo login (admin, manager, assessors, unit representatives) this password.",
        )
        parser.add_argument(
            "--units",
            type=int,
            help="Also build a synthetic cycle with this many units (SYN00001…) for benchmarks.",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=DEFAULT_SYNTHETIC_YEAR,
            help=f"Jalali year of the synthetic cycle built by --units (default {DEFAULT_SYNTHETIC_YEAR}).",
        )

    def handle(self, *args, password=None, units=None, year=DEFAULT_SYNTHETIC_YEAR, **options):
        if units is not None and units < 1:
            raise CommandError("--units: give a number of units of at least 1.")
        if units is not None and not 1300 <= year <= 1500:
            raise CommandError("--year: give a Jalali year between 1300 and 1500, for example 1402.")
        if units is not None and year <= 1401:
            raise CommandError("--year: the synthetic cycle needs a year after the demo's 1398–1401.")
        if password is None and settings.DEBUG:
            password = DEMO_PASSWORD
        began = time.monotonic()
        say = self.stdout.write
        try:
            build = demo_build(password=password, say=say)
            if units is not None:
                synthetic_build(
                    count=units,
                    year=year,
                    plan=build.plan,
                    scheme=build.scheme,
                    people=build.people,
                    report=build.report,
                    say=say,
                )
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = build.report
        created = sum(report.created.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_demo: {created:,} rows created in {time.monotonic() - began:.1f} s."
                if created
                else f"seed_demo: nothing to do, the demo is complete ({time.monotonic() - began:.1f} s)."
            )
        )
