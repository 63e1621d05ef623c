"""Fixtures and helpers for the admin tests: an English-speaking admin and change-form POST data."""

import datetime

import pytest
from django.urls import reverse

from .programme import build_unit


@pytest.fixture
def admin_en(admin_client):
    """A superuser's client whose pages are in English, so messages compare with their source text."""
    admin_client.cookies["django_language"] = "en"
    return admin_client


@pytest.fixture
def unit(db):
    """An assessment in an open cycle with its team, hours, findings, scores and result."""
    return build_unit()


def admin_url(model_or_obj, view, *args):
    opts = model_or_obj._meta
    if view in {"change", "delete", "history", "reopen", "verify"} and not args:
        args = (model_or_obj.pk,)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.date):
        return bound_field.field.widget.format_value(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def form_data(response, **changes) -> dict:
    """The POST data of an admin change or add page as shown, with `changes` applied.

    Inline fields are named with their prefix (`team-0-role`); `changes` use the same names.
    """
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = _value(form[name])
            if value is not None:
                data[form.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    """Append one new row to the inline formset `prefix` in POST data made by `form_data`."""
    total_key = f"{prefix}-TOTAL_FORMS"
    index = int(data[total_key])
    data = {**data, total_key: str(index + 1)}
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def page_errors(response) -> list[str]:
    """Every validation message on an admin change page: main form, inline forms and inline tables."""
    messages = []
    if response.context is None or "adminform" not in response.context:
        return messages
    form = response.context["adminform"].form
    messages += [message for errors in form.errors.values() for message in errors]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        messages += list(formset.non_form_errors())
        for inline_form in formset.forms:
            messages += [message for errors in inline_form.errors.values() for message in errors]
    return messages
