import pytest

from excellence.persian import normalize_search, normalize_text, to_ascii_digits, to_persian_digits


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("كيفيت", "کیفیت"),  # Arabic kaf and yeh
        ("  مدیریت  ", "مدیریت"),
        ("تعالی", "تعالی"),
        ("", ""),
    ],
)
def test_normalize_text_stores_persian_letters(given, expected):
    assert normalize_text(given) == expected


def test_normalize_text_keeps_none():
    assert normalize_text(None) is None


def test_digits_round_trip_between_persian_arabic_and_ascii():
    assert to_ascii_digits("۱۴۰۱/۰۵/۰۱") == "1401/05/01"
    assert to_ascii_digits("٢٤٫٥") == "24.5"
    assert to_persian_digits(1401) == "۱۴۰۱"


def test_normalize_search_folds_letters_and_digits():
    assert normalize_search("كيفيت ۱۴۰۱") == "کیفیت 1401"
