"""Admin of the assessed units and their representatives; every save goes through organizations.services.

The units' list also counts their assessments: assessments/admin/organizations.py adds that
column, so that this app knows nothing of the assessments app above it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import jalali_column
from excellence.admin.filters import UNIT_KIND_FILTER
from excellence.admin.services import ServiceHistoryAdmin, ServiceTabularInline
from organizations import services
from organizations.models import Organization, OrganizationMember

ORGANIZATION_FIELDS = ("code", "name_fa", "name_en", "kind", "is_active", "is_demo")


class OrganizationMemberInline(ServiceTabularInline):
    model = OrganizationMember
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    verbose_name_plural = _("representatives")
    ordering = ("user__username",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def service_create(self, request, parent, form):
        return services.organization_member_add(
            actor=request.user,
            organization=parent,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )

    def service_delete(self, request, obj):
        services.organization_member_remove(actor=request.user, member=obj)


@admin.register(Organization)
class OrganizationAdmin(ServiceHistoryAdmin):
    list_display = ("code", "name_fa", "name_en", "kind", "is_active", "is_demo")
    list_display_links = ("code", "name_fa")
    list_filter = ("kind", "is_active", "is_demo")
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("kind", "code")
    fields = ORGANIZATION_FIELDS
    inlines = [OrganizationMemberInline]

    def service_create(self, request, form):
        return services.organization_create(
            actor=request.user, **{name: form.cleaned_data[name] for name in ORGANIZATION_FIELDS}
        )

    def service_update(self, request, obj, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in ORGANIZATION_FIELDS}
        return services.organization_update(
            actor=request.user, organization=obj, expected_updated_at=form.version_loaded(), data=data
        )


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(ServiceHistoryAdmin):
    list_display = (
        "user",
        "user_full_name",
        "organization",
        "role",
        jalali_column(OrganizationMember, "created_at"),
    )
    list_filter = ("role", ("organization__kind", UNIT_KIND_FILTER))
    list_select_related = ("user", "organization")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "organization__name_fa",
        "organization__code",
    )
    autocomplete_fields = ("organization", "user")
    fields = ("organization", "user", "role")
    ordering = ("organization__code", "user__username")
    str_related = ("user", "organization")

    @admin.display(description=_("name"), ordering="user__last_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()

    def service_create(self, request, form):
        return services.organization_member_add(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )

    def service_delete(self, request, obj):
        services.organization_member_remove(actor=request.user, member=obj)
