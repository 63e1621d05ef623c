import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from excellence.form_fields import JalaliDateField, JalaliDateInput, PersianDecimalField, PersianIntegerField


@pytest.mark.parametrize("typed", ["1401/05/01", "۱۴۰۱/۰۵/۰۱", "١٤٠١-٥-١", " 1401.05.01 "])
def test_jalali_date_field_reads_any_digits_and_separators(typed):
    assert JalaliDateField().clean(typed) == datetime.date(2022, 7, 23)


@pytest.mark.parametrize("typed", ["1401/13/01", "tomorrow", "2022-07-23", "1401/05"])
def test_jalali_date_field_refuses_what_is_not_a_jalali_date_with_an_example(typed):
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            JalaliDateField().clean(typed)
        assert refused.value.messages == ["Enter a Jalali date like 1401/05/01."]


def test_jalali_date_field_may_be_empty_when_not_required():
    assert JalaliDateField(required=False).clean("") is None


def test_jalali_date_input_shows_a_stored_date_in_jalali():
    widget = JalaliDateInput()

    with translation.override("fa"):
        persian = widget.render("date", datetime.date(2022, 11, 3))
    with translation.override("en"):
        english = widget.render("date", datetime.date(2022, 11, 3))

    assert 'value="۱۴۰۱/۰۸/۱۲"' in persian
    assert 'value="1401/08/12"' in english
    assert 'dir="ltr"' in english


def test_jalali_date_field_sees_no_change_when_the_same_date_is_typed_in_persian_digits():
    assert JalaliDateField().has_changed(datetime.date(2022, 11, 3), "۱۴۰۱/۰۸/۱۲") is False
    assert JalaliDateField().has_changed(datetime.date(2022, 11, 3), "1401/08/13") is True


def test_number_fields_read_persian_digits():
    assert PersianDecimalField(max_digits=4, decimal_places=2).clean("۲٫۵") == Decimal("2.5")
    assert PersianIntegerField().clean("۷۵") == 75
