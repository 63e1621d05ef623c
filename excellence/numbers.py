"""Numbers as people read them: Persian digits and the Persian decimal mark (٫) in Persian.

The stored and typed forms stay ASCII; only what a page or a message shows is localized,
so codes such as `1a` or `FIRE-2` (text, not numbers) are never passed through here.
"""

import re
from decimal import Decimal

from .languages import is_persian
from .persian import to_persian_digits

PERSIAN_DECIMAL_MARK = "\u066b"
PERSIAN_THOUSANDS_SEPARATOR = "\u066c"


def shown_digits(value) -> str:
    """`value` as text, its digits Persian in Persian (a count, a year)."""
    if value is None:
        return ""
    return to_persian_digits(value) if is_persian() else str(value)


def shown_number_grouped(value: int) -> str:
    """A whole number with its thousands grouped: 10,000, or ۱۰٬۰۰۰ in Persian."""
    text = f"{int(value):,}"
    return to_persian_digits(text.replace(",", PERSIAN_THOUSANDS_SEPARATOR)) if is_persian() else text


def shown_decimal(value, places: int | None = None) -> str:
    """A number with `places` decimals (None: as many as it has, 7.50 → 7.5), localized."""
    if value is None or value == "":
        return ""
    if places is None:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        text = format(number.normalize(), "f")
    elif places:
        text = f"{float(value):.{int(places)}f}"
    else:
        text = str(int(round(float(value))))
    if is_persian():
        return to_persian_digits(text.replace(".", PERSIAN_DECIMAL_MARK))
    return text


_LATIN_TOKEN = re.compile(r"[A-Za-z0-9_./:\-]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def shown_digits_in_text(text: str) -> str:
    """A sentence with its numbers in Persian digits in Persian, codes left as typed.

    A token with a Latin letter in it (`iran-1393`, `SYN00001`, `--units`) is a code or a
    name, not a number, and keeps its ASCII digits.
    """
    if not is_persian():
        return text

    def shown(match):
        token = match.group()
        return token if _LATIN_LETTER.search(token) else to_persian_digits(token)

    return _LATIN_TOKEN.sub(shown, text)
