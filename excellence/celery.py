"""The task queue (Celery): long declaration exports run in a worker, not in the request.

Configured from Django's settings under the `CELERY_` prefix (`settings/base.py`). With
`CELERY_BROKER_URL` unset — the default of `make run` — tasks run in-process as soon as they
are sent (`task_always_eager`), so nothing else needs to run; in production the broker is
Redis and a worker runs beside the web server: `celery -A excellence worker`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "excellence.settings.production")


def app_configured(name: str = "excellence") -> Celery:
    """A Celery application configured from Django's settings, finding each app's `tasks.py`."""
    application = Celery(name)
    application.config_from_object("django.conf:settings", namespace="CELERY")
    application.autodiscover_tasks()
    return application


app = app_configured()
