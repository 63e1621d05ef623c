"""Forms of the project pages: define a project, report its progress, move its status.

They turn what people type (Jalali dates, Persian digits) into values and pass them to
`services.projects`; every rule about what may change is the service's, and its refusal
is shown beside the field it names (`excellence.form_errors.add_refusal_to_form`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from excellence.form_fields import JalaliDateField, PersianIntegerField
from excellence.persian import normalize_text

from ..models import Finding, ImprovementProject


class VersionedForm(forms.Form):
    """Carries the version of the row the page showed, so that a stale copy is refused."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ProgressForm(VersionedForm):
    progress = PersianIntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": _("Progress: enter the percent reached, a whole number from 0 to 100."),
            "invalid": _("Progress: enter the percent reached, a whole number from 0 to 100."),
            "min_value": _("Progress: a percent is from 0 to 100."),
            "max_value": _("Progress: a percent is from 0 to 100."),
        },
    )
    date = JalaliDateField(
        label=_("Date"), required=False, help_text=_("When this progress was reached; today if left empty.")
    )
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={
            "required": _("What was done: write what this progress is, for the project's timeline."),
            "max_length": _("What was done: a note is at most 4,000 characters; shorten it."),
        },
    )

    def clean_note(self):
        return normalize_text(self.cleaned_data["note"])


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=ImprovementProject.Status.choices, widget=forms.HiddenInput)
    # Named as the service names it, so that its refusal lands beside this field.
    verification_note = forms.CharField(
        label=_("Verification note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ImprovementPointChoiceField(forms.ModelMultipleChoiceField):
    """Improvement points as checkboxes, each labelled with its sub-criterion and its text."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, finding: Finding) -> str:
        return f"{finding.sub_criterion.display_code} — {finding.text}"


class ProjectCreateForm(forms.Form):
    """A new project of a unit in a cycle, answering some of the unit's improvement points."""

    improvement_points = ImprovementPointChoiceField(
        label=_("Improvement points it answers"), queryset=Finding.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=ImprovementProject.Category.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody yet")
    )
    start_date = JalaliDateField(label=_("Start date"), required=False)
    due_date = JalaliDateField(label=_("Due date"), required=False)

    def __init__(self, *args, points, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement_points"].queryset = points
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean_title(self):
        return normalize_text(self.cleaned_data["title"])

    def service_data(self) -> dict:
        """The cleaned values as `improvement_project_create` takes them."""
        data = dict(self.cleaned_data)
        data["improvement_points"] = list(data["improvement_points"])
        return data


def styled(form: forms.BaseForm) -> forms.BaseForm:
    """Give each widget Bootstrap's class (pages draw forms with Bootstrap; no inline style)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form
