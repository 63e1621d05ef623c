"""The units' list counts each unit's assessments: the organizations app's admin, extended from above.

organizations/ knows nothing of assessments, so the column is added here, by registering
a subclass of its admin in place of the one it registered.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of
from excellence.numbers import shown_digits
from organizations.admin import OrganizationAdmin
from organizations.models import Organization

from ..models import Assessment


class OrganizationWithAssessmentsAdmin(OrganizationAdmin):
    list_display = (*OrganizationAdmin.list_display, "assessment_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assessment_count=count_of(Assessment, "organization"))

    @admin.display(description=_("assessments"), ordering="assessment_count")
    def assessment_count(self, obj):
        return shown_digits(obj.assessment_count)


admin.site.unregister(Organization)
admin.site.register(Organization, OrganizationWithAssessmentsAdmin)
