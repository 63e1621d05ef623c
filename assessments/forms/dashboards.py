"""The dashboards' query-string forms: the cycle picker and the units table's filters and order."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from ..selectors.dashboard import DEFAULT_SORT, SORT_KEYS

STAR_CHOICES = [("", _("Any stars"))] + [(str(stars), str(stars)) for stars in (4, 3, 2, 1, 0)]
SORT_CHOICES = [(key, key) for name in SORT_KEYS for key in (name, f"-{name}")]


class UnitsTableForm(forms.Form):
    """`?kind=company&stars=3&level=recognition&sort=-change`: which units the table shows, in what order."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organization.Kind.choices]
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"), required=False, choices=STAR_CHOICES, coerce=int, empty_value=None
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Any level")), *levels]

    def filters(self) -> dict:
        """The valid filters and order; a field with an invalid value counts as not given."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "stars": data.get("stars"),
            "level": data.get("level") or "",
            "sort": data.get("sort") or DEFAULT_SORT,
        }
