from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from excellence.accounts import SignInView

accounts = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", include("assessments.urls")),
    path("accounts/", include(accounts)),
    path("accounts/", RedirectView.as_view(pattern_name="login", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("assessments.api.urls")),
]

# Under /api/ errors answer in the API's JSON format, elsewhere as Django's pages.
handler404 = "excellence.api_errors.not_found"
handler500 = "excellence.api_errors.server_error"
