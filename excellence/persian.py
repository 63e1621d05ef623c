"""Persian text normalization: one spelling in the database, any spelling in a search.

Arabic Yeh and Kaf (ي ك), common from Arabic keyboards and old data, are stored as the
Persian letters (ی ک); Persian and Arabic-Indic digits are read as ASCII digits wherever
a number is typed.
"""

ARABIC_TO_PERSIAN_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ARABIC LETTER YEH -> ARABIC LETTER FARSI YEH
        "\u0649": "\u06cc",  # ARABIC LETTER ALEF MAKSURA -> FARSI YEH
        "\u0643": "\u06a9",  # ARABIC LETTER KAF -> ARABIC LETTER KEHEH
    }
)
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
TO_ASCII_DIGITS = str.maketrans(
    {
        **{digit: str(value) for value, digit in enumerate(PERSIAN_DIGITS)},
        **{digit: str(value) for value, digit in enumerate(ARABIC_INDIC_DIGITS)},
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
    }
)
TO_PERSIAN_DIGITS = str.maketrans({str(value): digit for value, digit in enumerate(PERSIAN_DIGITS)})


def normalize_text(value):
    """Return `value` with Arabic letters replaced by their Persian forms and trimmed."""
    if value is None:
        return None
    return str(value).translate(ARABIC_TO_PERSIAN_LETTERS).strip()


def to_ascii_digits(value):
    """Return `value` with Persian and Arabic-Indic digits (and separators) as ASCII."""
    if value is None:
        return None
    return str(value).translate(TO_ASCII_DIGITS)


def to_persian_digits(value):
    """Return `value` as text with ASCII digits shown as Persian digits."""
    return str(value).translate(TO_PERSIAN_DIGITS)


def normalize_search(value):
    """Normalize a search term the way stored text is normalized, digits included."""
    return to_ascii_digits(normalize_text(value or ""))
