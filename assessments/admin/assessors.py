"""Admin of assessors and their declared conflicts of interest."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of, short_text
from excellence.admin.filters import ASSESSOR_KIND_FILTER, UNIT_KIND_FILTER
from excellence.admin.services import ServiceHistoryAdmin, ServiceTabularInline
from excellence.numbers import shown_digits

from ..models import Assessor, Assignment, ConflictOfInterest
from ..services.assessors import (
    ASSESSOR_FIELDS,
    assessor_create,
    assessor_update,
    conflict_of_interest_declare,
    conflict_of_interest_withdraw,
)

ASSESSOR_SEARCH = ("user__username", "user__first_name", "user__last_name")


class ConflictOfInterestInline(ServiceTabularInline):
    model = ConflictOfInterest
    fields = ("organization", "reason")
    autocomplete_fields = ("organization",)
    verbose_name_plural = _("declared conflicts of interest")
    ordering = ("organization__kind", "organization__code")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")

    def service_create(self, request, parent, form):
        return conflict_of_interest_declare(
            actor=request.user,
            assessor=parent,
            organization=form.cleaned_data["organization"],
            reason=form.cleaned_data["reason"],
        )

    def service_delete(self, request, obj):
        conflict_of_interest_withdraw(actor=request.user, conflict=obj)


@admin.register(Assessor)
class AssessorAdmin(ServiceHistoryAdmin):
    list_display = (
        "__str__",
        "username",
        "kind",
        "home_organization",
        "affiliation",
        "is_active",
        "assignment_count",
    )
    list_filter = ("kind", "is_active")
    list_select_related = ("user", "home_organization")
    search_fields = (*ASSESSOR_SEARCH, "affiliation", "home_organization__name_fa")
    ordering = ("user__last_name", "user__first_name", "user__username")
    autocomplete_fields = ("user", "home_organization")
    fields = ("user", *ASSESSOR_FIELDS)
    inlines = [ConflictOfInterestInline]
    str_related = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assignment_count=count_of(Assignment, "assessor"))

    readonly_on_change = ("user",)

    @admin.display(description=_("username"), ordering="user__username")
    def username(self, obj):
        return obj.user.get_username()

    @admin.display(description=_("assessments"), ordering="assignment_count")
    def assignment_count(self, obj):
        return shown_digits(obj.assignment_count)

    def service_create(self, request, form):
        return assessor_create(
            actor=request.user, **{name: form.cleaned_data[name] for name in ("user", *ASSESSOR_FIELDS)}
        )

    def service_update(self, request, obj, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in ASSESSOR_FIELDS}
        return assessor_update(
            actor=request.user, assessor=obj, expected_updated_at=form.version_loaded(), data=data
        )


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ServiceHistoryAdmin):
    list_display = ("assessor", "organization", "short_reason", "created_at_jalali")
    list_filter = (("organization__kind", UNIT_KIND_FILTER), ("assessor__kind", ASSESSOR_KIND_FILTER))
    list_select_related = ("assessor__user", "organization")
    search_fields = (*(f"assessor__{name}" for name in ASSESSOR_SEARCH), "organization__name_fa", "reason")
    autocomplete_fields = ("assessor", "organization")
    fields = ("assessor", "organization", "reason")
    str_related = ("assessor__user", "organization")
    ordering = (
        "assessor__user__last_name",
        "assessor__user__first_name",
        "assessor__user__username",
        "organization__kind",
        "organization__code",
    )

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return short_text(obj.reason)

    def service_create(self, request, form):
        return conflict_of_interest_declare(
            actor=request.user, **{name: form.cleaned_data[name] for name in self.fields}
        )

    def service_delete(self, request, obj):
        conflict_of_interest_withdraw(actor=request.user, conflict=obj)
