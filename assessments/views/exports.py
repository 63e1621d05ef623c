"""`/exports/declarations/`: the declaration workbooks for the national award, to download.

The page lists a chosen cycle's units with a download each, and the programme's workbook.
Downloads are built on request into a temporary file (openpyxl's write-only mode keeps
rows on disk, not in memory) and streamed from it; the file is gone when the response
closes. The access layer decides: the programme workbook needs `declaration.export`
(403 otherwise); a unit's workbook is found among the assessments a person sees (404
otherwise) and then needs `declaration.export` on it (403: a manager before release).
"""

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from .. import access
from ..exports.declarations import (
    declaration_filename,
    declaration_programme_write,
    declaration_unit_write,
)
from ..selectors import exports, home
from .base import ProductPageMixin, ScopedObjectMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_PER_PAGE = 50


def _workbook_response(write, *, filename: str) -> FileResponse:
    """Write a workbook with `write(output)` into a temporary file and stream it as an attachment."""
    # Not a context manager: the response streams the file and closes (and so deletes) it.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write(output)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


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
        cycle = get_object_or_404(access.cycles_visible(request.user), year=year)
        return _workbook_response(
            lambda output: declaration_programme_write(user=request.user, cycle=cycle, output=output),
            filename=declaration_filename(cycle=cycle),
        )


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
        return _workbook_response(
            lambda output: declaration_unit_write(user=request.user, assessment=assessment, output=output),
            filename=declaration_filename(
                cycle=assessment.cycle, organization_code=assessment.organization.code
            ),
        )
