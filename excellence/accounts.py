"""Signing in and out: the product's login page, the lockout after repeated failures, password change.

Django's views do the work; here are only what the programme says differently: a wrong
password is told as such (never the admin's "staff account"), a `next` pointing off the
site is ignored (Django's LoginView checks it), and a locked-out sign-in (django-axes)
is answered by the same page saying until when.
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from excellence import jalali
from excellence.persian import to_ascii_digits


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "The user name or password is wrong. Check both (they are case-sensitive) and try again."
        ),
        "inactive": gettext_lazy("This account is no longer active; ask the programme office."),
    }

    username = forms.CharField(label=gettext_lazy("User name"), max_length=150, strip=True)
    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)

    def clean_username(self):
        # Digits typed on a Persian keyboard are the same user name.
        return to_ascii_digits(self.cleaned_data["username"])


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


def _locked_until(request, credentials):
    """When the lockout of these credentials from this address ends, as django-axes recorded it."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .select_related("expiration")
        .order_by("-attempt_time")
        .first()
    )
    expiration = getattr(attempt, "expiration", None) if attempt is not None else None
    if expiration is not None:
        return expiration.expires_at
    return timezone.now() + get_cool_off(request)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the login page, with when to try again (429)."""
    until = _locked_until(request, credentials)
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    message = _(
        "Too many wrong passwords for this user name. Signing in is locked until %(time)s "
        "(about %(minutes)s minutes from now); try again then, or ask the programme office."
    ) % {"time": jalali.format_datetime(until), "minutes": minutes}
    form = SignInForm(request, data=None, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "locked_until": until, "lockout_message": message, "next": ""}
    return render(request, "registration/login.html", context, status=429)
