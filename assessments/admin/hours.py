"""Admin of the hours assessors spend on assessments (person-hours)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from excellence.admin.filters import ASSESSOR_KIND_FILTER
from excellence.admin.services import ServiceHistoryAdmin
from excellence.numbers import shown_decimal

from ..models import TimeEntry
from ..services.hours import time_entry_create, time_entry_delete, time_entry_update
from .read_only import ClosedHoursReadOnlyMixin

HOURS_RULE = _(
    "Hours are logged until the assessment's results are released, also after finalizing (the report "
    "is written then), on a day of the cycle's Jalali year; a released assessment's hours change only "
    "after an admin reopens it."
)


@admin.register(TimeEntry)
class TimeEntryAdmin(ClosedHoursReadOnlyMixin, ServiceHistoryAdmin):
    list_display = ("assessor", "assessor_kind", "assessment", "date_jalali", "hours_shown", "activity")
    list_filter = ("assessment__cycle", "activity", ("assessor__kind", ASSESSOR_KIND_FILTER))
    list_select_related = ("assessor__user", "assessment__organization", "assessment__cycle")
    search_fields = (
        "assessor__user__username",
        "assessor__user__first_name",
        "assessor__user__last_name",
        "assessment__organization__name_fa",
        "assessment__organization__code",
        "note",
    )
    autocomplete_fields = ("assessment", "assessor")
    ordering = ("-date", "assessor__user__last_name", "id")

    def get_fields(self, request, obj=None):
        return ("assessment", "assessor", "date", "hours", "activity", "note")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "date" in form.base_fields:
            form.base_fields["date"].help_text = HOURS_RULE
        return form

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "list_note": HOURS_RULE})

    readonly_on_change = ("assessment", "assessor")

    @admin.display(description=_("hours"), ordering="hours")
    def hours_shown(self, obj):
        """7.5 rather than 7.50 (hours are typed in halves and quarters), ۷٫۵ in Persian."""
        return shown_decimal(obj.hours)

    @admin.display(description=_("assessor kind"), ordering="assessor__kind")
    def assessor_kind(self, obj):
        return obj.assessor.get_kind_display()

    def service_create(self, request, form):
        data = form.cleaned_data
        return time_entry_create(
            actor=request.user,
            assessment=data["assessment"],
            assessor=data["assessor"],
            date=data["date"],
            hours=data["hours"],
            activity=data["activity"],
            note=data["note"],
        )

    def service_update(self, request, obj, form):
        data = form.cleaned_data
        return time_entry_update(
            actor=request.user,
            entry=obj,
            expected_updated_at=form.version_loaded(),
            date=data["date"],
            hours=data["hours"],
            activity=data["activity"],
            note=data["note"],
        )

    def service_delete(self, request, obj):
        time_entry_delete(actor=request.user, entry=obj)
