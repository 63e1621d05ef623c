"""Development on a laptop: debug on, SQLite by default, a throwaway secret."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-a-secret"  # noqa: F405
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# `make run` serves static files through whitenoise straight from the source folders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
