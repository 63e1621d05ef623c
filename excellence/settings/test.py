"""The test suite: fast hashing, debug off, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-a-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders in tests; there is no collectstatic output to scan.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The suite sends many API requests in a few seconds (Schemathesis among them); the throttling
# tests set their own low rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}

# Tasks run in-process unless a test starts its own worker (assessments/tests/exports/test_worker.py);
# the suite needs no broker.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
