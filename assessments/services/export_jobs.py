"""Programme declaration workbooks written in the background, and kept until the cycle's data changes.

`declaration_export_start` is what the pages call: it asks the access layer, computes the
cycle's data version and returns a job — a finished one of the same person, scope and
language whose version still matches (its file is offered again), one already on its way,
or a new one, queued once the transaction commits. The task (`assessments/tasks.py`)
calls `declaration_export_run`, which writes the workbook under
settings.DECLARATION_EXPORTS_DIR with the job owner's access, recording its progress every
few thousand rows, and removes the files of the person's older exports of the cycle.
`declaration_exports_prune`, run periodically, removes every file the cycle's data has
overtaken, marks lost jobs failed, and clears what a stopped worker left behind.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import get_language

from excellence.roles import ensure_programme_admin
from organizations.models import Organization

from .. import access
from ..exports import rows
from ..exports.declarations import declaration_programme_write
from ..models import (
    Assessment,
    AssessmentResult,
    Assignment,
    Cycle,
    DeclarationExportJob,
    Finding,
    ImprovementProject,
    Score,
    TimeEntry,
)

logger = logging.getLogger(__name__)

# A queued or running job not heard of for this long is taken for lost (its worker stopped):
# a new request starts another instead of waiting on it.
STALE_AFTER = datetime.timedelta(minutes=30)

Job = DeclarationExportJob


def exports_dir() -> Path:
    return Path(settings.DECLARATION_EXPORTS_DIR)


def job_file_path(job: DeclarationExportJob) -> Path | None:
    """The job's file, if it has one that still exists."""
    if not job.file_name:
        return None
    path = exports_dir() / job.file_name
    return path if path.is_file() else None


def job_file_current(job: DeclarationExportJob) -> Path | None:
    """A finished job's file, while the cycle's data is still the data it was written from; else None."""
    if job.status != Job.Status.DONE:
        return None
    path = job_file_path(job)
    if path is None or job.data_version != declaration_data_version(cycle=job.cycle):
        return None
    return path


def declaration_data_version(*, cycle: Cycle) -> str:
    """A short fingerprint of everything a cycle's declaration shows: the count and latest change
    of its assessments, teams, consensus findings and scores, hours, results, projects (and their
    links to improvement points) and units. Any save moves a latest change, any delete a count.
    Attribute scores are not read one by one: they change only through `score_set`, which moves
    their score's `updated_at`. Nine aggregate queries, whatever the size."""
    in_cycle = {"assessment__cycle_id": cycle.pk}
    sources = (
        Assessment.objects.filter(cycle_id=cycle.pk),
        Assignment.objects.filter(**in_cycle),
        Finding.objects.filter(**in_cycle, stage=Finding.Stage.CONSENSUS),
        Score.objects.filter(**in_cycle, stage=Score.Stage.CONSENSUS),
        TimeEntry.objects.filter(**in_cycle),
        AssessmentResult.objects.filter(**in_cycle),
        ImprovementProject.objects.filter(cycle_id=cycle.pk),
        Organization.objects.filter(assessments__cycle_id=cycle.pk),
    )
    parts = [f"cycle:{cycle.pk}:{cycle.updated_at.isoformat()}"]
    for queryset in sources:
        figures = queryset.order_by().aggregate(count=Count("pk"), latest=Max("updated_at"))
        latest = figures["latest"].isoformat() if figures["latest"] else "-"
        parts.append(f"{queryset.model._meta.label}:{figures['count']}:{latest}")
    links = ImprovementProject.improvement_points.through.objects.filter(
        improvementproject__cycle_id=cycle.pk
    )
    parts.append(f"links:{links.count()}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _job_scope(actor) -> str:
    return Job.Scope.ALL if access.roles_of(actor).is_admin else Job.Scope.RELEASED


def declaration_export_start(*, actor, cycle: Cycle) -> tuple[DeclarationExportJob, bool]:
    """The job that answers `actor`'s request for `cycle`'s programme workbook, and whether it is new.

    Refused (AccessDenied) unless `actor` may export declarations. A finished job of the same
    person, scope and language is reused while the cycle's data version matches and its file
    is kept; so is one still queued or running, unless it has gone quiet (`STALE_AFTER`).
    """
    access.ensure(actor, "declaration.export")
    scope = _job_scope(actor)
    language = get_language() or settings.LANGUAGE_CODE
    version = declaration_data_version(cycle=cycle)
    candidates = Job.objects.filter(
        requested_by_id=actor.pk, cycle_id=cycle.pk, scope=scope, language=language, data_version=version
    ).exclude(status=Job.Status.FAILED)
    quiet_since = timezone.now() - STALE_AFTER
    for job in candidates.order_by("-created_at", "-pk")[:5]:
        if job.status == Job.Status.DONE and job_file_path(job) is not None:
            return job, False
        if job.status in (Job.Status.QUEUED, Job.Status.RUNNING) and job.updated_at >= quiet_since:
            return job, False
    with transaction.atomic():
        job = Job(requested_by=actor, cycle=cycle, scope=scope, language=language, data_version=version)
        job.full_clean()
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job, True


def _enqueue(job_id: int) -> None:
    from ..tasks import declaration_export

    declaration_export.delay(job_id)


class _ProgressRecorder:
    """The writer's progress (rows per sheet) summed over the sheets and saved on the job."""

    def __init__(self, job_id: int, total: int):
        self.job_id = job_id
        self.total = total
        self.by_sheet: dict[str, int] = {}

    def __call__(self, sheet_title: str, written: int) -> None:
        self.by_sheet[sheet_title] = written
        done = sum(self.by_sheet.values())
        self.total = max(self.total, done)
        Job.objects.filter(pk=self.job_id).update(
            rows_done=done, rows_total=self.total, updated_at=timezone.now()
        )


def declaration_export_run(*, job_id: int) -> DeclarationExportJob | None:
    """Write a queued job's workbook (the task's whole work). A job that is not queued any more
    (already run, or run twice by the broker) is left as it is; a failure is recorded on the
    job, with the error logged, and raised again for the worker to report."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return Job.objects.filter(pk=job_id).first()
    job = Job.objects.select_related("cycle", "requested_by").get(pk=job_id)
    folder = exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"declarations-{job.cycle.year}-{job.pk}-{secrets.token_hex(8)}.xlsx"
    partial = folder / f".{name}.part"
    try:
        with translation.override(job.language):
            scope = rows.ExportScope(
                cycle=job.cycle, assessments=access.assessments_exportable(job.requested_by)
            )
            progress = _ProgressRecorder(job.pk, rows.rows_total(scope))
            Job.objects.filter(pk=job.pk).update(rows_total=progress.total)
            with partial.open("wb") as output:
                written = declaration_programme_write(
                    user=job.requested_by, cycle=job.cycle, output=output, progress=progress
                )
        os.replace(partial, folder / name)
    except Exception as error:
        partial.unlink(missing_ok=True)
        logger.exception("Declaration export %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error=repr(error)[:2000],
            updated_at=timezone.now(),
        )
        raise
    total = written.total_rows
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        file_name=name,
        rows_done=total,
        rows_total=total,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    _older_files_remove(job)
    job.refresh_from_db()
    return job


def _older_files_remove(job: DeclarationExportJob) -> None:
    """The person's earlier workbooks of the cycle in this scope and language are out of date now."""
    older = (
        Job.objects.filter(
            requested_by_id=job.requested_by_id,
            cycle_id=job.cycle_id,
            scope=job.scope,
            language=job.language,
            status=Job.Status.DONE,
            created_at__lte=job.created_at,
        )
        .exclude(pk=job.pk)
        .exclude(file_name="")
    )
    for old in older:
        path = job_file_path(old)
        if path is not None:
            path.unlink(missing_ok=True)
    older.update(file_name="", updated_at=timezone.now())


@dataclass(frozen=True)
class PruneReport:
    files_removed: int
    jobs_lost: int
    strays_removed: int


def declaration_exports_prune(*, actor, now: datetime.datetime | None = None) -> PruneReport:
    """Tidy the exports folder (the office's, or the command line's, periodically):

    - a finished job's file goes once the cycle's data has changed since it was written (its
      owner's next request writes a new one): nobody is offered it again, whoever they are;
    - a queued or running job not heard of for `STALE_AFTER` is marked failed (its worker was
      lost), so that its page says so and offers to try again;
    - a file of the folder that no job names, or a partial one left by a stopped worker, goes
      once it is older than `STALE_AFTER`.
    """
    ensure_programme_admin(actor)
    now = now or timezone.now()
    versions: dict[int, str] = {}
    removed = 0
    for job in Job.objects.filter(status=Job.Status.DONE).exclude(file_name="").select_related("cycle"):
        if job.cycle_id not in versions:
            versions[job.cycle_id] = declaration_data_version(cycle=job.cycle)
        if job.data_version != versions[job.cycle_id]:
            path = job_file_path(job)
            if path is not None:
                path.unlink(missing_ok=True)
                removed += 1
            Job.objects.filter(pk=job.pk).update(file_name="", updated_at=now)
    lost = Job.objects.filter(
        status__in=(Job.Status.QUEUED, Job.Status.RUNNING), updated_at__lt=now - STALE_AFTER
    ).update(
        status=Job.Status.FAILED,
        finished_at=now,
        error="The export stopped answering: its worker was lost.",
        updated_at=now,
    )
    named = set(Job.objects.exclude(file_name="").values_list("file_name", flat=True))
    strays = 0
    folder = exports_dir()
    if folder.is_dir():
        for path in folder.iterdir():
            written = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
            if path.is_file() and path.name not in named and now - written > STALE_AFTER:
                path.unlink(missing_ok=True)
                strays += 1
    return PruneReport(files_removed=removed, jobs_lost=lost, strays_removed=strays)
