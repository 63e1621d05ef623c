from django.urls import path

from .views import imports, projects, workspace
from .views.dashboards import ComparisonsView, ProgrammeDashboardView, UnitDashboardView, UnitFindingsView
from .views.exports import (
    DeclarationExportJobFile,
    DeclarationExportJobView,
    DeclarationsView,
    ProgrammeDeclarationDownload,
    UnitDeclarationDownload,
)
from .views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("dashboard/", ProgrammeDashboardView.as_view(), name="dashboard"),
    path("dashboard/comparisons/", ComparisonsView.as_view(), name="dashboard-comparisons"),
    path("dashboard/organizations/<str:code>/", UnitDashboardView.as_view(), name="dashboard-unit"),
    path(
        "dashboard/organizations/<str:code>/findings/",
        UnitFindingsView.as_view(),
        name="dashboard-unit-findings",
    ),
    path("workspace/", workspace.WorkspaceView.as_view(), name="workspace"),
    path("workspace/<int:pk>/", workspace.AssessmentView.as_view(), name="workspace-assessment"),
    path("workspace/<int:pk>/status/", workspace.TransitionView.as_view(), name="workspace-transition"),
    path("workspace/<int:pk>/reopen/", workspace.ReopenView.as_view(), name="workspace-reopen"),
    path("workspace/<int:pk>/hours/", workspace.TimeEntryCreateView.as_view(), name="workspace-hours-add"),
    path(
        "workspace/<int:pk>/hours/<int:entry_id>/",
        workspace.TimeEntryUpdateView.as_view(),
        name="workspace-hours-edit",
    ),
    path(
        "workspace/<int:pk>/hours/<int:entry_id>/delete/",
        workspace.TimeEntryDeleteView.as_view(),
        name="workspace-hours-delete",
    ),
    path(
        "workspace/<int:pk>/criteria/<str:code>/",
        workspace.SubCriterionView.as_view(),
        name="workspace-sub-criterion",
    ),
    path(
        "workspace/<int:pk>/criteria/<str:code>/findings/",
        workspace.FindingCreateView.as_view(),
        name="workspace-finding-add",
    ),
    path(
        "workspace/<int:pk>/criteria/<str:code>/merge/",
        workspace.MergeView.as_view(),
        name="workspace-finding-merge",
    ),
    path(
        "workspace/<int:pk>/criteria/<str:code>/scores/",
        workspace.ScoreSaveView.as_view(),
        name="workspace-score-save",
    ),
    path(
        "workspace/<int:pk>/criteria/<str:code>/scores/preview/",
        workspace.ScorePreviewView.as_view(),
        name="workspace-score-preview",
    ),
    path(
        "workspace/<int:pk>/findings/<int:finding_id>/",
        workspace.FindingUpdateView.as_view(),
        name="workspace-finding-edit",
    ),
    path(
        "workspace/<int:pk>/findings/<int:finding_id>/delete/",
        workspace.FindingDeleteView.as_view(),
        name="workspace-finding-delete",
    ),
    path("workspace/<int:pk>/import/", imports.ImportView.as_view(), name="workspace-import"),
    path(
        "workspace/<int:pk>/import/template.xlsx",
        imports.ImportTemplateDownload.as_view(),
        name="workspace-import-template",
    ),
    path("exports/declarations/", DeclarationsView.as_view(), name="declarations"),
    path(
        "exports/declarations/<int:year>.xlsx",
        ProgrammeDeclarationDownload.as_view(),
        name="declaration_programme",
    ),
    path(
        "exports/declarations/<int:year>/<slug:code>.xlsx",
        UnitDeclarationDownload.as_view(),
        name="declaration_unit",
    ),
    path("exports/jobs/<int:pk>/", DeclarationExportJobView.as_view(), name="declaration_job"),
    path("exports/jobs/<int:pk>/file/", DeclarationExportJobFile.as_view(), name="declaration_job_file"),
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project_create"),
    path("projects/programme/", projects.ProgrammeProjectsView.as_view(), name="project_programme"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/progress/", projects.ProjectProgressView.as_view(), name="project_progress"),
    path("projects/<int:pk>/status/", projects.ProjectTransitionView.as_view(), name="project_transition"),
]
