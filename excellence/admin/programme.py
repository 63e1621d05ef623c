"""What every admin of the programme shares: Persian input, Jalali dates, normalized search.

It also selects what each row's `__str__` needs, so that list pages, autocompletes and
other admins' selects do not query once per row.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _

from excellence.form_fields import (
    JalaliDateField,
    JalaliDateInput,
    NumberTextInput,
    PersianDecimalField,
    PersianIntegerField,
)
from excellence.numbers import shown_digits
from excellence.persian import normalize_search

from .display import jalali_column, person_name

# A search is bounded: each word is one more LIKE over every search field, and thousands of
# words make SQLite refuse ("Expression tree is too large") and PostgreSQL run for minutes.
SEARCH_MAX_WORDS = 10
SEARCH_MAX_CHARACTERS = 200


def bounded_search(search_term: str) -> tuple[str, bool]:
    """The search as run: at most SEARCH_MAX_CHARACTERS characters and SEARCH_MAX_WORDS words.

    Returns the term and whether it was shortened.
    """
    term = search_term[:SEARCH_MAX_CHARACTERS]
    words = term.split()
    if len(words) > SEARCH_MAX_WORDS:
        term = " ".join(words[:SEARCH_MAX_WORDS])
    return term, term != search_term


class BoundedSearchMixin:
    """A ModelAdmin mixin: the search is bounded (`bounded_search`) and normalized like the stored text.

    Every admin of the site has it: the programme's through ProgrammeAdminMixin, the others
    (users, groups, tokens, sign-in attempts) are given it when the admin starts.
    """

    def get_search_results(self, request, queryset, search_term):
        term, shortened = bounded_search(search_term)
        if shortened:
            self.message_user(
                request,
                _(
                    "Search: only the first %(words)s words and %(characters)s characters are searched; "
                    "the rest was left out."
                )
                % {
                    "words": shown_digits(SEARCH_MAX_WORDS),
                    "characters": shown_digits(SEARCH_MAX_CHARACTERS),
                },
                messages.WARNING,
            )
        # Stored text is normalized (Persian ی/ک, ASCII digits); so is what people type.
        term = normalize_search(term)
        if self.search_terms is not None and term.strip():
            return self.search_terms(request, queryset, term), False
        return super().get_search_results(request, queryset, term)

    # An admin's own search (`search_terms(request, queryset, term) -> queryset`) where Django's,
    # an OR of every search field joined for every word, is too slow at national scale.
    search_terms = None


class PersonChoiceField(forms.ModelChoiceField):
    """A user picked by name (Maryam Karimi), not by login (rep-bus)."""

    def label_from_instance(self, obj):
        return person_name(obj)


class ProgrammeAdminMixin(BoundedSearchMixin):
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

    def _related_queryset(self, db_field):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        related = getattr(related_admin, "str_related", ())
        if not related:
            return None
        return db_field.remote_field.model._default_manager.select_related(*related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is get_user_model():
            kwargs.setdefault("form_class", PersonChoiceField)
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
