"""Template filters of the assessor workspace: look-ups the page's plain data needs."""

from django import template

from excellence.languages import is_persian
from excellence.persian import to_persian_digits

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ mapping|get:key }}`: the value under `key`, or None."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)


@register.filter
def score_field(form, attribute_code):
    """The bound field of a score form for one RADAR attribute."""
    return form[f"attribute_{attribute_code}"]


@register.filter
def hours(value):
    """Hours without trailing zeros (3.50 → 3.5), in Persian digits with the Persian decimal mark (۳٫۵)."""
    if value is None or value == "":
        return ""
    text = format(value.normalize(), "f")
    if is_persian():
        return to_persian_digits(text.replace(".", "\u066b"))
    return text
