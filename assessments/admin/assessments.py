"""Admin of assessments with their team, the reopenings and the stored results."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from excellence.admin.display import change_link, changelist_link, count_of, short_text
from excellence.admin.filters import ASSESSOR_KIND_FILTER, UNIT_KIND_FILTER
from excellence.admin.services import (
    NextStatusForm,
    ServiceHistoryAdmin,
    ServiceInlineFormSet,
    ServiceModelAdmin,
    ServiceModelForm,
    ServiceTabularInline,
)
from excellence.languages import is_english
from excellence.numbers import shown_decimal, shown_digits
from excellence.roles import is_programme_admin

from .. import access
from ..models import Assessment, AssessmentReopening, AssessmentResult, Assignment, Finding
from ..services.assessments import (
    ALLOWED_TRANSITIONS,
    assessment_create,
    assessment_reopen,
    assessment_transition,
    assessment_update,
    assignment_create,
    assignment_delete,
    assignment_update,
)
from ..services.findings import finding_create
from ..services.results import assessment_result_recompute
from ..services.rules import assessment_is_editable, cycle_is_editable, ensure_assignment_keeps_assessor
from .read_only import ClosedCycleReadOnlyMixin, LockedAssessmentReadOnlyMixin, lock_reason

ASSESSOR_SEARCH = ("assessor__user__username", "assessor__user__first_name", "assessor__user__last_name")
ORGANIZATION_SEARCH = ("assessment__organization__name_fa", "assessment__organization__code")
# How many consensus findings the assessment page lists; the findings list has them all.
FINDINGS_SHOWN = 30


def stored_result(assessment):
    try:
        return assessment.result
    except AssessmentResult.DoesNotExist:
        return None


def stars_text(stars) -> str:
    return "★" * stars if stars else "–"


class AssessmentForm(NextStatusForm):
    """The status offers only the next step; going back is an admin's reopening, with a reason."""

    transitions = ALLOWED_TRANSITIONS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:
            status.help_text = _(
                "An assessment moves one step at a time. A finalized assessment goes back to consensus "
                "only by reopening it, with a written reason."
            )


class AssignmentInline(LockedAssessmentReadOnlyMixin, ServiceTabularInline):
    assessment_path = ""
    model = Assignment
    fields = ("assessor", "role")
    autocomplete_fields = ("assessor",)
    verbose_name_plural = _("team")
    ordering = ("role", "assessor__user__last_name", "assessor__user__first_name", "assessor__user__username")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assessor__user")

    def service_create(self, request, parent, form):
        return assignment_create(
            actor=request.user,
            assessment=parent,
            assessor=form.cleaned_data["assessor"],
            role=form.cleaned_data["role"],
        )

    def service_update(self, request, obj, form):
        ensure_assignment_keeps_assessor(assignment=obj, assessor=form.cleaned_data["assessor"])
        return assignment_update(
            actor=request.user,
            assignment=obj,
            expected_updated_at=form.version_loaded(),
            role=form.cleaned_data["role"],
        )

    def service_delete(self, request, obj):
        assignment_delete(actor=request.user, assignment=obj)


class FirstRowsFormSet(ServiceInlineFormSet):
    """An inline table showing only its first `limit` rows: an assessment has hundreds of findings."""

    limit = FINDINGS_SHOWN

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = super().get_queryset()[: self.limit]
        return self._first_rows


class ConsensusFindingInline(ServiceTabularInline):
    """The team's agreed findings, read here; they are edited one by one in the findings list."""

    model = Finding
    formset = FirstRowsFormSet
    fields = ("sub_criterion_code", "kind", "text_start")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = format_lazy(
        _("consensus findings (the first {count}; all are in the findings list)"), count=FINDINGS_SHOWN
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(stage=Finding.Stage.CONSENSUS)
            .select_related("sub_criterion__criterion")
            .order_by("sub_criterion__criterion__order", "sub_criterion__order", "kind", "id")
        )

    @admin.display(description=_("sub-criterion"))
    def sub_criterion_code(self, obj):
        return obj.sub_criterion.display_code

    @admin.display(description=_("text"))
    def text_start(self, obj):
        return short_text(obj.text, 120)


class NewFindingForm(ServiceModelForm):
    class Meta:
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 50})}


class NewFindingInline(LockedAssessmentReadOnlyMixin, ServiceTabularInline):
    """Findings added from the assessment's page; recorded ones are listed above and in the findings list."""

    assessment_path = ""
    model = Finding
    form = NewFindingForm
    fields = ("sub_criterion", "kind", "stage", "author", "text")
    autocomplete_fields = ("sub_criterion", "author")
    extra = 1
    verbose_name = _("new finding")
    verbose_name_plural = _("add findings")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return finding_create(
            actor=request.user,
            assessment=parent,
            sub_criterion=data["sub_criterion"],
            kind=data["kind"],
            stage=data["stage"],
            text=data["text"],
            author=data.get("author"),
        )


class ReopeningInline(ServiceTabularInline):
    model = AssessmentReopening
    fields = ("created_at_jalali", "reopened_by", "reason")
    readonly_fields = fields
    verbose_name_plural = _("reopenings")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reopened_by")


@admin.register(Assessment)
class AssessmentAdmin(ClosedCycleReadOnlyMixin, ServiceHistoryAdmin):
    form = AssessmentForm
    list_display = (
        "organization",
        "organization_kind",
        "cycle",
        "status",
        "team_size",
        "consensus_findings",
        "rating",
        "site_visit_date_jalali",
    )
    list_filter = ("cycle", "status", ("organization__kind", UNIT_KIND_FILTER))
    list_select_related = ("organization", "cycle", "result")
    search_fields = ("organization__name_fa", "organization__name_en", "organization__code")
    autocomplete_fields = ("organization",)
    ordering = ("-cycle__year", "organization__kind", "organization__code")
    actions = [
        "start_individual",
        "begin_consensus",
        "finalize",
        "release",
        "reopen_assessments",
        "export_declarations",
    ]
    str_related = ("organization", "cycle")

    # ------------------------------------------------------------------ what may change

    def is_read_only(self, obj) -> bool:
        """A released assessment has nothing left to change (no next status, its content locked):
        its page is read-only, with the Reopen page the way back; so is all of a closed cycle."""
        return super().is_read_only(obj) or obj.status == Assessment.Status.RELEASED

    def read_only_reason(self, obj) -> str | None:
        return lock_reason(obj)

    def locked_content_reason(self, obj) -> str | None:
        if obj.status != Assessment.Status.FINALIZED or not cycle_is_editable(obj.cycle):
            return None
        return _(
            "The assessment of %(organization)s in %(year)s is finalized: its team, findings and scores "
            "are read-only until an admin reopens it; its status can only move on to released. "
            "Hours are still logged until release."
        ) % {"organization": obj.organization, "year": shown_digits(obj.cycle.year)}

    def may_reopen(self, request, obj) -> bool:
        return is_programme_admin(request.user) and obj.is_locked and cycle_is_editable(obj.cycle)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["may_reopen"] = self.may_reopen(request, obj)
            if obj.is_locked:
                # Only the status can still move (finalized → released): one button, "Save".
                context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("result")
            .annotate(
                team_size=count_of(Assignment, "assessment"),
                consensus_finding_count=count_of(Finding, "assessment", stage=Finding.Stage.CONSENSUS),
            )
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("cycle", "organization", "site_visit_date")
        site_visit = "site_visit_date" if assessment_is_editable(obj) else "site_visit_date_jalali"
        return (
            "cycle",
            "organization",
            "status",
            site_visit,
            "finalized_at_jalali",
            "released_at_jalali",
            "result_summary",
            "finding_summary",
        )

    readonly_on_change = (
        "cycle",
        "organization",
        "finalized_at_jalali",
        "released_at_jalali",
        "result_summary",
        "finding_summary",
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not assessment_is_editable(obj):
            readonly = (*readonly, "site_visit_date_jalali")
        return readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return [AssignmentInline]
        if assessment_is_editable(obj):
            return [AssignmentInline, ConsensusFindingInline, NewFindingInline, ReopeningInline]
        return [AssignmentInline, ConsensusFindingInline, ReopeningInline]

    # ------------------------------------------------------------------ columns

    @admin.display(description=_("kind"), ordering="organization__kind")
    def organization_kind(self, obj):
        return obj.organization.get_kind_display()

    @admin.display(description=_("team"), ordering="team_size")
    def team_size(self, obj):
        return shown_digits(obj.team_size)

    @admin.display(description=_("consensus findings"), ordering="consensus_finding_count")
    def consensus_findings(self, obj):
        return changelist_link(
            Finding,
            shown_digits(obj.consensus_finding_count),
            assessment__id__exact=obj.pk,
            stage__exact="consensus",
        )

    @admin.display(description=_("rating"), ordering="result__total")
    def rating(self, obj):
        result = stored_result(obj)
        if result is None:
            return "–"
        return format_html(
            '<span class="stars">{}</span> {}', stars_text(result.stars), shown_decimal(result.total, 1)
        )

    @admin.display(description=_("stored result"))
    def result_summary(self, obj):
        result = stored_result(obj)
        if result is None:
            return _("None: an assessment's result is stored when it is finalized.")
        level = result.level_en if self._english(obj) else result.level_fa
        return format_html(
            '{} — <span class="stars">{}</span> {} ({})',
            shown_decimal(result.total, 1),
            stars_text(result.stars),
            level,
            change_link(result, _("details")),
        )

    @admin.display(description=_("findings"))
    def finding_summary(self, obj):
        counts = {
            (row["stage"], row["kind"]): row["count"]
            for row in Finding.objects.filter(assessment=obj)
            .values("stage", "kind")
            .annotate(count=Count("pk"))
        }
        consensus = format_html_join(
            " · ",
            "{}: {}",
            (
                (label, shown_digits(counts.get((Finding.Stage.CONSENSUS, kind), 0)))
                for kind, label in Finding.Kind.choices
            ),
        )
        individual = sum(
            count for (stage, _kind), count in counts.items() if stage == Finding.Stage.INDIVIDUAL
        )
        return format_html(
            "{} {} — {} {} — {}",
            _("Consensus:"),
            consensus,
            _("individual:"),
            shown_digits(individual),
            changelist_link(Finding, _("all findings of this assessment"), assessment__id__exact=obj.pk),
        )

    @staticmethod
    def _english(obj):
        return is_english()

    # ------------------------------------------------------------------ saving

    def service_create(self, request, form):
        data = form.cleaned_data
        return assessment_create(
            actor=request.user,
            cycle=data["cycle"],
            organization=data["organization"],
            site_visit_date=data.get("site_visit_date"),
        )

    def service_update(self, request, obj, form):
        if "site_visit_date" in form.changed_data:
            obj = assessment_update(
                actor=request.user,
                assessment=obj,
                expected_updated_at=form.version_loaded(),
                site_visit_date=form.cleaned_data["site_visit_date"],
            )
        if "status" in form.changed_data:
            obj = assessment_transition(
                actor=request.user, assessment=obj, to_status=form.cleaned_data["status"]
            )
        return obj

    # ------------------------------------------------------------------ status changes

    def _move_to(self, request, queryset, to_status, done_message):
        """Move every selected assessment to `to_status`; the transitions table refuses the others."""
        self.run_service_each(
            request,
            queryset,
            lambda assessment: assessment_transition(
                actor=request.user, assessment=assessment, to_status=to_status
            ),
            done_message=done_message,
        )

    @admin.action(
        description=_("Start the individual assessment of the selected assessments"), permissions=["change"]
    )
    def start_individual(self, request, queryset):
        self._move_to(
            request,
            queryset,
            Assessment.Status.INDIVIDUAL,
            _("%(count)s assessments moved to individual assessment."),
        )

    @admin.action(description=_("Begin the consensus of the selected assessments"), permissions=["change"])
    def begin_consensus(self, request, queryset):
        self._move_to(
            request, queryset, Assessment.Status.CONSENSUS, _("%(count)s assessments moved to consensus.")
        )

    @admin.action(
        description=_("Finalize the selected assessments (stores their results)"), permissions=["change"]
    )
    def finalize(self, request, queryset):
        self._move_to(request, queryset, Assessment.Status.FINALIZED, _("%(count)s assessments finalized."))

    @admin.action(description=_("Release the results of the selected assessments"), permissions=["change"])
    def release(self, request, queryset):
        self._move_to(request, queryset, Assessment.Status.RELEASED, _("%(count)s assessments released."))

    @admin.action(
        description=_("Reopen the selected assessments (asks for a reason)"), permissions=["change"]
    )
    def reopen_assessments(self, request, queryset):
        return self._reopen(request, list(queryset), action="reopen_assessments")

    @admin.action(
        description=_("Export the declaration workbook of the selected assessments"), permissions=["view"]
    )
    def export_declarations(self, request, queryset):
        """One assessment: its unit's workbook; several of one cycle: the programme workbook (in the
        background). The export's own page decides who may export what, as everywhere else."""
        chosen = list(queryset.select_related("cycle", "organization").order_by()[:2])
        if len(chosen) == 1:
            assessment = chosen[0]
            return redirect("declaration_unit", year=assessment.cycle.year, code=assessment.organization.code)
        years = set(queryset.values_list("cycle__year", flat=True))
        if len(years) != 1:
            self.message_user(
                request,
                _("Choose the assessments of one cycle: a programme workbook holds one cycle."),
                messages.ERROR,
            )
            return None
        (year,) = years
        self.message_user(
            request,
            _("The programme workbook of cycle %(year)s holds every unit of the cycle.")
            % {"year": shown_digits(year)},
            messages.INFO,
        )
        return redirect("declaration_programme", year=year)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/reopen/",
                self.admin_site.admin_view(self.reopen_view),
                name=f"{opts.app_label}_{opts.model_name}_reopen",
            ),
            *super().get_urls(),
        ]

    def reopen_view(self, request, object_id):
        assessment = self.get_object(request, unquote(object_id))
        if assessment is None:
            raise Http404
        if not self.may_reopen(request, assessment):
            raise PermissionDenied
        return self._reopen(request, [assessment])

    def _reopen(self, request, assessments, action=None):
        opts = self.model._meta
        if action is None and len(assessments) == 1:
            next_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[assessments[0].pk])
        else:
            next_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return self.text_confirmation(
            request,
            assessments,
            field="reason",
            label=_("Reason"),
            call=lambda assessment, reason: assessment_reopen(
                actor=request.user, assessment=assessment, reason=reason
            ),
            title=_("Reopen assessments"),
            intro=_(
                "Reopening sends a finalized or released assessment back to consensus and removes its "
                "stored result (its history keeps it). Write why; the reason is kept with the assessment."
            ),
            done_message=_("%(count)s assessments reopened."),
            next_url=next_url,
            action=action,
        )


@admin.register(Assignment)
class AssignmentAdmin(LockedAssessmentReadOnlyMixin, ServiceHistoryAdmin):
    list_display = ("assessor", "assessor_kind", "role", "assessment", "cycle")
    list_filter = ("assessment__cycle", "role", ("assessor__kind", ASSESSOR_KIND_FILTER))
    list_select_related = ("assessor__user", "assessment__organization", "assessment__cycle")
    search_fields = (*ASSESSOR_SEARCH, *ORGANIZATION_SEARCH)
    autocomplete_fields = ("assessment", "assessor")
    ordering = ("-assessment__cycle__year", "assessment__organization__code", "role")
    str_related = ("assessor__user",)

    def get_fields(self, request, obj=None):
        return ("assessment", "assessor", "role")

    readonly_on_change = ("assessment", "assessor")

    @admin.display(description=_("assessor kind"), ordering="assessor__kind")
    def assessor_kind(self, obj):
        return obj.assessor.get_kind_display()

    @admin.display(description=_("cycle"), ordering="assessment__cycle__year")
    def cycle(self, obj):
        return obj.assessment.cycle

    def service_create(self, request, form):
        data = form.cleaned_data
        return assignment_create(
            actor=request.user, assessment=data["assessment"], assessor=data["assessor"], role=data["role"]
        )

    def service_update(self, request, obj, form):
        return assignment_update(
            actor=request.user,
            assignment=obj,
            expected_updated_at=form.version_loaded(),
            role=form.cleaned_data["role"],
        )

    def service_delete(self, request, obj):
        assignment_delete(actor=request.user, assignment=obj)


@admin.register(AssessmentReopening)
class AssessmentReopeningAdmin(ServiceModelAdmin):
    """Reopenings are made by the assessment's Reopen page; kept here, never changed."""

    list_display = ("assessment", "reopened_by", "created_at_jalali", "short_reason")
    list_filter = ("assessment__cycle",)
    list_select_related = ("assessment__organization", "assessment__cycle", "reopened_by")
    search_fields = ("assessment__organization__name_fa", "assessment__organization__code", "reason")
    ordering = ("-created_at",)
    fields = ("assessment", "reopened_by", "created_at", "reason")

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return short_text(obj.reason)


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ServiceHistoryAdmin):
    """Results are stored by finalizing; an admin may recompute them, nothing else."""

    list_display = (
        "assessment",
        "total_shown",
        "stars_shown",
        "level",
        "points_to_next_shown",
        "scheme",
        "computed_at_jalali",
        "computed_by",
    )
    list_filter = ("assessment__cycle", "stars", ("assessment__organization__kind", UNIT_KIND_FILTER))
    list_select_related = ("assessment__organization", "assessment__cycle", "scheme", "computed_by")
    search_fields = (
        "assessment__organization__name_fa",
        "assessment__organization__code",
        "level_fa",
        "level_en",
    )
    ordering = ("-assessment__cycle__year", "-total")
    actions = ["recompute_results"]
    fields = (
        "assessment",
        "total",
        "criterion_points_shown",
        "scheme",
        "level_code",
        "level_fa",
        "level_en",
        "stars",
        "next_level_fa",
        "next_level_en",
        "points_to_next",
        "computed_at",
        "computed_by",
    )
    str_related = ("assessment__organization", "assessment__cycle")

    @admin.display(description=_("total points"), ordering="total")
    def total_shown(self, obj):
        return shown_decimal(obj.total, 1)

    @admin.display(description=_("points to next level"), ordering="points_to_next")
    def points_to_next_shown(self, obj):
        return shown_digits(obj.points_to_next) if obj.points_to_next is not None else "–"

    @admin.display(description=_("stars"), ordering="stars")
    def stars_shown(self, obj):
        return format_html('<span class="stars">{}</span>', stars_text(obj.stars))

    @admin.display(description=_("level"), ordering="level_code")
    def level(self, obj):
        return obj.level_en if AssessmentAdmin._english(obj) else obj.level_fa

    @admin.display(description=_("criterion points"))
    def criterion_points_shown(self, obj):
        return " · ".join(
            f"{shown_digits(code)}: {shown_decimal(points, 1)}"
            for code, points in (obj.criterion_points or {}).items()
        )

    def has_recompute_permission(self, request):
        return access.can(request.user, "result.recompute")

    @admin.action(
        description=_("Recompute the selected results from the current scores and scheme"),
        permissions=["recompute"],
    )
    def recompute_results(self, request, queryset):
        self.run_service_each(
            request,
            queryset,
            lambda result: assessment_result_recompute(actor=request.user, assessment=result.assessment),
            done_message=_("%(count)s results recomputed."),
        )
