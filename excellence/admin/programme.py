"""What every admin of the programme shares: Persian input, Jalali dates, normalized search.

It also selects what each row's `__str__` needs, so that list pages, autocompletes and
other admins' selects do not query once per row.
"""

from django.db import models

from excellence.form_fields import (
    JalaliDateField,
    JalaliDateInput,
    NumberTextInput,
    PersianDecimalField,
    PersianIntegerField,
)
from excellence.persian import normalize_search

from .display import jalali_column


class ProgrammeAdminMixin:
    """What every admin of the programme shares: Persian input, Jalali dates, normalized search."""

    formfield_overrides = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
        models.DecimalField: {"form_class": PersianDecimalField, "widget": NumberTextInput},
        models.IntegerField: {"form_class": PersianIntegerField, "widget": NumberTextInput},
    }

    # What `__str__` of this admin's model reads through relations: selected wherever these
    # rows are listed — its changelist, the autocomplete, and other admins' selects of it.
    str_related: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `<field>_jalali` for every date of the model: a read-only field or list column in Jalali.
        self.jalali_names = {}
        for field in self.model._meta.concrete_fields:
            if isinstance(field, models.DateField):
                name = f"{field.name}_jalali"
                setattr(self, name, jalali_column(self.model, field.name))
                self.jalali_names[field.name] = name

    def get_search_results(self, request, queryset, search_term):
        # Stored text is normalized (Persian ی/ک, ASCII digits); so is what people type.
        return super().get_search_results(request, queryset, normalize_search(search_term))

    def _related_queryset(self, db_field):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        related = getattr(related_admin, "str_related", ())
        if not related:
            return None
        return db_field.remote_field.model._default_manager.select_related(*related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._related_queryset(db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self._related_queryset(db_field)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)
