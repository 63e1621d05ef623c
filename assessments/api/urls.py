"""/api/v1/…: one router for every resource; /api/schema/ and /api/docs/ beside it."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from excellence.api_errors import api_not_found

from . import exports, views
from .docs import SchemaView, SwaggerUIView


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router(trailing_slash=True)
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("rating-schemes", views.RatingSchemeViewSet, basename="rating-scheme")
router.register("cycles", views.CycleViewSet, basename="cycle")
router.register("assessors", views.AssessorViewSet, basename="assessor")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("time-entries", views.TimeEntryViewSet, basename="time-entry")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("improvement-projects", views.ImprovementProjectViewSet, basename="improvement-project")
router.register("results", views.AssessmentResultViewSet, basename="result")
router.register("declaration-exports", exports.DeclarationExportViewSet, basename="declaration-export")

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerUIView.as_view(), name="api-docs"),
    # Anything else under /api/ answers the API's 404, not an HTML page.
    re_path(r"^.*$", api_not_found),
]
