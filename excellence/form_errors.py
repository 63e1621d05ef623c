"""Showing a service's refusal on the form that asked for the change, admin or page alike."""

from django import forms
from django.core.exceptions import ValidationError


def add_refusal_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's error beside the field it names, or above the form if the form lacks that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
