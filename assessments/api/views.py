"""The API's viewsets: reads from the access layer's scoped querysets, writes through the services.

Every viewset names its scope (`scope = access.findings_visible`), so a row outside a
person's scope answers 404 whatever a view forgets. A write validates its input
serializer, asks the access layer whether the person may take the action (403 with the
action's message), calls the same service as the pages with `actor=request.user`, and
answers the row through the output serializer. Updates are PATCH and name the version
they were made on (`updated_at`); deletes exist where a service deletes.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from excellence.persian import to_ascii_digits
from organizations import services as organization_services

from .. import access, filters
from ..exports.declarations import declaration_filename, declaration_unit_write
from ..exports.files import workbook_response, written_workbook
from ..models import (
    AttributeScore,
    Criterion,
    Finding,
    RadarAttribute,
    RadarElement,
    RatingBand,
    Score,
    SubCriterion,
    TimeEntry,
)
from ..selectors.results import cycle_ratings
from ..selectors.statistics import cycle_statistics
from ..services import assessments as assessment_services
from ..services import assessors as assessor_services
from ..services import cycles as cycle_services
from ..services import findings as finding_services
from ..services import hours as hour_services
from ..services import projects as project_services
from ..services import rating_schemes as rating_scheme_services
from ..services import scores as score_services
from . import inputs, serializers
from .workbooks import WORKBOOK_RESPONSE, WorkbookNegotiation

# An id in a URL: ASCII, Persian or Arabic-Indic digits, at most 18 (inside a 64-bit id column).
ID_PATTERN = r"[0-9\u06f0-\u06f9\u0660-\u0669]{1,18}"
YEAR_PATTERN = r"[0-9\u06f0-\u06f9\u0660-\u0669]{4}"
READ_AND_WRITE = ["get", "post", "patch", "delete", "head", "options"]


class ScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve within the person's scope; subclasses add the writes their services allow."""

    scope = None  # an access-layer function: user -> QuerySet
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs):
        """DRF's `initial`, with the throttles asked before the permissions.

        DRF refuses an anonymous request (401) before it counts it, so an anonymous rate
        would never apply; here every request counts, a rejected token too.
        """
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        request.version, request.versioning_scheme = self.determine_version(request, *args, **kwargs)
        try:
            self.perform_authentication(request)
        except exceptions.AuthenticationFailed:
            self.check_throttles(request)  # the request now counts as anonymous
            raise
        self.check_throttles(request)
        self.check_permissions(request)

    def get_queryset(self):
        return self.with_related(type(self).scope(self.request.user))

    def with_related(self, queryset):
        """The joins and prefetches the output serializer needs: a fixed number of queries a page."""
        return queryset

    def get_object(self):
        self.kwargs[self.lookup_field] = to_ascii_digits(self.kwargs[self.lookup_field])
        return super().get_object()

    # ------------------------------------------------------------------ helpers for writes

    def ensure(self, action_name: str, obj=None) -> None:
        access.ensure(self.request.user, action_name, obj)

    def validated(self, input_class) -> dict:
        serializer = input_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, obj, *, status_code=status.HTTP_200_OK) -> Response:
        """The row as it now is, through the same queryset as a read (so with its joins)."""
        shown = self.with_related(type(obj)._default_manager.filter(pk=obj.pk)).first() or obj
        return Response(self.get_serializer(shown).data, status=status_code)

    def own_assessor(self):
        assessor_id = access.roles_of(self.request.user).assessor_id
        if assessor_id is None:
            return None
        return access.assessors_visible(self.request.user).filter(pk=assessor_id).first()


def _write_schema(input_class, output_class, *, created=False):
    code = 201 if created else 200
    return extend_schema(request=input_class, responses={code: output_class})


# --------------------------------------------------------------------------- set-up


@extend_schema_view(
    create=_write_schema(inputs.OrganizationCreateInput, serializers.OrganizationSerializer, created=True),
    partial_update=_write_schema(inputs.OrganizationUpdateInput, serializers.OrganizationSerializer),
)
class OrganizationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """The assessed units a person may see; the programme office adds and changes them."""

    scope = access.organizations_visible
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilterSet
    ordering_fields = ["code", "name_fa", "name_en", "kind", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.OrganizationCreateInput)
        organization = organization_services.organization_create(actor=request.user, **data)
        return self.answer(organization, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organization = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.OrganizationUpdateInput)
        version = data.pop("updated_at")
        organization = organization_services.organization_update(
            actor=request.user, organization=organization, expected_updated_at=version, data=data
        )
        return self.answer(organization)


class FrameworkViewSet(ScopedViewSet):
    """The excellence models with their criteria, sub-criteria and RADAR attributes (read-only:
    frameworks are loaded from their data files with `manage.py load_framework`)."""

    scope = access.frameworks_visible
    filterset_class = filters.FrameworkFilterSet
    ordering_fields = ["code", "updated_at"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.FrameworkDetailSerializer
        return serializers.FrameworkSerializer

    def with_related(self, queryset):
        if self.action != "retrieve":
            return queryset
        return queryset.prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.order_by("order", "code").prefetch_related(
                    Prefetch("sub_criteria", queryset=SubCriterion.objects.order_by("order", "code"))
                ),
            ),
            Prefetch(
                "radar_elements",
                queryset=RadarElement.objects.order_by("kind", "order", "code").prefetch_related(
                    Prefetch("attributes", queryset=RadarAttribute.objects.order_by("order", "code"))
                ),
            ),
        )


@extend_schema_view(
    create=_write_schema(inputs.RatingSchemeCreateInput, serializers.RatingSchemeSerializer, created=True),
    partial_update=_write_schema(inputs.RatingSchemeUpdateInput, serializers.RatingSchemeSerializer),
)
class RatingSchemeViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Rating schemes and their bands; the programme office sets them up."""

    scope = access.rating_schemes_visible
    serializer_class = serializers.RatingSchemeSerializer
    filterset_class = filters.RatingSchemeFilterSet
    ordering_fields = ["code", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        return queryset.prefetch_related(
            Prefetch("bands", queryset=RatingBand.objects.order_by("min_points"))
        )

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.RatingSchemeCreateInput)
        scheme = rating_scheme_services.rating_scheme_save(
            actor=request.user,
            code=data["code"],
            name_fa=data["name_fa"],
            name_en=data["name_en"],
            bands=[dict(band) for band in data["bands"]],
            is_default=data["is_default"],
            expected_updated_at=None,
        )
        return self.answer(scheme, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        scheme = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.RatingSchemeUpdateInput)
        bands = data.get("bands")
        if bands is None:
            bands = [
                {field: getattr(band, field) for field in inputs.RatingBandInput().fields}
                for band in scheme.bands.all()
            ]
        scheme = rating_scheme_services.rating_scheme_save(
            actor=request.user,
            code=scheme.code,
            name_fa=data.get("name_fa", scheme.name_fa),
            name_en=data.get("name_en", scheme.name_en),
            bands=[dict(band) for band in bands],
            is_default=data.get("is_default", scheme.is_default),
            expected_updated_at=data["updated_at"],
        )
        return self.answer(scheme)


YEAR_PARAMETER = OpenApiParameter("year", int, OpenApiParameter.PATH, description="The cycle's Jalali year.")


@extend_schema_view(
    retrieve=extend_schema(parameters=[YEAR_PARAMETER]),
    create=_write_schema(inputs.CycleCreateInput, serializers.CycleSerializer, created=True),
    partial_update=extend_schema(
        parameters=[YEAR_PARAMETER],
        request=inputs.CycleUpdateInput,
        responses={200: serializers.CycleSerializer},
    ),
)
class CycleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """The yearly cycles, named by their Jalali year: `/api/v1/cycles/1401/`."""

    scope = access.cycles_visible
    serializer_class = serializers.CycleSerializer
    filterset_class = filters.CycleFilterSet
    ordering_fields = ["year", "window_start", "updated_at"]
    lookup_field = "year"
    lookup_value_regex = YEAR_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        return queryset.select_related("framework", "rating_scheme")

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.CycleCreateInput)
        cycle = cycle_services.cycle_create(actor=request.user, **data)
        return self.answer(cycle, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.CycleUpdateInput)
        version = data.pop("updated_at")
        cycle = cycle_services.cycle_update(
            actor=request.user, cycle=cycle, expected_updated_at=version, data=data
        )
        return self.answer(cycle)

    @extend_schema(parameters=[YEAR_PARAMETER], request=None, responses={200: serializers.CycleSerializer})
    @action(detail=True, methods=["post"], url_path="open")
    def open(self, request, *args, **kwargs):
        """Planning is over: the cycle's assessments may start (the programme office)."""
        cycle = cycle_services.cycle_open(actor=request.user, cycle=self.get_object())
        return self.answer(cycle)

    @extend_schema(parameters=[YEAR_PARAMETER], request=None, responses={200: serializers.CycleSerializer})
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request, *args, **kwargs):
        """The cycle is over: nothing in it changes any more (the programme office)."""
        cycle = cycle_services.cycle_close(actor=request.user, cycle=self.get_object())
        return self.answer(cycle)

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses={200: serializers.RatingRowSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def ratings(self, request, *args, **kwargs):
        """Every unit of the cycle the person may see, rated as `manage.py ratings --cycle` lists it."""
        cycle = self.get_object()
        rows = cycle_ratings(cycle=cycle)
        if not access.roles_of(request.user).reads_everything:
            visible = set(
                access.assessments_visible(request.user)
                .filter(cycle_id=cycle.pk)
                .values_list("pk", flat=True)
            )
            rows = [row for row in rows if row.assessment_id in visible]
        return Response(serializers.RatingRowSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[YEAR_PARAMETER], responses={200: serializers.CycleStatisticsSerializer}, filters=False
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def statistics(self, request, *args, **kwargs):
        """The cycle's headline figures, as the programme dashboard shows them (managers, the office)."""
        cycle = self.get_object()
        figures = cycle_statistics(user=request.user, cycle=cycle)
        return Response(serializers.CycleStatisticsSerializer(figures).data)


@extend_schema_view(
    create=_write_schema(inputs.AssessorCreateInput, serializers.AssessorSerializer, created=True),
    partial_update=_write_schema(inputs.AssessorUpdateInput, serializers.AssessorSerializer),
)
class AssessorViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Assessors: all for those who read everything, an assessor's teammates for an assessor."""

    scope = access.assessors_visible
    serializer_class = serializers.AssessorSerializer
    filterset_class = filters.AssessorFilterSet
    ordering_fields = ["user__username", "kind", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        return queryset.select_related("user")

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.AssessorCreateInput)
        assessor = assessor_services.assessor_create(actor=request.user, **data)
        return self.answer(assessor, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        assessor = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.AssessorUpdateInput)
        version = data.pop("updated_at")
        assessor = assessor_services.assessor_update(
            actor=request.user, assessor=assessor, expected_updated_at=version, data=data
        )
        return self.answer(assessor)


# --------------------------------------------------------------------------- assessments


@extend_schema_view(
    create=_write_schema(inputs.AssessmentCreateInput, serializers.AssessmentSerializer, created=True),
    partial_update=_write_schema(inputs.AssessmentUpdateInput, serializers.AssessmentSerializer),
)
class AssessmentViewSet(WorkbookNegotiation, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Assessments with their team (as far as the person may see it), and their workflow actions."""

    scope = access.assessments_visible
    serializer_class = serializers.AssessmentSerializer
    filterset_class = filters.AssessmentFilterSet
    ordering_fields = ["cycle__year", "organization__code", "status", "site_visit_date", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        team = access.assignments_visible(self.request.user).select_related("assessor__user")
        return queryset.select_related("cycle", "organization").prefetch_related(
            Prefetch("team", queryset=team.order_by("role", "assessor_id"))
        )

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.AssessmentCreateInput)
        assessment = assessment_services.assessment_create(actor=request.user, **data)
        return self.answer(assessment, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.AssessmentUpdateInput)
        assessment = assessment_services.assessment_update(
            actor=request.user,
            assessment=assessment,
            expected_updated_at=data["updated_at"],
            site_visit_date=data["site_visit_date"],
        )
        return self.answer(assessment)

    @extend_schema(
        request=inputs.AssessmentTransitionInput, responses={200: serializers.AssessmentSerializer}
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """One step forward: planned → individual → consensus → finalized → released.

        The team leader or the office moves the work on; finalizing stores the rating.
        """
        assessment = self.get_object()
        data = self.validated(inputs.AssessmentTransitionInput)
        assessment = assessment_services.assessment_transition(
            actor=request.user, assessment=assessment, to_status=data["to_status"]
        )
        return self.answer(assessment)

    @extend_schema(request=inputs.AssessmentReopenInput, responses={200: serializers.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, *args, **kwargs):
        """The office sends a finalized or released assessment back to consensus, with a reason."""
        assessment = self.get_object()
        data = self.validated(inputs.AssessmentReopenInput)
        assessment = assessment_services.assessment_reopen(
            actor=request.user, assessment=assessment, reason=data["reason"]
        )
        return self.answer(assessment)

    @extend_schema(request=None, responses={200: serializers.AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, *args, **kwargs):
        """The office releases a finalized assessment's results to its unit."""
        assessment = assessment_services.assessment_release(actor=request.user, assessment=self.get_object())
        return self.answer(assessment)

    @extend_schema(responses=WORKBOOK_RESPONSE, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def declaration(self, request, *args, **kwargs):
        """The unit's declaration workbook of the cycle (the office; managers once released)."""
        assessment = self.get_object()
        self.ensure("declaration.export", assessment)
        workbook = written_workbook(
            lambda output: declaration_unit_write(user=request.user, assessment=assessment, output=output)
        )
        code = assessment.organization.code
        return workbook_response(
            workbook, filename=declaration_filename(cycle=assessment.cycle, organization_code=code)
        )


@extend_schema_view(
    create=_write_schema(inputs.AssignmentCreateInput, serializers.AssignmentSerializer, created=True),
    partial_update=_write_schema(inputs.AssignmentUpdateInput, serializers.AssignmentSerializer),
)
class AssignmentViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """Places on the assessment teams; the programme office forms the teams."""

    scope = access.assignments_visible
    serializer_class = serializers.AssignmentSerializer
    filterset_class = filters.AssignmentFilterSet
    ordering_fields = ["assessment_id", "role", "updated_at"]
    http_method_names = READ_AND_WRITE

    def with_related(self, queryset):
        return queryset.select_related("assessor__user")

    def create(self, request, *args, **kwargs):
        self.ensure("programme.manage")
        data = self.validated(inputs.AssignmentCreateInput)
        assignment = assessment_services.assignment_create(actor=request.user, **data)
        return self.answer(assignment, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        assignment = self.get_object()
        self.ensure("programme.manage")
        data = self.validated(inputs.AssignmentUpdateInput)
        assignment = assessment_services.assignment_update(
            actor=request.user,
            assignment=assignment,
            expected_updated_at=data["updated_at"],
            role=data["role"],
        )
        return self.answer(assignment)

    def destroy(self, request, *args, **kwargs):
        assignment = self.get_object()
        self.ensure("programme.manage")
        assessment_services.assignment_delete(actor=request.user, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=_write_schema(inputs.TimeEntryCreateInput, serializers.TimeEntrySerializer, created=True),
    partial_update=_write_schema(inputs.TimeEntryUpdateInput, serializers.TimeEntrySerializer),
)
class TimeEntryViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """Hours on assessments: an assessor logs and changes their own, the office anyone's."""

    scope = access.time_entries_visible
    serializer_class = serializers.TimeEntrySerializer
    filterset_class = filters.TimeEntryFilterSet
    ordering_fields = ["date", "hours", "updated_at"]
    http_method_names = READ_AND_WRITE

    def with_related(self, queryset):
        return queryset.select_related("assessment__cycle", "assessment__organization")

    def create(self, request, *args, **kwargs):
        data = self.validated(inputs.TimeEntryCreateInput)
        data["assessor"] = data.get("assessor") or self.own_assessor()
        self.ensure("time_entry.add", TimeEntry(assessment=data["assessment"], assessor=data["assessor"]))
        if data["assessor"] is None:  # the office, which has no hours of its own
            raise exceptions.ValidationError(
                {"assessor": [_("Name the assessor whose hours these are.")]}, code="assessor_required"
            )
        entry = hour_services.time_entry_create(actor=request.user, **data)
        return self.answer(entry, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        self.ensure("time_entry.change", entry)
        data = self.validated(inputs.TimeEntryUpdateInput)
        entry = hour_services.time_entry_update(
            actor=request.user,
            entry=entry,
            expected_updated_at=data["updated_at"],
            date=data.get("date", entry.date),
            hours=data.get("hours", entry.hours),
            activity=data.get("activity", entry.activity),
            note=data.get("note", entry.note),
        )
        return self.answer(entry)

    def destroy(self, request, *args, **kwargs):
        entry = self.get_object()
        hour_services.time_entry_delete(actor=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=_write_schema(inputs.FindingCreateInput, serializers.FindingSerializer, created=True),
    partial_update=_write_schema(inputs.FindingUpdateInput, serializers.FindingSerializer),
)
class FindingViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """Findings: an assessor's own during the individual stage, the leader's consensus list after."""

    scope = access.findings_visible
    serializer_class = serializers.FindingSerializer
    filterset_class = filters.FindingFilterSet
    ordering_fields = ["assessment_id", "sub_criterion__code", "kind", "created_at", "updated_at"]
    http_method_names = READ_AND_WRITE

    def with_related(self, queryset):
        merged = access.findings_visible(self.request.user).only("pk")
        return queryset.select_related(
            "assessment__cycle", "assessment__organization", "sub_criterion__criterion"
        ).prefetch_related(Prefetch("merged_from", queryset=merged))

    def create(self, request, *args, **kwargs):
        data = self.validated(inputs.FindingCreateInput)
        if data["stage"] == Finding.Stage.INDIVIDUAL and data.get("author") is None:
            data["author"] = self.own_assessor()
        if data["stage"] == Finding.Stage.CONSENSUS:
            data["author"] = None
        unsaved = Finding(assessment=data["assessment"], stage=data["stage"], author=data["author"])
        self.ensure(finding_services.FINDING_ADD_ACTIONS[data["stage"]], unsaved)
        finding = finding_services.finding_create(actor=request.user, **data)
        return self.answer(finding, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        finding = self.get_object()
        self.ensure("finding.change", finding)
        data = self.validated(inputs.FindingUpdateInput)
        version = data.pop("updated_at")
        finding = finding_services.finding_update(
            actor=request.user, finding=finding, expected_updated_at=version, data=data
        )
        return self.answer(finding)

    def destroy(self, request, *args, **kwargs):
        finding = self.get_object()
        finding_services.finding_delete(actor=request.user, finding=finding)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=_write_schema(inputs.ScoreCreateInput, serializers.ScoreSerializer, created=True),
    partial_update=_write_schema(inputs.ScoreUpdateInput, serializers.ScoreSerializer),
)
class ScoreViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """RADAR scores: an assessor's own during the individual stage, the team's (leader) in consensus."""

    scope = access.scores_visible
    serializer_class = serializers.ScoreSerializer
    filterset_class = filters.ScoreFilterSet
    ordering_fields = ["assessment_id", "sub_criterion__code", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        values = AttributeScore.objects.select_related("attribute").order_by("attribute_id")
        return queryset.select_related(
            "assessment__cycle", "assessment__organization", "sub_criterion"
        ).prefetch_related(Prefetch("attribute_scores", queryset=values))

    def create(self, request, *args, **kwargs):
        data = self.validated(inputs.ScoreCreateInput)
        if data["stage"] == Score.Stage.INDIVIDUAL and data.get("assessor") is None:
            data["assessor"] = self.own_assessor()
        if data["stage"] == Score.Stage.CONSENSUS:
            data["assessor"] = None
        unsaved = Score(assessment=data["assessment"], stage=data["stage"], assessor=data["assessor"])
        self.ensure(score_services.SCORE_ACTIONS[data["stage"]], unsaved)
        score = score_services.score_set(actor=request.user, expected_updated_at=None, **data)
        return self.answer(score, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        score = self.get_object()
        self.ensure(score_services.SCORE_ACTIONS[score.stage], score)
        data = self.validated(inputs.ScoreUpdateInput)
        score = score_services.score_set(
            actor=request.user,
            assessment=score.assessment,
            sub_criterion=score.sub_criterion,
            stage=score.stage,
            assessor=score.assessor,
            values=data["values"],
            expected_updated_at=data["updated_at"],
        )
        return self.answer(score)


@extend_schema_view(
    create=_write_schema(
        inputs.ImprovementProjectCreateInput, serializers.ImprovementProjectSerializer, created=True
    ),
    partial_update=_write_schema(
        inputs.ImprovementProjectUpdateInput, serializers.ImprovementProjectSerializer
    ),
)
class ImprovementProjectViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """A unit's improvement projects: its representatives keep them, the office approves and verifies."""

    scope = access.projects_visible
    serializer_class = serializers.ImprovementProjectSerializer
    filterset_class = filters.ImprovementProjectFilterSet
    ordering_fields = [
        "cycle__year",
        "organization__code",
        "title",
        "status",
        "due_date",
        "progress",
        "updated_at",
    ]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def with_related(self, queryset):
        points = access.findings_visible(self.request.user).only("pk")
        return queryset.select_related("cycle", "organization").prefetch_related(
            Prefetch("improvement_points", queryset=points)
        )

    def create(self, request, *args, **kwargs):
        data = self.validated(inputs.ImprovementProjectCreateInput)
        self.ensure("project.add", data["organization"])
        project = project_services.improvement_project_create(actor=request.user, **data)
        return self.answer(project, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        self.ensure("project.change", project)
        data = self.validated(inputs.ImprovementProjectUpdateInput)
        version = data.pop("updated_at")
        project = project_services.improvement_project_update(
            actor=request.user, project=project, expected_updated_at=version, data=data
        )
        return self.answer(project)

    @extend_schema(
        request=inputs.ImprovementProjectTransitionInput,
        responses={200: serializers.ImprovementProjectSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        """proposed → approved → in progress → completed → verified, or cancelled; verifying needs a note."""
        project = self.get_object()
        data = self.validated(inputs.ImprovementProjectTransitionInput)
        project = project_services.improvement_project_transition(
            actor=request.user, project=project, to_status=data["to_status"], note=data["note"]
        )
        return self.answer(project)


class AssessmentResultViewSet(ScopedViewSet):
    """Stored ratings of finalized assessments (a representative: their unit's released ones)."""

    scope = access.results_visible
    serializer_class = serializers.AssessmentResultSerializer
    filterset_class = filters.AssessmentResultFilterSet
    ordering_fields = ["total", "stars", "computed_at", "updated_at"]

    def with_related(self, queryset):
        return queryset.select_related("assessment__cycle", "assessment__organization")
