"""Rating schemes: tables of point bands → level and stars, validated as a whole when saved."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError, StaleCopy
from excellence.history import records_actor
from excellence.persian import to_ascii_digits
from excellence.roles import ensure_programme_admin
from excellence.updates import locked_current

from ..models import RatingBand, RatingScheme
from ..scoring import Band, ScoringError, validate_bands

DEFAULT_SCHEME_FILE = (
    Path(__file__).resolve().parent.parent / "frameworks" / "rating-schemes" / "national-award.json"
)
BAND_KEYS = ("min_points", "max_points", "level_code", "level_fa", "level_en", "stars")
NUMBER_KEYS = ("min_points", "max_points", "stars")


def _whole_number(value):
    """A typed number (Persian or Arabic-Indic digits too) as an int; anything else as given."""
    if isinstance(value, str):
        text = to_ascii_digits(value).strip()
        if text.isdigit():
            return int(text)
    return value


def _bands_from_dicts(bands: list[dict]) -> list[Band]:
    parsed = []
    for position, band in enumerate(bands, start=1):
        absent = [key for key in BAND_KEYS if key not in band]
        if absent:
            raise ApplicationError(
                _("Bands: band %(position)s lacks %(keys)s."),
                field="bands",
                code="band_incomplete",
                params={"position": position, "keys": ", ".join(absent)},
            )
        values = {key: band[key] for key in BAND_KEYS}
        for key in NUMBER_KEYS:
            values[key] = _whole_number(values[key])
        parsed.append(Band(**values))
    return parsed


@records_actor
@transaction.atomic
def rating_scheme_save(
    *,
    actor,
    code: str,
    name_fa: str,
    name_en: str = "",
    bands: list[dict],
    is_default: bool = False,
    expected_updated_at,
) -> RatingScheme:
    """Create or update the scheme `code` and replace all its bands at once.

    The bands must cover 0–1000 whole points with no gap and no overlap, 0–4 stars each;
    otherwise nothing is saved. Stored results keep the level texts they were given, so
    editing a scheme in use rewrites no history. Making a scheme the default takes the
    flag from the previous default.

    `expected_updated_at` is the version of the scheme the editor loaded, None for a new
    scheme: a scheme changed or created meanwhile by someone else is never overwritten.
    """
    ensure_programme_admin(actor)
    parsed = _bands_from_dicts(bands)
    try:
        validate_bands(parsed)
    except ScoringError as error:
        # The scoring rules' messages already name the bands and the rule broken.
        raise ApplicationError(str(error), field="bands", code="bands_invalid") from error

    stored = RatingScheme.objects.filter(code=code).first()
    if stored is None:
        if expected_updated_at is not None:
            raise StaleCopy(_("Someone else removed this scheme after you opened it. Nothing was saved."))
        scheme = RatingScheme(code=code)
    elif expected_updated_at is None:
        raise ApplicationError(
            _("Code: a rating scheme with the code %(code)s already exists."),
            field="code",
            code="scheme_duplicate",
            params={"code": code},
        )
    else:
        scheme = locked_current(stored, expected_updated_at=expected_updated_at)
    if is_default:
        RatingScheme.objects.filter(is_default=True).exclude(code=code).update(is_default=False)
    scheme.name_fa = name_fa
    scheme.name_en = name_en
    scheme.is_default = is_default
    scheme.full_clean()
    scheme.save()

    scheme.bands.all().delete()
    for band in sorted(parsed, key=lambda band: band.min_points):
        row = RatingBand(
            scheme=scheme,
            min_points=band.min_points,
            max_points=band.max_points,
            level_code=band.level_code,
            level_fa=band.level_fa,
            level_en=band.level_en,
            stars=band.stars,
        )
        row.full_clean()
        row.save()
    return scheme


def rating_scheme_default_ensure(*, actor) -> RatingScheme:
    """The national award's scheme (DESIGN §2), created from its data file if it does not exist yet.

    Idempotent: an existing scheme with the file's code is returned as it is, admin
    edits included. A new one becomes the default unless another scheme already is.
    """
    ensure_programme_admin(actor)
    data = json.loads(DEFAULT_SCHEME_FILE.read_text(encoding="utf-8"))
    existing = RatingScheme.objects.filter(code=data["code"]).first()
    if existing is not None:
        return existing
    return rating_scheme_save(
        actor=actor,
        code=data["code"],
        name_fa=data["name_fa"],
        name_en=data.get("name_en", ""),
        bands=data["bands"],
        is_default=not RatingScheme.objects.filter(is_default=True).exists(),
        expected_updated_at=None,
    )
