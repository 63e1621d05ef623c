"""Settings shared by every environment; each value can come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

DJANGO_APPS = [
    # django.contrib.admin, with the programme's site: programme admins only (excellence/admin_site.py).
    "excellence.admin_site.ProgrammeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
]
LOCAL_APPS = [
    "excellence",
    "organizations",
    "assessments",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "excellence.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "excellence.urls"
WSGI_APPLICATION = "excellence.wsgi.application"
ASGI_APPLICATION = "excellence.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessments.context_processors.navigation",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.config(env="DATABASE_URL", default=DEFAULT_SQLITE_URL, conn_max_age=60),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "excellence.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out sign-in before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A session lasts a working day, and ends when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Under /api/ a CSRF refusal answers in the API's error format.
CSRF_FAILURE_VIEW = "excellence.api_errors.csrf_failure"

# Sign-in throttling (django-axes): after 5 wrong passwords for one user name from one
# address, that pair is locked out for 15 minutes; the login page says until when.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "excellence.accounts.lockout_response"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): only this site's own files; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Bootstrap draws its form controls' icons as SVG data URIs.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Persian first: right to left, Jalali dates on screen, Gregorian in the database.
LANGUAGE_CODE = "fa"
LANGUAGES = [
    ("fa", _("Persian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# The REST API (/api/v1/, assessments/api/): token first, so that a request without
# credentials answers 401 with a WWW-Authenticate header; sessions need their CSRF token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "assessments.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "assessments.api.ordering.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "assessments.api.pagination.LimitOffsetPage",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "assessments.api.throttling.AnonymousThrottle",
        "assessments.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "30/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "2000/hour"),
    },
    "EXCEPTION_HANDLER": "excellence.api_errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "assessments.api.schema.ProgrammeAutoSchema",
    "ORDERING_PARAM": "ordering",
    "SEARCH_PARAM": "q",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Excellence API",
    "DESCRIPTION": (
        "The organizational-excellence programme's REST API, version 1: the same data, rules and "
        "access as the pages. Every endpoint needs a token (`Authorization: Token …`) or a "
        "signed-in session (with its CSRF token for writes)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Operations are tagged and named by their resource (`findings_list`), not by "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # An update names its version (`updated_at`): PATCH bodies keep their required fields.
    "COMPONENT_SPLIT_PATCH": False,
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.models.Assessment.Status",
        "CycleStatusEnum": "assessments.models.Cycle.Status",
        "ProjectStatusEnum": "assessments.models.ImprovementProject.Status",
        "StageEnum": "assessments.models.Finding.Stage",
        "FindingKindEnum": "assessments.models.Finding.Kind",
        "AssessorKindEnum": "assessments.models.Assessor.Kind",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
        "CriterionKindEnum": "assessments.models.CriterionKind",
    },
}

# The task queue (excellence/celery.py): Redis in production (`CELERY_BROKER_URL`, e.g.
# redis://127.0.0.1:6379/0) with a worker beside the web server (`celery -A excellence worker`).
# Without a broker (the default of `make run`) tasks run in-process when sent.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_TASK_IGNORE_RESULT = True  # a task records what it did in the database
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # exports are long: a worker takes one at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", str(60 * 60)))
# With `celery -A excellence beat` (or a worker's `--beat`): the exports' folder is tidied hourly.
CELERY_BEAT_SCHEDULE = {
    "prune-declaration-exports": {"task": "assessments.declaration_exports_prune", "schedule": 60 * 60},
}
# Where background exports keep their files until the cycle's data changes.
DECLARATION_EXPORTS_DIR = Path(os.environ.get("DJANGO_EXPORTS_DIR", str(BASE_DIR / "var" / "exports")))

# Frameworks shipped with the product, loaded by `load_framework` and `seed_demo`.
FRAMEWORKS_DIR = BASE_DIR / "assessments" / "frameworks"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
