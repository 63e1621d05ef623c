"""List columns and links the admins share: Jalali dates, shortened texts, counts, links to other lists."""

from django.contrib import admin
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from excellence import jalali


def jalali_column(model, field_name: str, *, description=None):
    """A list column or read-only field showing a date or datetime field in the Jalali calendar."""
    field = model._meta.get_field(field_name)
    formatter = jalali.format_datetime if isinstance(field, models.DateTimeField) else jalali.format_date

    @admin.display(description=description or field.verbose_name, ordering=field_name)
    def display(obj):
        return formatter(getattr(obj, field_name))

    display.__name__ = f"{field_name}_jalali"
    return display


def short_text(value, length=80) -> str:
    return Truncator(value or "").chars(length)


def count_of(model, fk: str, **filters):
    """A subquery counting `model` rows pointing at the outer row through `fk`: one query for a page."""
    rows = (
        model._default_manager.filter(**{fk: models.OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)


def changelist_link(model, text, **filters) -> str:
    """A link to the changelist of `model`, filtered by `filters` (`assessment__id__exact=…`)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if filters:
        url = f"{url}?{urlencode(filters)}"
    return format_html('<a href="{}">{}</a>', url, text)


def change_link(obj, text=None) -> str:
    if obj is None:
        return ""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else obj)


def person_name(user) -> str:
    """A person as the office knows them: their name, with the login only when they have no name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
