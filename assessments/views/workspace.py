"""`/workspace/`: the assessor's pages — findings, RADAR scores and hours, then the team's consensus.

Every page resolves its assessment through `access.assessments_visible` (outside it: 404)
and its findings, scores and hours through the matching scoped querysets; what it offers
is what `access.can` allows (`selectors.workspace.Permissions`), and every write is a
service called with `actor=request.user`, which checks again.

Each page works as plain form posts: a save redirects back to the page, a refusal
shows the page again with the message beside its field (400; 409 for a stale copy;
403 for a refused action). For an htmx request (`request.htmx`) the same views answer
with the fragment that changed: the findings of a sub-criterion after an add, edit or
delete, and the percentages as scores are typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from excellence.errors import StaleCopy
from excellence.form_errors import add_refusal_to_form
from excellence.roles import AccessDenied

from .. import access
from ..forms.workspace import (
    FindingForm,
    MergeForm,
    ReopenForm,
    ScoreForm,
    TimeEntryForm,
    TransitionForm,
)
from ..models import Assessment, Finding, Score, SubCriterion
from ..selectors import workspace as selectors
from ..services.assessments import assessment_reopen, assessment_transition
from ..services.findings import finding_create, finding_delete, finding_update
from ..services.hours import time_entry_create, time_entry_delete, time_entry_update
from ..services.scores import score_set
from .base import ProductPageMixin, ScopedObjectMixin

TEMPLATE = "assessments/workspace/assessment.html"
FINDINGS_FRAGMENT = "assessments/workspace/_findings_response.html"
SCORE_SUMMARY_FRAGMENT = "assessments/workspace/_score_summary.html"

BAD_INPUT = 400
CONFLICT = 409


class WorkspaceView(ProductPageMixin, TemplateView):
    """My assessments in the current cycle, and those of earlier cycles (read-only)."""

    template_name = "assessments/workspace/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["workspace"] = selectors.workspace_for(user=self.request.user)
        return context


def _call_service(form, service, **kwargs):
    """Run a write service; its refusal lands on `form`. Returns (result, status of a refusal or None)."""
    try:
        return service(**kwargs), None
    except AccessDenied as denied:
        raise PermissionDenied(denied.messages[0]) from denied
    except StaleCopy as stale:
        form.add_error(None, stale)
        return None, CONFLICT
    except ValidationError as refusal:
        add_refusal_to_form(form, refusal)
        return None, BAD_INPUT


class AssessmentMixin(ProductPageMixin, ScopedObjectMixin):
    """Resolves the assessment (and the sub-criterion of its framework) of every workspace page."""

    scope = access.assessments_visible
    pk_url_kwarg = "pk"

    def get_queryset(self):
        return super().get_queryset().select_related("cycle", "organization")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = self.get_object()
        self.sub_criterion = None
        code = kwargs.get("code")
        if code is not None:
            self.sub_criterion = (
                SubCriterion.objects.filter(framework_id=self.assessment.cycle.framework_id, code=code)
                .select_related("criterion")
                .first()
            )
            if self.sub_criterion is None:
                raise Http404(_("This framework has no such sub-criterion."))
        return super().dispatch(request, *args, **kwargs)

    # ------------------------------------------------------------------ where to go

    def assessment_url(self):
        return reverse("workspace-assessment", args=[self.assessment.pk])

    def sub_criterion_url(self, sub_criterion=None):
        sub_criterion = sub_criterion or self.sub_criterion
        return reverse("workspace-sub-criterion", args=[self.assessment.pk, sub_criterion.code])

    # ------------------------------------------------------------------ drawing the page

    def page(self):
        return selectors.assessment_page(
            user=self.request.user, assessment=self.assessment, sub_criterion=self.sub_criterion
        )

    def render_page(self, *, status=200, fragment=None, **forms):
        page = self.page()
        context = {
            "roles": access.roles_of(self.request.user),
            "page": page,
            "assessment": self.assessment,
            **self.forms_for(page, forms),
        }
        if page.sub_criterion is not None:
            context["sub_criterion_url"] = self.sub_criterion_url(page.sub_criterion)
            self.attach_finding_urls(page)
        template = fragment if (fragment and self.request.htmx) else TEMPLATE
        return render(self.request, template, context, status=status)

    def attach_finding_urls(self, page):
        """Each finding row's edit and delete URLs, from one reverse of each (not two per row)."""
        edit = _url_around_id("workspace-finding-edit", self.assessment.pk)
        delete = _url_around_id("workspace-finding-delete", self.assessment.pk)
        groups = [page.my_findings, page.consensus_findings] + [kinds for _a, kinds in page.team_findings]
        for group in groups:
            for findings in group.values():
                for finding in findings:
                    finding.edit_url = f"{edit[0]}{finding.key}{edit[1]}"
                    finding.delete_url = f"{delete[0]}{finding.key}{delete[1]}"

    def forms_for(self, page, given):
        """Every form the page shows: fresh ones, except those `given` (bound, with their errors)."""
        forms = {}
        if page.sub_criterion is not None:
            # The add forms of the stage the page offers adding to, one per kind (none for a reader).
            if page.in_consensus_or_later:
                shown = [Finding.Stage.CONSENSUS] if page.permissions.consensus else []
            else:
                shown = [Finding.Stage.INDIVIDUAL] if page.permissions.add_individual else []
            forms["add_forms"] = {
                stage: {
                    kind: FindingForm(initial={"kind": kind}, prefix=f"{stage}-{kind}")
                    for kind in Finding.Kind
                }
                if stage in shown
                else {}
                for stage in Finding.Stage
            }
            bound_add = given.pop("add_form", None)
            if bound_add is not None:
                stage, kind = bound_add.prefix_key
                forms["add_forms"][stage][kind] = bound_add
            forms["edit_id"] = given.pop("edit_id", None)
            forms["edit_form"] = given.pop("edit_form", None)
            forms["conflict"] = given.pop("conflict", None)
            if forms["edit_id"] is not None and forms["edit_form"] is None:
                finding = self.finding_on_page(page, forms["edit_id"])
                if finding is not None:
                    forms["edit_form"] = FindingForm(
                        initial={
                            "kind": finding.kind,
                            "text": finding.text,
                            "evidence": finding.evidence,
                            "evidence_note": finding.evidence_note,
                            "version": finding.updated_at.isoformat(),
                        },
                        prefix="edit",
                    )
                else:
                    forms["edit_id"] = None
            forms["merge_form"] = given.pop("merge_form", None) or MergeForm(prefix="merge")
            forms["individual_score_form"] = given.pop("individual_score_form", None) or self.score_form(
                page, page.my_score, {}, stage=Score.Stage.INDIVIDUAL
            )
            forms["consensus_score_form"] = given.pop("consensus_score_form", None) or self.score_form(
                page, page.consensus_score, page.consensus_prefill, stage=Score.Stage.CONSENSUS
            )
            forms["score_conflict"] = given.pop("score_conflict", None)
        else:
            forms["entry_id"] = given.pop("entry_id", None)
            forms["entry_form"] = given.pop("entry_form", None)
            if forms["entry_id"] is not None and forms["entry_form"] is None:
                entry = next(
                    (e for e in page.my_entries + page.team_entries if e.pk == forms["entry_id"]), None
                )
                if entry is None:
                    forms["entry_id"] = None
                else:
                    forms["entry_form"] = TimeEntryForm(
                        initial={
                            "date": entry.date,
                            "hours": entry.hours.normalize(),
                            "activity": entry.activity,
                            "note": entry.note,
                            "version": entry.updated_at.isoformat(),
                        },
                        prefix="entry",
                    )
            forms["hours_form"] = given.pop("hours_form", None) or TimeEntryForm(prefix="hours")
            forms["reopen_form"] = given.pop("reopen_form", None) or ReopenForm()
            forms["transition_error"] = given.pop("transition_error", None)
        forms.update(given)
        return forms

    @staticmethod
    def finding_on_page(page, finding_id):
        groups = [page.my_findings, page.consensus_findings] + [kinds for _a, kinds in page.team_findings]
        for group in groups:
            for findings in group.values():
                for finding in findings:
                    if finding.pk == finding_id:
                        return finding
        return None

    @staticmethod
    def score_form(page, card, prefill, *, stage, data=None):
        values = card.values if card is not None and card.values else prefill
        return ScoreForm(
            data,
            attributes=[attribute for element in page.elements for attribute in element.attributes],
            initial_values=values,
            initial={"version": card.version if card is not None else ""},
            auto_id=f"id_{stage}_%s",
        )


class AssessmentView(AssessmentMixin, View):
    """The assessment's page: its criteria tree with progress, its workflow, result and hours."""

    def get(self, request, *args, **kwargs):
        entry_id = _int_or_none(request.GET.get("entry"))
        return self.render_page(entry_id=entry_id)


class SubCriterionView(AssessmentMixin, View):
    """One sub-criterion of the assessment: findings by kind and RADAR scores, mine and the team's."""

    def get(self, request, *args, **kwargs):
        edit_id = _int_or_none(request.GET.get("edit"))
        return self.render_page(edit_id=edit_id, fragment=FINDINGS_FRAGMENT)


# An id no finding has, reversed in its place and then replaced by each row's own.
_ID_SLOT = 2_147_483_647


def _url_around_id(name, *args):
    """(before, after) the last argument of `reverse(name, args=[*args, id])`, whatever the id."""
    url = reverse(name, args=[*args, _ID_SLOT])
    before, after = url.rsplit(str(_ID_SLOT), 1)
    return before, after


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- findings


class FindingsMixin(AssessmentMixin):
    def done(self, message):
        if self.request.htmx:
            return self.render_page(fragment=FINDINGS_FRAGMENT)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.sub_criterion_url() + "#findings")


class FindingCreateView(FindingsMixin, View):
    """Add a finding of one kind: my own (individual) or the team's (consensus)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        stage = request.POST.get("stage")
        kind = request.POST.get("kind")
        if stage not in Finding.Stage.values or kind not in Finding.Kind.values:
            return self.render_page(status=BAD_INPUT, fragment=FINDINGS_FRAGMENT)
        form = FindingForm(request.POST, prefix=f"{stage}-{kind}")
        form.prefix_key = (stage, kind)
        status = BAD_INPUT
        if form.is_valid():
            data = form.cleaned_data
            author = None
            if stage == Finding.Stage.INDIVIDUAL:
                author = (
                    access.assessors_visible(request.user)
                    .filter(pk=access.roles_of(request.user).assessor_id)
                    .first()
                )
            _finding, status = _call_service(
                form,
                finding_create,
                actor=request.user,
                assessment=self.assessment,
                sub_criterion=self.sub_criterion,
                kind=data["kind"],
                stage=stage,
                text=data["text"],
                author=author,
                evidence=data["evidence"],
                evidence_note=data["evidence_note"],
            )
            if status is None:
                return self.done(_("The finding was added."))
        return self.render_page(status=status, fragment=FINDINGS_FRAGMENT, add_form=form)


class MergeView(FindingsMixin, View):
    """The leader merges individual findings into one consensus finding (they stay linked to it)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        individual = access.findings_visible(request.user).filter(
            assessment_id=self.assessment.pk,
            sub_criterion_id=self.sub_criterion.pk,
            stage=Finding.Stage.INDIVIDUAL,
        )
        form = MergeForm(request.POST, prefix="merge", individual_findings=individual)
        status = BAD_INPUT
        if form.is_valid():
            data = form.cleaned_data
            _finding, status = _call_service(
                form,
                finding_create,
                actor=request.user,
                assessment=self.assessment,
                sub_criterion=self.sub_criterion,
                kind=data["kind"],
                stage=Finding.Stage.CONSENSUS,
                text=data["text"],
                evidence=data["evidence"],
                evidence_note=data["evidence_note"],
                merged_from=list(data["merged"]),
            )
            if status is None:
                return self.done(_("The consensus finding was added."))
        return self.render_page(status=status, fragment=FINDINGS_FRAGMENT, merge_form=form)


class FindingObjectMixin(FindingsMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = self.get_object()
        self.finding = get_object_or_404(
            access.findings_visible(request.user).select_related(
                "sub_criterion__criterion", "assessment__cycle"
            ),
            pk=kwargs["finding_id"],
            assessment_id=self.assessment.pk,
        )
        self.sub_criterion = self.finding.sub_criterion
        return ProductPageMixin.dispatch(self, request, *args, **kwargs)


class FindingUpdateView(FindingObjectMixin, View):
    """Change a finding's kind, text and evidence, on the version the editor loaded."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = FindingForm(request.POST, prefix="edit")
        status = BAD_INPUT
        conflict = None
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in ("kind", "text", "evidence", "evidence_note")}
            _finding, status = _call_service(
                form,
                finding_update,
                actor=request.user,
                finding=self.finding,
                expected_updated_at=form.cleaned_data["version"],
                data=data,
            )
            if status is None:
                return self.done(_("The finding was saved."))
            if status == CONFLICT:
                # Both versions side by side: what is stored now, and what was typed (kept in the form).
                conflict = Finding.objects.get(pk=self.finding.pk)
                form = FindingForm(
                    _with(request.POST, "edit-version", conflict.updated_at.isoformat()), prefix="edit"
                )
                form.is_valid()
                form.add_error(None, _stale_message())
        return self.render_page(
            status=status,
            fragment=FINDINGS_FRAGMENT,
            edit_id=self.finding.pk,
            edit_form=form,
            conflict=conflict,
        )


def _with(data, name, value):
    data = data.copy()
    data[name] = value
    return data


def _stale_message():
    return _(
        "Someone else changed this after you opened it. Nothing was saved. The version stored now "
        "is shown beside yours: keep yours by saving again, or reload to start from theirs."
    )


class FindingDeleteView(FindingObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            finding_delete(actor=request.user, finding=self.finding)
        except AccessDenied as denied:
            raise PermissionDenied(denied.messages[0]) from denied
        except ValidationError as refusal:
            if request.htmx:
                return self.render_page(
                    status=BAD_INPUT, fragment=FINDINGS_FRAGMENT, delete_error=refusal.messages
                )
            messages.error(request, " ".join(refusal.messages))
            return HttpResponseRedirect(self.sub_criterion_url() + "#findings")
        return self.done(_("The finding was deleted."))


# --------------------------------------------------------------------------- scores


class ScoreSaveView(AssessmentMixin, View):
    """Save my scores of the sub-criterion (individual) or the team's (consensus)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        stage = request.POST.get("stage")
        if stage not in Score.Stage.values:
            return self.render_page(status=BAD_INPUT)
        page = self.page()
        card = page.my_score if stage == Score.Stage.INDIVIDUAL else page.consensus_score
        form = self.score_form(page, card, {}, stage=stage, data=request.POST)
        form_name = f"{stage}_score_form"
        status = BAD_INPUT
        if form.is_valid():
            assessor = None
            if stage == Score.Stage.INDIVIDUAL:
                assessor = access.assessors_visible(request.user).filter(pk=page.assessor_id).first()
            _score, status = _call_service(
                form,
                score_set,
                actor=request.user,
                assessment=self.assessment,
                sub_criterion=self.sub_criterion,
                stage=stage,
                values=form.cleaned_data["values"],
                expected_updated_at=form.cleaned_data["version"],
                assessor=assessor,
            )
            if status is None:
                messages.success(request, _("The scores were saved."))
                return HttpResponseRedirect(self.sub_criterion_url() + f"#scores-{stage}")
        extra = {form_name: form}
        if status == CONFLICT:
            fresh = self.page()
            stored = fresh.my_score if stage == Score.Stage.INDIVIDUAL else fresh.consensus_score
            extra["score_conflict"] = {"stage": stage, "card": stored}
            form = self.score_form(
                fresh,
                stored,
                {},
                stage=stage,
                data=_with(request.POST, "version", stored.version if stored else ""),
            )
            form.is_valid()
            form.add_error(None, _stale_message())
            extra[form_name] = form
        return self.render_page(status=status, **extra)


class ScorePreviewView(AssessmentMixin, View):
    """The element means and the percentage of scores as typed (and, in consensus, the provisional
    total and band): nothing is saved. htmx posts the score form here as it is typed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        stage = request.POST.get("stage")
        if stage not in Score.Stage.values:
            return self.render_page(status=BAD_INPUT)
        page = self.page()
        form = self.score_form(page, None, {}, stage=stage, data=request.POST)
        values = form.typed_values()
        card = selectors.score_card(page=page, values=values)
        preview = None
        if stage == Score.Stage.CONSENSUS and page.in_consensus_or_later:
            preview = selectors.consensus_preview(user=request.user, page=page, values=values)
        context = {
            "page": page,
            "stage": stage,
            "card": card,
            "preview": preview,
            "invalid": [
                form.attribute_names[name].name for name in form.errors if name in form.attribute_names
            ],
        }
        if not request.htmx:
            return self.render_page(**{f"{stage}_score_form": form})
        return render(request, SCORE_SUMMARY_FRAGMENT, context)


# --------------------------------------------------------------------------- hours


class HoursMixin(AssessmentMixin):
    def done(self, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.assessment_url() + "#hours")


class TimeEntryCreateView(HoursMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TimeEntryForm(request.POST, prefix="hours")
        status = BAD_INPUT
        if form.is_valid():
            data = form.cleaned_data
            assessor = (
                access.assessors_visible(request.user)
                .filter(pk=access.roles_of(request.user).assessor_id)
                .first()
            )
            if assessor is None:
                raise PermissionDenied(str(access.ACTIONS["time_entry.add"][1]))
            _entry, status = _call_service(
                form,
                time_entry_create,
                actor=request.user,
                assessment=self.assessment,
                assessor=assessor,
                date=data["date"],
                hours=data["hours"],
                activity=data["activity"],
                note=data["note"],
            )
            if status is None:
                return self.done(_("The hours were logged."))
        return self.render_page(status=status, hours_form=form)


class TimeEntryObjectMixin(HoursMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = self.get_object()
        self.sub_criterion = None
        self.entry = get_object_or_404(
            access.time_entries_visible(request.user).select_related("assessment__cycle", "assessor"),
            pk=kwargs["entry_id"],
            assessment_id=self.assessment.pk,
        )
        return ProductPageMixin.dispatch(self, request, *args, **kwargs)


class TimeEntryUpdateView(TimeEntryObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TimeEntryForm(request.POST, prefix="entry")
        status = BAD_INPUT
        if form.is_valid():
            data = form.cleaned_data
            _entry, status = _call_service(
                form,
                time_entry_update,
                actor=request.user,
                entry=self.entry,
                expected_updated_at=data["version"],
                date=data["date"],
                hours=data["hours"],
                activity=data["activity"],
                note=data["note"],
            )
            if status is None:
                return self.done(_("The hours were saved."))
        return self.render_page(status=status, entry_id=self.entry.pk, entry_form=form)


class TimeEntryDeleteView(TimeEntryObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            time_entry_delete(actor=request.user, entry=self.entry)
        except AccessDenied as denied:
            raise PermissionDenied(denied.messages[0]) from denied
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return HttpResponseRedirect(self.assessment_url() + "#hours")
        return self.done(_("The hours were deleted."))


# --------------------------------------------------------------------------- workflow


class TransitionView(AssessmentMixin, View):
    """Move the assessment on: start, begin consensus, finalize (the leader), release (the office)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TransitionForm(request.POST)
        if not form.is_valid():
            return self.render_page(status=BAD_INPUT, transition_error=[_("Status: choose a next status.")])
        to_status = form.cleaned_data["to_status"]
        try:
            assessment_transition(actor=request.user, assessment=self.assessment, to_status=to_status)
        except AccessDenied as denied:
            raise PermissionDenied(denied.messages[0]) from denied
        except ValidationError as refusal:
            return self.render_page(status=BAD_INPUT, transition_error=refusal.messages)
        messages.success(
            request,
            _("The assessment moved on to: %(status)s.") % {"status": Assessment.Status(to_status).label},
        )
        return HttpResponseRedirect(self.assessment_url())


class ReopenView(AssessmentMixin, View):
    """The office sends a finalized assessment back to consensus, with a written reason."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReopenForm(request.POST)
        status = BAD_INPUT
        if form.is_valid():
            _assessment, status = _call_service(
                form,
                assessment_reopen,
                actor=request.user,
                assessment=self.assessment,
                reason=form.cleaned_data["reason"],
            )
            if status is None:
                messages.success(request, _("The assessment was reopened for consensus."))
                return HttpResponseRedirect(self.assessment_url())
        return self.render_page(status=status, reopen_form=form)
