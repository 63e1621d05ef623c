"""`/exports/declarations/`: the declaration workbooks for the national award, to download.

The page lists a chosen cycle's units with a download each, and the programme's workbook.
A unit's workbook is small: it is built on request into a temporary file (openpyxl's
write-only mode keeps rows on disk, not in memory) and streamed from it; the file is gone
when the response closes. The programme's can take minutes: its URL starts a background
export (or finds the person's finished one, while the cycle's data has not changed) and
redirects to the export's page, which shows its progress, refreshing itself with htmx, and
offers the file when it is written.

The access layer decides: the programme workbook needs `declaration.export` (403
otherwise); a unit's workbook is found among the assessments a person sees (404 otherwise)
and then needs `declaration.export` on it (403: a manager before release); an export's
page and file are its owner's and the admins' (`access.export_jobs_visible`, 404 otherwise).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, TemplateView

from .. import access
from ..exports.declarations import declaration_filename, declaration_unit_write
from ..exports.files import workbook_response, written_workbook
from ..selectors import exports, home
from ..services.export_jobs import declaration_export_start, job_file_current
from .base import ProductPageMixin, ScopedObjectMixin

UNITS_PER_PAGE = 50


class DeclarationsView(ProductPageMixin, TemplateView):
    template_name = "assessments/exports/declarations.html"
    required_action = "declaration.export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cycles = list(exports.declaration_cycles(user=user))
        chosen = self.request.GET.get("cycle", "")
        cycle = next((cycle for cycle in cycles if str(cycle.year) == chosen), None)
        if cycle is None:
            cycle = home.cycle_current(user=user)
        context["cycles"] = cycles
        context["cycle"] = cycle
        context["released_only"] = not context["roles"].is_admin
        if cycle is not None:
            paginator = Paginator(exports.declaration_units(user=user, cycle=cycle), UNITS_PER_PAGE)
            context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        return context


class ProgrammeDeclarationDownload(ProductPageMixin, View):
    required_action = "declaration.export"

    def get(self, request, year):
        """Start the programme workbook's export, or find the person's matching one, and follow it."""
        cycle = get_object_or_404(access.cycles_visible(request.user), year=year)
        job, _created = declaration_export_start(actor=request.user, cycle=cycle)
        return redirect("declaration_job", pk=job.pk)


class DeclarationExportJobView(ProductPageMixin, ScopedObjectMixin, DetailView):
    """A background export's progress; an htmx request gets only the status fragment, which asks
    again every few seconds until the export has finished."""

    scope = access.export_jobs_visible
    context_object_name = "job"
    template_name = "assessments/exports/job.html"

    def get_queryset(self):
        return super().get_queryset().select_related("cycle")

    def get_template_names(self):
        if self.request.htmx:
            return ["assessments/exports/_job_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        # Offered only while the cycle's data is still what the workbook was written from.
        context["file_kept"] = job_file_current(job) is not None
        return context


class DeclarationExportJobFile(ProductPageMixin, ScopedObjectMixin, View):
    """A finished export's workbook, to its owner and the admins; 404 before it is written."""

    scope = access.export_jobs_visible

    def get(self, request, pk):
        job = get_object_or_404(self.get_queryset().select_related("cycle"), pk=pk)
        path = job_file_current(job)
        try:
            workbook = path.open("rb") if path is not None else None
        except FileNotFoundError:  # removed meanwhile: a newer export of the person replaced it
            workbook = None
        if workbook is None:
            raise Http404
        return workbook_response(workbook, filename=declaration_filename(cycle=job.cycle))


class UnitDeclarationDownload(ProductPageMixin, ScopedObjectMixin, View):
    scope = access.assessments_visible

    def get_object(self, queryset=None):
        queryset = self.get_queryset().select_related("cycle", "organization")
        assessment = queryset.filter(
            cycle__year=self.kwargs["year"], organization__code=self.kwargs["code"]
        ).first()
        if assessment is None:
            raise Http404
        return assessment

    def get(self, request, year, code):
        assessment = self.get_object()
        self.ensure("declaration.export", assessment)
        workbook = written_workbook(
            lambda output: declaration_unit_write(user=request.user, assessment=assessment, output=output)
        )
        return workbook_response(
            workbook,
            filename=declaration_filename(
                cycle=assessment.cycle, organization_code=assessment.organization.code
            ),
        )
