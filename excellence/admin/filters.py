"""List filters the admins share."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def titled_choices_filter(title):
    """A list filter on a choice field reached through a relation, titled with whose field it is.

    Django titles `assessment__organization__kind` just "kind", which beside a finding's own
    kind filter leaves two filters of the same name.
    """

    class TitledChoicesFilter(admin.ChoicesFieldListFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledChoicesFilter


UNIT_KIND_FILTER = titled_choices_filter(_("unit kind"))
ASSESSOR_KIND_FILTER = titled_choices_filter(_("assessor kind"))
CRITERION_KIND_FILTER = titled_choices_filter(_("criterion kind"))
