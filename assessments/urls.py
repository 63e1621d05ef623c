from django.urls import path

from .views.dashboards import ComparisonsView, ProgrammeDashboardView, UnitDashboardView, UnitFindingsView
from .views.exports import DeclarationsView, ProgrammeDeclarationDownload, UnitDeclarationDownload
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
]
