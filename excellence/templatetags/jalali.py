"""Template filters: `{{ value|jalali_date }}`, `{{ value|jalali_datetime }}`, `{{ n|fa_digits }}`."""

from django import template

from excellence import jalali
from excellence.languages import is_persian
from excellence.persian import to_persian_digits

register = template.Library()


@register.filter
def jalali_date(value):
    return jalali.format_date(value)


@register.filter
def jalali_datetime(value):
    return jalali.format_datetime(value)


@register.filter
def fa_digits(value):
    if value is None:
        return ""
    if is_persian():
        return to_persian_digits(value)
    return str(value)


@register.filter
def fa_number(value, places=1):
    """A number with `places` decimals: Persian digits and the Persian decimal mark (٫) in Persian."""
    if value is None or value == "":
        return ""
    text = f"{float(value):.{int(places)}f}" if places else str(int(round(float(value))))
    if is_persian():
        return to_persian_digits(text.replace(".", "\u066b"))
    return text


@register.filter
def stars(value):
    """`★★★☆` for 3 of 4 stars."""
    if value is None:
        return ""
    count = int(value)
    return "★" * count + "☆" * (4 - count)
