from django.urls import path

from .views import projects
from .views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project_create"),
    path("projects/programme/", projects.ProgrammeProjectsView.as_view(), name="project_programme"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/progress/", projects.ProjectProgressView.as_view(), name="project_progress"),
    path("projects/<int:pk>/status/", projects.ProjectTransitionView.as_view(), name="project_transition"),
]
