"""Model fields that store Persian text in one spelling (see excellence.persian)."""

from django.db import models

from excellence.persian import normalize_text


class PersianTextMixin:
    """Normalizes Arabic ي/ك to Persian ی/ک on validation and before every save or lookup."""

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def get_prep_value(self, value):
        return normalize_text(super().get_prep_value(value))


class PersianCharField(PersianTextMixin, models.CharField):
    pass


class PersianTextField(PersianTextMixin, models.TextField):
    pass
