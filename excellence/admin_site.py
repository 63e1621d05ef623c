"""The admin is the programme office's back office: programme admins only, signed in like everyone else."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from excellence.roles import is_programme_admin


class ProgrammeAdminSite(admin.AdminSite):
    site_header = _("Excellence programme administration")
    site_title = _("Excellence programme administration")
    index_title = _("Programme office")
    site_url = "/"

    def has_permission(self, request):
        return is_programme_admin(request.user)

    def login(self, request, extra_context=None):
        """There is one sign-in page; a signed-in person who is not a programme admin gets a 403."""
        if request.user.is_authenticated:
            raise PermissionDenied(_("The admin is for the programme office (programme admins) only."))
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


class ProgrammeAdminConfig(AdminConfig):
    default_site = "excellence.admin_site.ProgrammeAdminSite"

    def ready(self):
        super().ready()
        _tokens_for_superusers_only(admin.site)


def _tokens_for_superusers_only(site):
    """API tokens are credentials: only superusers see or issue them in the admin."""
    from rest_framework.authtoken.admin import TokenAdmin
    from rest_framework.authtoken.models import TokenProxy

    class SuperuserTokenAdmin(TokenAdmin):
        def has_module_permission(self, request):
            return request.user.is_active and request.user.is_superuser

        def has_view_permission(self, request, obj=None):
            return self.has_module_permission(request)

        has_add_permission = has_module_permission

        def has_change_permission(self, request, obj=None):
            return self.has_module_permission(request)

        def has_delete_permission(self, request, obj=None):
            return self.has_module_permission(request)

    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
    site.register(TokenProxy, SuperuserTokenAdmin)
