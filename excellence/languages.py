"""Which of the two languages is active: Persian, the default, or English (DESIGN §7).

Outside a request or a `translation.override` no language may be active; Persian,
the default, is meant then.
"""

from django.utils.translation import get_language


def _active() -> str:
    return get_language() or "fa"


def is_english() -> bool:
    """Whether the active language is English: names, levels and codes are then shown in English."""
    return _active().startswith("en")


def is_persian() -> bool:
    """Whether the active language is Persian: digits are then shown as Persian digits."""
    return _active().startswith("fa")
