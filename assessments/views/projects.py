"""`/projects/…`: the improvement projects' list, one project's page, a new project, the programme's view.

Reads go through `selectors.projects` (scoped by the access layer: a project outside a
person's scope answers 404), writes through `services.projects`; a service's refusal is
shown beside its field, a forbidden action answers 403. Every form is a plain post that
redirects on success.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from excellence.errors import ApplicationError
from excellence.form_errors import add_refusal_to_form
from excellence.persian import to_ascii_digits
from excellence.roles import AccessDenied

from .. import access
from ..filters import ImprovementProjectFilterSet
from ..forms.projects import ProgressForm, ProjectCreateForm, TransitionForm, styled
from ..models import Cycle, ImprovementProject
from ..selectors import home
from ..selectors import projects as selectors
from ..services.projects import (
    improvement_project_create,
    improvement_project_progress_add,
    improvement_project_transition,
)
from .base import ProductPageMixin

PAGE_SIZE = 25


def _cycle_of_year(cycles: list[Cycle], year: str) -> Cycle:
    """The cycle of `year` (typed with any digits) among `cycles`, else 404."""
    wanted = to_ascii_digits(year).strip()
    for cycle in cycles:
        if str(cycle.year) == wanted:
            return cycle
    raise Http404(_("No such cycle."))


def _forbidden(denied: AccessDenied) -> PermissionDenied:
    return PermissionDenied(denied.messages[0])


class ProjectListView(ProductPageMixin, ListView):
    """Every project the person sees, filtered by the shared FilterSet, 25 a page."""

    template_name = "assessments/projects/list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "projects"

    def get_queryset(self):
        self.filterset = ImprovementProjectFilterSet(
            self.request.GET or None,
            queryset=selectors.projects_for_list(user=self.request.user),
            request=self.request,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A value the filters refuse (an unknown unit, a cycle typed wrong) lists nothing but the error.
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        styled(self.filterset.form)
        # Someone who sees one unit's projects only needs no unit column and no unit filters.
        context["one_unit"] = access.organizations_visible(self.request.user).count() <= 1
        context["can_add"] = selectors.units_for_new_project(user=self.request.user).exists()
        return context


class ProjectDetailView(ProductPageMixin, TemplateView):
    """One project: its points and sub-criteria, its timeline, its next statuses, closing the loop."""

    template_name = "assessments/projects/detail.html"

    def load(self):
        try:
            self.detail = selectors.project_detail(user=self.request.user, project_id=self.kwargs["pk"])
        except ImprovementProject.DoesNotExist:
            raise Http404(_("No such project.")) from None
        return self.detail

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, *, progress_form=None, transition_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.detail.project
        context["detail"] = self.detail
        context["project"] = project
        context["progress_form"] = styled(
            progress_form
            or ProgressForm(
                initial={
                    "progress": project.progress,
                    "date": timezone.localdate(),
                    "version": project.updated_at.isoformat(),
                }
            )
        )
        context["transition_form"] = transition_form or TransitionForm()
        return context

    def success(self, message: str, anchor: str = ""):
        messages.success(self.request, message)
        return HttpResponseRedirect(reverse("project_detail", args=[self.detail.project.pk]) + anchor)


class ProjectProgressView(ProjectDetailView):
    """POST: report progress with a dated note; it goes on the timeline."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        project = self.load().project
        form = ProgressForm(request.POST)
        if form.is_valid():
            try:
                improvement_project_progress_add(
                    actor=request.user,
                    project=project,
                    expected_updated_at=form.cleaned_data["version"],
                    progress=form.cleaned_data["progress"],
                    note=form.cleaned_data["note"],
                    date=form.cleaned_data["date"],
                )
            except AccessDenied as denied:
                raise _forbidden(denied) from denied
            except ApplicationError as refusal:
                add_refusal_to_form(form, refusal)
            else:
                return self.success(_("Progress recorded on the project's timeline."), "#timeline")
        return self.render_to_response(self.get_context_data(progress_form=form), status=400)


class ProjectTransitionView(ProjectDetailView):
    """POST: move the project to one of its next statuses (verifying asks for a note)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        project = self.load().project
        form = TransitionForm(request.POST)
        if form.is_valid():
            target = form.cleaned_data["status"]
            try:
                improvement_project_transition(
                    actor=request.user,
                    project=project,
                    to_status=target,
                    note=form.cleaned_data["verification_note"],
                )
            except AccessDenied as denied:
                raise _forbidden(denied) from denied
            except ApplicationError as refusal:
                add_refusal_to_form(form, refusal)
            else:
                return self.success(
                    _("The project is now “%(status)s”.")
                    % {"status": ImprovementProject.Status(target).label}
                )
        return self.render_to_response(self.get_context_data(transition_form=form), status=400)


class ProjectCreateView(ProductPageMixin, TemplateView):
    """A new project of a unit, from one or several of its improvement points; it starts proposed.

    `?organization=CODE&cycle=YEAR` choose the unit and the cycle (the person's only unit
    and the newest open cycle by default).
    """

    template_name = "assessments/projects/create.html"

    def setup_choices(self):
        user = self.request.user
        self.units = list(selectors.units_for_new_project(user=user))
        if not self.units:
            raise PermissionDenied(str(access.ACTIONS["project.add"][1]))
        self.cycles = list(selectors.cycles_for_new_project(user=user))
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        code, year = source.get("organization"), source.get("cycle")
        by_code = {unit.code: unit for unit in self.units}
        self.organization = by_code.get(code) if code else (self.units[0] if len(self.units) == 1 else None)
        if code and self.organization is None:
            raise Http404(_("No such unit."))
        self.cycle = _cycle_of_year(self.cycles, year) if year else (self.cycles[0] if self.cycles else None)

    def form(self, data=None) -> ProjectCreateForm | None:
        if self.organization is None or self.cycle is None:
            return None
        points = selectors.improvement_points_open(
            user=self.request.user, organization=self.organization, cycle=self.cycle
        )
        owners = selectors.project_owners(organization=self.organization)
        initial = {"owner": self.request.user.pk} if owners.filter(pk=self.request.user.pk).exists() else {}
        return styled(ProjectCreateForm(data, points=points, owners=owners, initial=initial))

    def get(self, request, *args, **kwargs):
        self.setup_choices()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.setup_choices()
        form = self.form(request.POST)
        if form is None:
            raise Http404(_("Choose a unit and a cycle first."))
        if form.is_valid():
            data = form.service_data()
            try:
                project = improvement_project_create(
                    actor=request.user,
                    organization=self.organization,
                    cycle=self.cycle,
                    title=data.pop("title"),
                    category=data.pop("category"),
                    **data,
                )
            except AccessDenied as denied:
                raise _forbidden(denied) from denied
            except ApplicationError as refusal:
                add_refusal_to_form(form, refusal)
            else:
                messages.success(request, _("Project defined; it waits for the programme office's approval."))
                return HttpResponseRedirect(reverse("project_detail", args=[project.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(units=self.units, cycles=self.cycles, organization=self.organization, cycle=self.cycle)
        return context


class ProgrammeProjectsView(ProductPageMixin, TemplateView):
    """The programme's projects of a cycle (`?cycle=1401`): categories with shares, statuses, units."""

    template_name = "assessments/projects/programme.html"
    required_action = "dashboard.read"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cycles = list(access.cycles_visible(user).order_by("-year"))
        year = self.request.GET.get("cycle")
        cycle = _cycle_of_year(cycles, year) if year else home.cycle_current(user=user)
        context["cycles"] = cycles
        context["cycle"] = cycle
        context["overview"] = selectors.programme_projects(user=user, cycle=cycle) if cycle else None
        return context
