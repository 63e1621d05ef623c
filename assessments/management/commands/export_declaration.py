"""`manage.py export_declaration --cycle 1401 [--organization CODE] --output FILE [--language fa|en]`.

Writes the programme's declaration workbook for a cycle, or one unit's with
`--organization`, with the same code as the pages' downloads (`assessments.exports`).
The command line acts as the programme office: every assessment of the cycle is
exported. On a terminal it shows the rows written so far.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.exports.declarations import declaration_programme_write, declaration_unit_write
from assessments.models import Assessment, Cycle
from excellence.persian import to_ascii_digits
from excellence.roles import COMMAND_LINE


class Command(BaseCommand):
    help = "Write the declaration workbook (.xlsx) of a cycle's programme, or of one unit."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help="The cycle's Jalali year, for example 1401.")
        parser.add_argument("--organization", help="A unit's code (for example FIRE): that unit's workbook.")
        parser.add_argument("--output", required=True, help="The .xlsx file to write.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="Language of headers, names and labels; Persian (right to left) if omitted.",
        )

    def handle(self, *args, cycle, organization, output, language, **options):
        year_text = to_ascii_digits(str(cycle)).strip()
        if not year_text.isdigit():
            raise CommandError(
                _("Cycle must be a Jalali year such as 1401; got “%(value)s”.") % {"value": cycle}
            )
        cycle_row = Cycle.objects.filter(year=int(year_text)).first()
        if cycle_row is None:
            raise CommandError(_("Cycle %(year)s does not exist.") % {"year": year_text})
        assessment = None
        if organization:
            code = organization.strip().upper()
            assessment = (
                Assessment.objects.filter(cycle=cycle_row, organization__code=code)
                .select_related("cycle", "organization")
                .first()
            )
            if assessment is None:
                raise CommandError(
                    _("Unit %(code)s has no assessment in cycle %(year)s.")
                    % {"code": code, "year": cycle_row.year}
                )

        progress = self._progress if self.stdout.isatty() else None
        began = time.monotonic()
        with translation.override(language or settings.LANGUAGE_CODE):
            if assessment is not None:
                written = declaration_unit_write(
                    user=COMMAND_LINE, assessment=assessment, output=output, progress=progress
                )
            else:
                written = declaration_programme_write(
                    user=COMMAND_LINE, cycle=cycle_row, output=output, progress=progress
                )
        if progress is not None:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Written %(file)s: %(rows)s rows in %(sheets)s sheets, %(seconds)s s.")
                % {
                    "file": output,
                    "rows": f"{written.total_rows:,}",
                    "sheets": len(written.rows),
                    "seconds": f"{time.monotonic() - began:.1f}",
                }
            )
        )

    def _progress(self, sheet: str, rows: int) -> None:
        self.stdout.write(f"\r\033[K{sheet}: {rows:,}", ending="")
        self.stdout.flush()
