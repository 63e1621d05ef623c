"""The upload form of the findings import: the workbook, and what its rows are recorded as."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """`targets` are the choices the access layer offers the person (`selectors.imports.import_targets`)."""

    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        error_messages={
            "required": _("File: choose the workbook to import."),
            "empty": _("File: the file is empty."),
            "invalid": _("File: no file was received; choose the workbook again."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    target = forms.ChoiceField(
        label=_("Record the rows as"),
        error_messages={
            "required": _("Record as: choose whose findings the rows are."),
            "invalid_choice": _("Record as: choose one of the choices offered."),
        },
    )

    def __init__(self, *args, targets, initial_target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target.value: target for target in targets}
        choices = [(target.value, target.label) for target in targets]
        if initial_target is None and len(choices) > 1:
            choices.insert(0, ("", _("Choose…")))
        self.fields["target"].choices = choices
        if initial_target is not None:
            self.fields["target"].initial = initial_target.value

    def chosen_target(self):
        return self.targets[self.cleaned_data["target"]]
