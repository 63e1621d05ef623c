"""Admin of rating schemes (saved with all their bands at once) and the yearly cycles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import count_of, jalali_column
from excellence.admin.services import (
    MAIN_FORM,
    NextStatusForm,
    ServiceHistoryAdmin,
    ServiceTabularInline,
    formset_rows,
)
from excellence.errors import ApplicationError
from excellence.numbers import shown_digits

from ..models import Assessment, Cycle, RatingBand, RatingScheme
from ..services.cycles import (
    CYCLE_FIELDS,
    CYCLE_TRANSITION_SERVICES,
    CYCLE_TRANSITIONS,
    cycle_create,
    cycle_update,
)
from ..services.rating_schemes import rating_scheme_save
from .read_only import ClosedCycleReadOnlyMixin

SCHEME_FIELDS = ("code", "name_fa", "name_en", "is_default")
BAND_FIELDS = ("min_points", "max_points", "level_code", "level_fa", "level_en", "stars")


class RatingBandInline(ServiceTabularInline):
    model = RatingBand
    fields = BAND_FIELDS
    saved_with_parent = True

    def get_extra(self, request, obj=None, **kwargs):
        return 8 if obj is None else 1


@admin.register(RatingScheme)
class RatingSchemeAdmin(ServiceHistoryAdmin):
    list_display = ("code", "name_fa", "name_en", "is_default", "band_count", "cycle_years")
    list_display_links = ("code", "name_fa")
    list_filter = ("is_default",)
    search_fields = ("code", "name_fa", "name_en")
    ordering = ("code",)
    fields = SCHEME_FIELDS
    inlines = [RatingBandInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(band_count=count_of(RatingBand, "scheme"))
            .prefetch_related("cycles")
        )

    # The service saves a scheme by its code: a new code would be a new scheme.
    readonly_on_change = ("code",)

    @admin.display(description=_("bands"), ordering="band_count")
    def band_count(self, obj):
        return shown_digits(obj.band_count)

    @admin.display(description=_("cycles"))
    def cycle_years(self, obj):
        return shown_digits(", ".join(str(cycle.year) for cycle in obj.cycles.all()))

    def service_save_whole(self, request, form, formsets, change):
        (bands,) = formsets
        data = {name: form.cleaned_data[name] for name in SCHEME_FIELDS if name in form.cleaned_data}
        if change:
            data["code"] = form.instance.code
        table = {name: bands.prefix for name in ("bands", *BAND_FIELDS)}
        with self.refusal_for(request, MAIN_FORM, field_keys=table):
            return rating_scheme_save(
                actor=request.user,
                **data,
                bands=formset_rows(bands, BAND_FIELDS),
                expected_updated_at=form.version_loaded() if change else None,
            )


@admin.register(RatingBand)
class RatingBandAdmin(ServiceHistoryAdmin):
    """Bands are edited on their scheme's page, where the whole table is checked; listed here to read."""

    list_display = ("scheme", "min_points", "max_points", "level_code", "level_fa", "level_en", "stars")
    list_filter = ("scheme",)
    list_select_related = ("scheme",)
    search_fields = ("level_code", "level_fa", "level_en", "scheme__code", "scheme__name_fa")
    ordering = ("scheme", "min_points")
    fields = ("scheme", *BAND_FIELDS)


class CycleForm(NextStatusForm):
    """Planning → assessment → closed, one step at a time; a closed cycle stays closed."""

    transitions = CYCLE_TRANSITIONS


@admin.register(Cycle)
class CycleAdmin(ClosedCycleReadOnlyMixin, ServiceHistoryAdmin):
    form = CycleForm
    cycle_path = ""
    list_display = (
        "year",
        "framework",
        "rating_scheme",
        jalali_column(Cycle, "window_start"),
        jalali_column(Cycle, "window_end"),
        "status",
        "assessment_count",
    )
    list_filter = ("status", "framework")
    list_select_related = ("framework", "rating_scheme")
    search_fields = ("year",)
    ordering = ("-year",)

    def get_fields(self, request, obj=None):
        fields = ("year", "framework", "rating_scheme", "window_start", "window_end")
        # A new cycle starts in planning.
        return fields if obj is None else (*fields, "status")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assessment_count=count_of(Assessment, "cycle"))

    readonly_on_change = ("year",)

    @admin.display(description=_("assessments"), ordering="assessment_count")
    def assessment_count(self, obj):
        return shown_digits(obj.assessment_count)

    def service_create(self, request, form):
        return cycle_create(
            actor=request.user, **{name: form.cleaned_data[name] for name in ("year", *CYCLE_FIELDS)}
        )

    def service_update(self, request, obj, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in CYCLE_FIELDS}
        if data:
            obj = cycle_update(
                actor=request.user, cycle=obj, expected_updated_at=form.version_loaded(), data=data
            )
        if "status" in form.changed_data:
            move = CYCLE_TRANSITION_SERVICES.get(form.cleaned_data["status"])
            if move is None:
                raise ApplicationError(
                    _("Status: a cycle moves from planning to assessment to closed, never back."),
                    field="status",
                    code="invalid_transition",
                )
            obj = move(actor=request.user, cycle=obj)
        return obj
