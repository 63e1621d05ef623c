"""What every FilterSet of the programme shares: digits read as ASCII, a normalized text query,
and filters that never send the database a number it cannot hold."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from excellence.form_fields import PLAUSIBLE_JALALI_YEARS
from excellence.persian import normalize_search, normalize_text, to_ascii_digits, to_persian_digits

MAX_ID = 2**63 - 1
# A text query looks for at most this many words (the rest are ignored), as the admin's search.
MAX_SEARCH_WORDS = 10


def ascii_query(data):
    """A copy of the query parameters with every digit ASCII (`?cycle=۱۴۰۱` is `?cycle=1401`)."""
    if data is None:
        return None
    copy = data.copy()
    for key in list(copy.keys()):
        copy.setlist(key, [to_ascii_digits(value) for value in data.getlist(key)])
    return copy


@extend_schema_field(OpenApiTypes.INT)
class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number between the bounds given (never a number the database cannot hold)."""

    field_class = forms.IntegerField


class IdFilter(WholeNumberFilter):
    """A row's id: a whole number inside the range of an id column."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class YearFilter(WholeNumberFilter):
    """A cycle's Jalali year, for example 1401."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", PLAUSIBLE_JALALI_YEARS.start)
        kwargs.setdefault("max_value", PLAUSIBLE_JALALI_YEARS.stop - 1)
        kwargs.setdefault("label", _("Cycle (Jalali year)"))
        super().__init__(*args, **kwargs)


class ProgrammeDateFormField(forms.DateField):
    """A date as ISO 8601 (2022-08-03) or Jalali (1401/05/12): a year from 1300 to 1500 is Jalali."""

    def to_python(self, value):
        from excellence import jalali

        if value in self.empty_values:
            return None
        text = to_ascii_digits(str(value)).strip()
        match = jalali.JALALI_DATE_PATTERN.match(text)
        if match and int(match.group(1)) in PLAUSIBLE_JALALI_YEARS:
            try:
                return jalali.parse_date(text)
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(text)


class DateFilter(django_filters.DateFilter):
    field_class = ProgrammeDateFormField


class ProgrammeFilterSet(django_filters.FilterSet):
    """Reads any digits; `q` searches `search_fields` for every word, in either spelling.

    Each word must appear in one of the fields (words are AND-ed, fields OR-ed).
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(ascii_query(data), *args, **kwargs)

    def filter_q(self, queryset, name, value):
        words = normalize_search(value).split()
        if not words or not self.search_fields:
            return queryset
        condition = Q()
        for word in words[:MAX_SEARCH_WORDS]:
            # Stored text keeps the digits it was typed with: look for a number in either digit set.
            spellings = {word, to_persian_digits(word)}
            matches = Q()
            for field in self.search_fields:
                for spelling in spellings:
                    matches |= Q(**{f"{field}__icontains": spelling})
            condition &= matches
        return queryset.filter(condition)


def organization_kind_filter(field_name: str):
    from organizations.models import Organization

    return django_filters.ChoiceFilter(
        field_name=field_name, choices=Organization.Kind.choices, label=_("Organization kind")
    )


def organization_code_filter(field_name: str):
    return django_filters.CharFilter(
        field_name=field_name, lookup_expr="iexact", max_length=20, label=_("Organization (code)")
    )


class SubCriterionCodeFilter(django_filters.CharFilter):
    """A sub-criterion by its code as either language shows it: "1a", "1A" or «۱الف» (any digits)."""

    def __init__(self, *args, prefix: str = "sub_criterion", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        text = normalize_text(value or "").replace(" ", "")
        if not text:
            return queryset
        latin = to_ascii_digits(text)
        return queryset.filter(
            Q(**{f"{self.prefix}__code__iexact": latin})
            | Q(**{f"{self.prefix}__code_fa": to_persian_digits(latin)})
        )
