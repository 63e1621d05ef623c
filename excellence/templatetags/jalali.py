"""Template filters: `jalali_date`, `jalali_datetime`, `fa_digits`, `fa_number`, `fa_percent`, `stars`."""

from django import template

from excellence import jalali
from excellence.languages import is_persian
from excellence.numbers import shown_decimal, shown_digits
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


@register.filter
def fa_grouped(value, places=0):
    """A number with its thousands grouped, `places` decimals at most (1,100 · 12.5): Persian digits,
    the Persian thousands separator (٬) and decimal mark (٫) in Persian."""
    if value is None or value == "":
        return ""
    places = int(places)
    number = round(float(value), places)
    text = f"{number:,.{places}f}" if places and number != int(number) else f"{int(round(number)):,}"
    if is_persian():
        return to_persian_digits(text.replace(",", "\u066c").replace(".", "\u066b"))
    return text


@register.filter
def fa_signed(value, places=1):
    """A change with its sign (+28.8, −3.0), as `fa_number` writes numbers."""
    if value is None or value == "":
        return ""
    sign = "+" if float(value) > 0 else ("\u2212" if float(value) < 0 else "")
    return sign + fa_number(abs(float(value)), places)


@register.filter
def fa_percent(value, places=None):
    """`۴۰٪` in Persian, `40%` in English (`|fa_percent:1`: `۷۵٫۰٪`); nothing for None."""
    if value is None or value == "":
        return ""
    number = shown_decimal(value, None if places is None else int(places))
    return f"{number}٪" if is_persian() else f"{number}%"


@register.simple_tag
def admin_page_query(cl, number):
    """The query string of page `number` of an admin changelist (what `paginator_number` links to)."""
    from django.contrib.admin.views.main import PAGE_VAR

    return cl.get_query_string({PAGE_VAR: number})
