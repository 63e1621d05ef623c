"""Serializer fields that read what the pages read: Persian and Arabic-Indic digits, Jalali dates,
and references that resolve only within the person's scope."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from excellence import jalali
from excellence.form_fields import PLAUSIBLE_JALALI_YEARS
from excellence.persian import to_ascii_digits

# Ids are positive and fit a 64-bit integer column; anything else is no id at all.
MAX_ID = 2**63 - 1


def ascii_digits(value):
    return to_ascii_digits(value) if isinstance(value, str) else value


class PersianIntegerField(serializers.IntegerField):
    """A whole number, typed with any digits (`۱۴۰۱`, `١٤٠١` or `1401`)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(ascii_digits(data))


class PersianDecimalField(serializers.DecimalField):
    """A decimal number, typed with any digits and `.` or the Arabic decimal separator `٫`."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(ascii_digits(data))


@extend_schema_field(OpenApiTypes.DATE)
class ProgrammeDateField(serializers.Field):
    """A date as ISO 8601 (`2022-08-03`) or as a Jalali date (`1401/05/12`, `۱۴۰۱-۰۵-۱۲`).

    A year between 1300 and 1500 is read as Jalali, as the pages read it; any other as
    Gregorian. Dates are answered in ISO 8601 (Gregorian).
    """

    default_error_messages = {
        "invalid": _("Enter a date as 2022-08-03 or as a Jalali date like 1401/05/12."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 20:
            self.fail("invalid")
        text = to_ascii_digits(data).strip()
        match = jalali.JALALI_DATE_PATTERN.match(text)
        if match is None:
            self.fail("invalid")
        year = int(match.group(1))
        try:
            if year in PLAUSIBLE_JALALI_YEARS:
                return jalali.parse_date(text)
            return datetime.date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat() if value else None


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a row the requesting person may see (`scope`, an access-layer function).

    A row outside their scope reads as no row at all: the answer is the same as for an id
    that does not exist, so that nothing is revealed.
    """

    default_error_messages = {
        "does_not_exist": _("There is no %(model)s with the id %(pk_value)s that you may use."),
        "incorrect_type": _("Give the id as a whole number."),
    }

    def __init__(self, *, scope=None, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        if self.scope is None:
            return super().get_queryset()
        request = self.context.get("request")
        return self.scope(getattr(request, "user", None))

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        text = to_ascii_digits(str(data)).strip()
        if not text.isdigit() or not 0 < int(text) <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        pk = int(text)
        try:
            return self.get_queryset().get(pk=pk)
        except (self.get_queryset().model.DoesNotExist, DjangoValidationError):
            raise serializers.ValidationError(
                self.error_messages["does_not_exist"]
                % {"model": self.get_queryset().model._meta.verbose_name, "pk_value": pk},
                code="does_not_exist",
            ) from None


@extend_schema_field(OpenApiTypes.INT)
class CycleYearField(serializers.Field):
    """A cycle named by its Jalali year (any digits), among the cycles the person may see."""

    default_error_messages = {
        "invalid": _("Give the cycle as its Jalali year, for example 1401."),
        "does_not_exist": _("There is no cycle %(year)s."),
    }

    def to_internal_value(self, data):
        from .. import access

        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        text = to_ascii_digits(str(data)).strip()
        if not text.isdigit() or len(text) > 4:
            self.fail("invalid")
        request = self.context.get("request")
        cycle = access.cycles_visible(getattr(request, "user", None)).filter(year=int(text)).first()
        if cycle is None:
            raise serializers.ValidationError(
                self.error_messages["does_not_exist"] % {"year": int(text)}, code="does_not_exist"
            )
        return cycle

    def to_representation(self, value):
        return value.year
