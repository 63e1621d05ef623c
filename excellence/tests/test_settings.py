"""Production settings refuse to start without secrets and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "excellence.settings.production",
    "DJANGO_SECRET_KEY": "x7#kq2!vz9@lm4$np8&rt3^wc6*hy1(ju5)fg0-ds2+ea7=bo4",
    "DJANGO_ALLOWED_HOSTS": "excellence.example.org",
}


def manage(*args, env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deployment_checks_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set in production." in result.stderr


def test_persian_is_the_default_language_and_english_the_second():
    assert settings.LANGUAGE_CODE == "fa"
    assert [code for code, _name in settings.LANGUAGES] == ["fa", "en"]
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert settings.USE_TZ is True


def test_production_responses_carry_the_security_headers():
    script = (
        "from django.test import Client;"
        "r = Client().get('/accounts/logout/', secure=True, HTTP_HOST='excellence.example.org');"
        "print(r.status_code);"
        "print(r.headers['Content-Security-Policy']);"
        "print(r.headers['Permissions-Policy']);"
        "print(r.headers['Strict-Transport-Security']);"
        "print(r.headers['X-Frame-Options'])"
    )
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    status, csp, permissions, hsts, frames = result.stdout.strip().splitlines()[-5:]
    assert status == "405"  # sign-out is a POST; any response carries the headers
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "geolocation=()" in permissions
    assert "max-age=31536000" in hsts
    assert frames == "DENY"
