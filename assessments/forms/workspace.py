"""The assessor workspace's forms: they read what people type, the services decide the rules.

A form cleans the typing (Persian or Arabic-Indic digits, either decimal mark, a Jalali
date, white space around text) and says what is wrong beside the field; the service
it feeds checks the programme's rules again and its refusals are shown on the same
form (`excellence.form_errors.add_refusal_to_form`). Every form that changes a stored
row carries the version it was loaded from, so a stale save is refused.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from excellence.form_fields import JalaliDateField, JalaliDateInput, NumberTextInput
from excellence.persian import normalize_text, to_ascii_digits
from excellence.updates import parse_version

from ..models import Assessment, Finding, TimeEntry
from ..scoring import is_attribute_score

TEXT_LIMIT = Finding.TEXT_MAX_LENGTH


class VersionField(forms.CharField):
    """The `updated_at` of the row the form was loaded from, as ISO 8601 text."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return parse_version(super().clean(value))


class FindingForm(forms.Form):
    """A finding's kind, text and evidence; `version` when it edits a stored one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Text: a finding needs its text."),
            "max_length": _(
                "Text: a finding is at most %(limit_value)d characters; this one has %(show_value)d."
            ),
        },
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"),
        choices=Finding.Evidence.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Evidence: say where it was seen: a document, a site visit or an interview.")
        },
    )
    evidence_note = forms.CharField(
        label=_("Evidence note"),
        max_length=300,
        required=False,
        help_text=_("Which document, place or person, for example."),
    )
    version = VersionField()

    def clean_text(self):
        # Stored as the model stores it: Persian ی/ک, no surrounding white space (a ZWNJ is kept).
        return normalize_text(self.cleaned_data["text"])

    def clean_evidence_note(self):
        return normalize_text(self.cleaned_data["evidence_note"])


class MergeForm(FindingForm):
    """A consensus finding made of several individual ones (the leader's); `merged` names them."""

    merged = forms.ModelMultipleChoiceField(
        label=_("Individual findings merged"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Merged findings: choose individual findings of this sub-criterion.")
        },
    )

    def __init__(self, *args, individual_findings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if individual_findings is not None:
            self.fields["merged"].queryset = individual_findings


class ScoreForm(forms.Form):
    """A score per RADAR attribute (0–100 in steps of 5, any digits); blank keeps what was stored."""

    version = VersionField()

    def __init__(self, *args, attributes=(), initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.attribute_names = {}
        for attribute in attributes:
            name = f"attribute_{attribute.code}"
            self.attribute_names[name] = attribute
            self.fields[name] = forms.CharField(
                label=attribute.name,
                required=False,
                widget=NumberTextInput(attrs={"size": "4", "inputmode": "numeric", "class": "score-input"}),
            )
            if initial_values and attribute.code in initial_values:
                self.initial[name] = initial_values[attribute.code]

    def clean(self):
        cleaned = super().clean()
        values = {}
        for name, attribute in self.attribute_names.items():
            text = to_ascii_digits(self.data.get(name, "") or "").strip()
            if not text:
                continue
            try:
                number = int(text)
            except ValueError:
                number = None
            if number is None or not is_attribute_score(number):
                self.add_error(
                    name,
                    _("%(attribute)s: a score is a whole number from 0 to 100 in steps of 5.")
                    % {"attribute": attribute.name},
                )
                continue
            values[attribute.code] = number
        cleaned["values"] = values
        return cleaned

    def typed_values(self) -> dict[str, int]:
        """The valid values typed so far (for the live percentages), whatever else is wrong."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return dict(self.cleaned_data.get("values", {}))


class HoursField(forms.CharField):
    """Hours typed with Persian, Arabic-Indic or Latin digits and either decimal mark (۳٫۵, 3.5, 3,5)."""

    default_error_messages = {"invalid": _("Hours: enter a number of hours, for example 2.5 or ۲٫۵.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberTextInput(attrs={"size": "5"}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        text = to_ascii_digits(text).strip().replace(",", ".").replace("/", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class TimeEntryForm(forms.Form):
    date = JalaliDateField(
        label=_("Date"),
        widget=JalaliDateInput(attrs={"data-jdp": "", "autocomplete": "off"}),
        error_messages={"required": _("Date: enter the day, for example 1401/07/05.")},
    )
    hours = HoursField(
        label=_("Hours"), error_messages={"required": _("Hours: enter the hours, for example 3.5.")}
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=TimeEntry.Activity.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = VersionField()

    def clean_note(self):
        return normalize_text(self.cleaned_data["note"])


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Assessment.Status.choices)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Reason: a written reason is required to reopen an assessment.")},
    )

    def clean_reason(self):
        return normalize_text(self.cleaned_data["reason"])
