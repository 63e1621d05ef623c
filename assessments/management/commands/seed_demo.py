"""`manage.py seed_demo`: the deterministic, idempotent demo programme (DESIGN §6)."""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.demo.builder import demo_build
from assessments.demo.bulk import database_statistics_refresh
from assessments.demo.people import DEMO_PASSWORD
from assessments.demo.synthetic import DEFAULT_SYNTHETIC_YEAR, synthetic_build
from excellence.numbers import shown_digits_in_text


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
            raise CommandError(
                _("--units: give a number of units of at least 1; %(units)s was given.") % {"units": units}
            )
        if units is not None and not 1401 < year <= 1500:
            raise CommandError(
                _(
                    "--year: the synthetic cycle needs a Jalali year after 1401, the demo's last; "
                    "%(year)s was given."
                )
                % {"year": year}
            )
        if password is None and settings.DEBUG:
            password = DEMO_PASSWORD
        began = time.monotonic()

        def say(line):
            # The builder's lines are in the active language; so are their digits.
            self.stdout.write(shown_digits_in_text(line))

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
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        created = sum(build.report.created.values())
        if created:
            database_statistics_refresh()
        seconds = f"{time.monotonic() - began:.1f}"
        if created:
            message = _("seed_demo: %(rows)s rows created in %(seconds)s s.") % {
                "rows": f"{created:,}",
                "seconds": seconds,
            }
        else:
            message = _("seed_demo: nothing to do, the demo is complete (%(seconds)s s).") % {
                "seconds": seconds
            }
        self.stdout.write(self.style.SUCCESS(shown_digits_in_text(message)))
