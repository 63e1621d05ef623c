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
