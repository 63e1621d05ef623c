"""The admin is the programme office's back office: programme admins only, signed in like everyone else."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import person_name
from excellence.roles import is_programme_admin

# The index in the order the office works: what a cycle is set up with, the cycle's work,
# the follow-up; (app label, model name) pairs. Models not named here (users, groups,
# tokens) keep their apps' sections after these.
INDEX_SECTIONS = (
    (
        "setup",
        _("Set-up"),
        (
            ("assessments", "framework"),
            ("assessments", "criterion"),
            ("assessments", "subcriterion"),
            ("assessments", "radarelement"),
            ("assessments", "radarattribute"),
            ("assessments", "ratingscheme"),
            ("assessments", "ratingband"),
            ("assessments", "cycle"),
            ("organizations", "organization"),
            ("organizations", "organizationmember"),
            ("assessments", "assessor"),
            ("assessments", "conflictofinterest"),
        ),
    ),
    (
        "cycle-work",
        _("The cycle's work"),
        (
            ("assessments", "assessment"),
            ("assessments", "assignment"),
            ("assessments", "timeentry"),
            ("assessments", "finding"),
            ("assessments", "score"),
            ("assessments", "attributescore"),
            ("assessments", "assessmentreopening"),
        ),
    ),
    (
        "follow-up",
        _("Follow-up"),
        (
            ("assessments", "improvementproject"),
            ("assessments", "assessmentresult"),
        ),
    ),
)


class ProgrammeAdminSite(admin.AdminSite):
    site_header = _("Excellence programme administration")
    site_title = _("Excellence programme administration")
    index_title = _("Programme office")
    site_url = "/"
    # The sidebar took a fifth of a 1366 px screen from every list; the index (in the office's
    # sections) and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        """The index and the sidebar in sections of the office's work (INDEX_SECTIONS); an app's own
        page (`/admin/assessments/`) keeps Django's list of that app."""
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        models = {
            (app["app_label"], model["object_name"].lower()): (app, model)
            for app in app_list
            for model in app["models"]
        }
        sections = []
        for key, name, members in INDEX_SECTIONS:
            shown = [models.pop(member)[1] for member in members if member in models]
            if shown:
                sections.append(
                    {
                        "name": name,
                        "app_label": key,
                        "app_url": shown[0]["admin_url"],
                        "has_module_perms": True,
                        "models": shown,
                    }
                )
        for app in app_list:
            rest = [
                model for model in app["models"] if (app["app_label"], model["object_name"].lower()) in models
            ]
            if rest:
                sections.append({**app, "models": rest})
        return sections

    def autocomplete_view(self, request):
        return PersonNamingAutocompleteView.as_view(admin_site=self)(request)

    def has_permission(self, request):
        return is_programme_admin(request.user)

    def login(self, request, extra_context=None):
        """There is one sign-in page; a signed-in person who is not a programme admin gets a 403."""
        if request.user.is_authenticated:
            raise PermissionDenied(_("The admin is for the programme office (programme admins) only."))
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


class PersonNamingAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, offering people by name (with the login when they have none)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = person_name(obj)
        return result


class ProgrammeAdminConfig(AdminConfig):
    default_site = "excellence.admin_site.ProgrammeAdminSite"

    def ready(self):
        super().ready()
        _tokens_for_superusers_only(admin.site)
        _bounded_search_everywhere(admin.site)


def _bounded_search_everywhere(site):
    """Every admin's search is bounded: Django's own and third-party admins get BoundedSearchMixin too."""
    from excellence.admin.programme import BoundedSearchMixin

    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, BoundedSearchMixin):
            continue
        bounded = type(type(model_admin).__name__, (BoundedSearchMixin, type(model_admin)), {})
        site.unregister(model)
        site.register(model, bounded)


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
