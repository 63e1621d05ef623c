"""`manage.py ratings --cycle 1401 [--format table|json] [--language fa|en]`: a cycle's ratings, for scripts.

One row per assessed unit, from `assessments.selectors.results.cycle_ratings` — the same
numbers the dashboards, the API and the exports show. `kind` and `status` are codes;
`name`, `level` and `next_level` are texts in the active language (Persian unless
`--language en`, English falling back to Persian). JSON keeps the texts as stored and
gives `total` as a number with one decimal (null when not rated). The table is plain
text with aligned columns, every digit in it ASCII.
"""

import json
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.models import Cycle
from assessments.selectors.results import RatingRow, cycle_ratings
from excellence.persian import to_ascii_digits

COLUMNS = (
    "code",
    "name",
    "kind",
    "status",
    "total",
    "stars",
    "level",
    "next_level",
    "points_to_next",
    "complete",
    "missing",
)


def rating_row_as_dict(row: RatingRow) -> dict:
    """A row with exactly the command's keys, in the active language."""
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "status": row.status,
        "total": None if row.total is None else float(row.total),
        "stars": row.stars,
        "level": row.level,
        "next_level": row.next_level,
        "points_to_next": row.points_to_next,
        "complete": row.complete,
        "missing": list(row.missing),
    }


def _cell(key: str, value) -> str:
    if value is None:
        return "-"
    if key == "total":
        return f"{value:.1f}"
    if key == "complete":
        return "yes" if value else "no"
    if key == "missing":
        return ",".join(value) or "-"
    return to_ascii_digits(str(value))


def _width(text: str) -> int:
    """Columns a terminal gives `text`: none for joiners (ZWNJ) and combining marks, two for wide."""
    width = 0
    for char in text:
        if unicodedata.category(char) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[dict]) -> str:
    cells = [list(COLUMNS)] + [[_cell(key, row[key]) for key in COLUMNS] for row in rows]
    widths = [max(_width(line[index]) for line in cells) for index in range(len(COLUMNS))]
    lines = []
    for number, line in enumerate(cells):
        # The last column is not padded, so lines carry no trailing blanks.
        lines.append("  ".join(_pad(text, widths[i]) for i, text in enumerate(line[:-1])) + "  " + line[-1])
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the points, stars and level of every unit assessed in a cycle."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help="The cycle's Jalali year, for example 1401.")
        parser.add_argument("--format", choices=("table", "json"), default="table", dest="output_format")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="Language of names and levels; the active language (Persian by default) if omitted.",
        )

    def handle(self, *args, cycle, output_format, language, **options):
        year_text = to_ascii_digits(str(cycle)).strip()
        if not year_text.isdigit():
            raise CommandError(
                _("Cycle must be a Jalali year such as 1401; got “%(value)s”.") % {"value": cycle}
            )
        cycle_row = Cycle.objects.filter(year=int(year_text)).first()
        if cycle_row is None:
            raise CommandError(_("Cycle %(year)s does not exist.") % {"year": year_text})

        with translation.override(language or translation.get_language()):
            rows = [rating_row_as_dict(row) for row in cycle_ratings(cycle=cycle_row)]
        if output_format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(rows))
