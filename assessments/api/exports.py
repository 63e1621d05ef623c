"""The declaration workbooks through the API, under the pages' rules (`declaration.export`).

- `POST /api/v1/declaration-exports/` with `{"cycle": 1401}` starts the programme workbook's
  background export, or finds the person's own while the cycle's data has not changed:
  202 with the export, whose `file` is its download once it is written.
- `GET /api/v1/declaration-exports/` and `…/{id}/`: the person's exports (an admin's: all),
  to follow one; another person's export answers 404, as on its page.
- `GET /api/v1/declaration-exports/{id}/file/`: the workbook, once written and while the cycle's
  data is what it was written from (404 otherwise).
- `GET /api/v1/assessments/{id}/declaration/`: one unit's workbook, small, written at once.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action

from .. import access
from ..exports.declarations import declaration_filename
from ..exports.files import workbook_response
from ..models import DeclarationExportJob
from ..services.export_jobs import declaration_export_start, job_file_current
from .fields import CycleYearField
from .views import ScopedViewSet
from .workbooks import WORKBOOK_RESPONSE, WorkbookNegotiation


class DeclarationExportInput(serializers.Serializer):
    cycle = CycleYearField(help_text="The cycle's Jalali year, for example 1401.")


class DeclarationExportSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle.year", help_text="The cycle's Jalali year.")
    file = serializers.SerializerMethodField(help_text="The workbook's download, once it is written.")

    class Meta:
        model = DeclarationExportJob
        fields = [
            "id",
            "cycle",
            "scope",
            "language",
            "status",
            "rows_done",
            "rows_total",
            "created_at",
            "started_at",
            "finished_at",
            "file",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, job) -> str | None:
        if job.status != job.Status.DONE or not job.file_name:
            return None
        url = reverse("api:declaration-export-file", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class DeclarationExportViewSet(WorkbookNegotiation, ScopedViewSet):
    """The programme's declaration workbooks, written in the background (`declaration.export`)."""

    scope = access.export_jobs_visible
    serializer_class = DeclarationExportSerializer
    filterset_class = None
    ordering_fields = ["created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def with_related(self, queryset):
        return queryset.select_related("cycle")

    @extend_schema(request=DeclarationExportInput, responses={202: DeclarationExportSerializer})
    def create(self, request, *args, **kwargs):
        """Start the cycle's programme workbook, or find yours while the cycle's data is unchanged."""
        self.ensure("declaration.export")
        cycle = self.validated(DeclarationExportInput)["cycle"]
        job, _created = declaration_export_start(actor=request.user, cycle=cycle)
        return self.answer(job, status_code=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=WORKBOOK_RESPONSE)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def file(self, request, *args, **kwargs):
        """The written workbook (404 while it is being written, or once a newer one replaced it)."""
        job = self.get_object()
        path = job_file_current(job)
        try:
            workbook = path.open("rb") if path is not None else None
        except FileNotFoundError:  # removed meanwhile: a newer export replaced it
            workbook = None
        if workbook is None:
            raise exceptions.NotFound
        return workbook_response(workbook, filename=declaration_filename(cycle=job.cycle))
