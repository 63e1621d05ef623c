"""Admin of improvement projects; verifying one is its own page, asking for the verifier's note."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of, person_name, short_text
from excellence.admin.filters import UNIT_KIND_FILTER
from excellence.admin.services import NextStatusForm, ServiceHistoryAdmin
from excellence.numbers import shown_digits

from ..models import ImprovementProject
from ..services.projects import (
    PROJECT_FIELDS,
    PROJECT_TRANSITIONS,
    improvement_project_create,
    improvement_project_transition,
    improvement_project_update,
    improvement_project_verify,
)
from ..services.rules import project_is_editable

VERIFICATION_FIELDS = ("verified_by", "verified_at_jalali", "verification_note")


class ImprovementProjectForm(NextStatusForm):
    """The status offers the allowed next steps; verifying is the Verify page's, with a note."""

    transitions = PROJECT_TRANSITIONS
    withheld = frozenset({ImprovementProject.Status.VERIFIED})


@admin.register(ImprovementProject)
class ImprovementProjectAdmin(ServiceHistoryAdmin):
    form = ImprovementProjectForm
    list_display = (
        "title_start",
        "organization",
        "cycle",
        "category",
        "status",
        "progress",
        "owner_name",
        "due_date_jalali",
        "improvement_point_count",
    )
    list_filter = ("cycle", "category", "status", ("organization__kind", UNIT_KIND_FILTER))
    list_select_related = ("organization", "cycle", "owner")
    search_fields = ("title", "description", "organization__name_fa", "organization__code")
    autocomplete_fields = ("organization", "owner", "improvement_points")
    ordering = ("-cycle__year", "organization__code", "id")

    def get_queryset(self, request):
        through = ImprovementProject.improvement_points.through
        return (
            super()
            .get_queryset(request)
            .annotate(improvement_point_count=count_of(through, "improvementproject"))
        )

    def is_read_only(self, obj):
        return not project_is_editable(obj)

    def get_fields(self, request, obj=None):
        fields = ("organization", "cycle", "title", "description", "category", "owner")
        fields += ("start_date", "due_date", "progress", "improvement_points")
        # A new project is proposed; its status then moves by the transitions table.
        return (*fields, "status", *VERIFICATION_FIELDS) if obj is not None else fields

    readonly_on_change = ("organization", "cycle", *VERIFICATION_FIELDS)

    @admin.display(description=_("title"), ordering="title")
    def title_start(self, obj):
        return short_text(obj.title, 60)

    @admin.display(description=_("owner"), ordering="owner__last_name")
    def owner_name(self, obj):
        return person_name(obj.owner)

    @admin.display(description=_("improvement points"), ordering="improvement_point_count")
    def improvement_point_count(self, obj):
        return shown_digits(obj.improvement_point_count)

    def service_create(self, request, form):
        data = {name: form.cleaned_data[name] for name in PROJECT_FIELDS if name in form.cleaned_data}
        data["improvement_points"] = list(data.get("improvement_points") or [])
        return improvement_project_create(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            cycle=form.cleaned_data["cycle"],
            **data,
        )

    def service_update(self, request, obj, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in PROJECT_FIELDS}
        if "improvement_points" in data:
            data["improvement_points"] = list(data["improvement_points"])
        if data:
            obj = improvement_project_update(
                actor=request.user, project=obj, expected_updated_at=form.version_loaded(), data=data
            )
        if "status" in form.changed_data:
            obj = improvement_project_transition(
                actor=request.user, project=obj, to_status=form.cleaned_data["status"]
            )
        return obj

    # ------------------------------------------------------------------ verification

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name=f"{opts.app_label}_{opts.model_name}_verify",
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        project = self.get_object(request, unquote(object_id))
        if project is None:
            raise Http404
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        opts = self.model._meta
        return self.text_confirmation(
            request,
            [project],
            field="verification_note",
            label=_("Verification note"),
            call=lambda project, note: improvement_project_verify(
                actor=request.user, project=project, note=note
            ),
            title=_("Verify an improvement project"),
            intro=_(
                "Verifying confirms that a completed project did what it promised. It is done by someone "
                "other than the project's owner; say what was checked."
            ),
            done_message=_("%(count)s projects verified."),
            next_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[project.pk]),
        )
