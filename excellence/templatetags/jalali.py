"""Template filters: `{{ value|jalali_date }}`, `{{ value|jalali_datetime }}`, `{{ n|fa_digits }}`."""

from django import template

from excellence import jalali
from excellence.numbers import shown_decimal, shown_digits

register = template.Library()


@register.filter
def jalali_date(value):
    return jalali.format_date(value)


@register.filter
def jalali_datetime(value):
    return jalali.format_datetime(value)


@register.filter
def fa_digits(value):
    return shown_digits(value)


@register.filter
def fa_number(value, places=1):
    """A number with `places` decimals: Persian digits and the Persian decimal mark (٫) in Persian."""
    return shown_decimal(value, int(places))


@register.filter
def stars(value):
    """`★★★☆` for 3 of 4 stars."""
    if value is None:
        return ""
    count = int(value)
    return "★" * count + "☆" * (4 - count)


@register.simple_tag
def admin_page_query(cl, number):
    """The query string of page `number` of an admin changelist (what `paginator_number` links to)."""
    from django.contrib.admin.views.main import PAGE_VAR

    return cl.get_query_string({PAGE_VAR: number})
