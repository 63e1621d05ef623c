"""Form fields that read what Persian users type: Jalali dates and Persian or Arabic-Indic digits.

Used by the admin (through its `formfield_overrides`) and by any form of the product:
the database keeps Gregorian dates and ASCII numbers, people see and type Jalali dates
and the digits of their keyboard.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from excellence import jalali
from excellence.languages import is_persian
from excellence.persian import to_ascii_digits, to_persian_digits

# Jalali years a date of the programme can fall in (1921–2121); anything else is a typing mistake.
PLAUSIBLE_JALALI_YEARS = range(1300, 1501)


class JalaliDateInput(forms.TextInput):
    """A text box showing a date as `1401/05/01` (Persian digits under Persian).

    Dates read left to right even on a right-to-left page, so the box is `dir="ltr"`.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"dir": "ltr", "class": "jalali-date", "placeholder": "1401/05/01", "size": "10"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return jalali.format_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        placeholder = context["widget"]["attrs"].get("placeholder")
        if placeholder and is_persian():
            context["widget"]["attrs"]["placeholder"] = to_persian_digits(placeholder)
        return context


class JalaliDateField(forms.Field):
    """A date typed in the Jalali calendar with any digits; cleans to a Gregorian `datetime.date`."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a Jalali date like 1401/05/01."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            date = jalali.parse_date(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if jalali.to_jalali(date).year not in PLAUSIBLE_JALALI_YEARS:
            # `2022/08/11` is a valid Jalali date six centuries ahead: a Gregorian date typed by mistake.
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        if isinstance(initial, str):
            try:
                initial = self.to_python(initial)
            except ValidationError:
                return True
        return initial != data


class NumberTextInput(forms.TextInput):
    """A text box for numbers: a browser's number box refuses Persian digits, this one takes them."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", "inputmode": "decimal", "size": "8", **(attrs or {})})


class PersianDigitsMixin:
    """Reads Persian and Arabic-Indic digits (and the Arabic decimal separator) as ASCII."""

    widget = NumberTextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)


class PersianDecimalField(PersianDigitsMixin, forms.DecimalField):
    pass


class PersianIntegerField(PersianDigitsMixin, forms.IntegerField):
    pass
