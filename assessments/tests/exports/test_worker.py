"""A background export through the real broker: Redis at 127.0.0.1:6379 and a Celery worker (in a
thread of this process, with its own database connection), as production runs it.

Under CI (`CI` set) Redis must be there and the test fails without it; elsewhere it is skipped,
saying why, when nothing listens at the broker's address. The rest of the suite needs no broker.
"""

import os
import socket
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.db import connections

from assessments import tasks  # noqa: F401  (registers the task with every Celery application)
from assessments.exports.columns import DETAIL_SHEETS, PROFILE
from assessments.models import DeclarationExportJob, Finding, ImprovementProject, TimeEntry
from assessments.services.export_jobs import declaration_export_start, job_file_path
from excellence.celery import app as product_app
from excellence.celery import app_configured

from .conftest import reopen
from .programme import admin_user, framework_and_cycle, unit_build

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0")
WAIT_SECONDS = 120

pytestmark = pytest.mark.django_db(transaction=True)


def broker_reachable() -> bool:
    address = urlsplit(BROKER_URL)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_app():
    """A Celery application configured like the product's, on Redis, with a queue of this run's own
    (other runs may share the Redis server), set current so that the services send through it."""
    if not broker_reachable():
        message = f"Redis is not reachable at {BROKER_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: under CI the background export must run through it.")
        pytest.skip(f"{message} (CI runs this test against it; start redis-server to run it here).")
    app = app_configured("excellence-test")
    # Prefixed like the settings they override: Celery reads a namespaced key before a plain one.
    app.conf.update(
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER=False,
        CELERY_TASK_DEFAULT_QUEUE=f"excellence-test-{uuid.uuid4().hex}",
        CELERY_WORKER_HIJACK_ROOT_LOGGER=False,
    )
    assert not app.conf.task_always_eager and app.conf.broker_url == BROKER_URL
    app.set_current()
    try:
        yield app
    finally:
        # The worker made its application the process's default too (every thread's, the live
        # server's among them): both go back to the product's.
        product_app.set_default()
        product_app.set_current()
        app.close()


RAN_IN = []


def note_worker_thread(**kwargs):
    RAN_IN.append(threading.get_ident())


def close_worker_connections(**kwargs):
    # The worker's thread keeps its own database connection; closed after the task so that the
    # test database can be flushed and dropped.
    connections.close_all()


def test_the_worker_writes_the_programme_workbook_sent_through_redis(redis_app, settings, tmp_path):
    # given a programme of three units, the exports folder of this test, and a worker on Redis
    settings.DECLARATION_EXPORTS_DIR = tmp_path / "exports"
    fw = framework_and_cycle()
    for code, kind in (("FIRE", "organization"), ("METRO", "organization"), ("BUS", "company")):
        unit_build(fw, code=code, kind=kind)
    office = admin_user()
    signals.task_prerun.connect(note_worker_thread)
    signals.task_postrun.connect(close_worker_connections)
    RAN_IN.clear()
    try:
        with start_worker(redis_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            # when the office starts the export (sent to the broker, not run here)
            job, created = declaration_export_start(actor=office, cycle=fw.cycle)
            assert created

            # then the worker takes it and writes it
            deadline = time.monotonic() + WAIT_SECONDS
            job.refresh_from_db()
            while job.status not in (job.Status.DONE, job.Status.FAILED) and time.monotonic() < deadline:
                time.sleep(0.2)
                job.refresh_from_db()
    finally:
        signals.task_prerun.disconnect(note_worker_thread)
        signals.task_postrun.disconnect(close_worker_connections)

    # (run once, by the worker's thread: the task came through the broker, not in-process)
    assert len(RAN_IN) == 1 and RAN_IN[0] != threading.get_ident()

    assert job.status == DeclarationExportJob.Status.DONE, (job.status, job.error)
    # and the file it leaves opens, with the database's row counts
    book = reopen(job_file_path(job).read_bytes())
    sheets = dict(zip([PROFILE.key, *(sheet.key for sheet in DETAIL_SHEETS)], book.worksheets, strict=True))
    counts = {key: sheet.max_row - 1 for key, sheet in sheets.items()}
    consensus = Finding.objects.filter(stage=Finding.Stage.CONSENSUS)
    assert counts["profile"] == 3
    assert counts["scores"] == 3 * (2 + 3 + 1)
    assert counts["strengths"] == consensus.filter(kind=Finding.Kind.STRENGTH).count()
    assert counts["improvements"] == consensus.filter(kind=Finding.Kind.IMPROVEMENT).count()
    assert counts["best_practices"] == consensus.filter(kind=Finding.Kind.BEST_PRACTICE).count()
    assert counts["projects"] == ImprovementProject.objects.count()
    assert counts["hours"] == TimeEntry.objects.values_list("assessment_id", "assessor_id").distinct().count()
    assert job.rows_done == job.rows_total == sum(counts.values())
    assert job.started_at is not None and job.finished_at >= job.started_at
