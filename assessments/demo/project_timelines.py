"""Timelines for the demo's improvement projects, for the seed builder to call after it writes them.

The builder inserts projects as plain rows already in their final status; their pages
would show an empty timeline. `project_timelines_build` adds, for every project of a
cycle that has no timeline yet, the entries its status implies — approved by the office,
started, one to three progress reports with Persian notes by the unit's representative,
completed, then verified (with the verification note) or cancelled — dated between the
project's start and its due date, never after today. Deterministic (seeded by the unit,
cycle and title) and idempotent; bulk rows, like the projects themselves.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from ..models import Cycle, ImprovementProject, ProjectUpdate
from .bulk import ids_reserve, rows_insert, timestamp_value, value_preparer

Status = ImprovementProject.Status

PROGRESS_NOTES = (
    "کارگروه پروژه تشکیل شد و برنامه زمان‌بندی به تصویب رسید.",
    "وضع موجود بررسی و نیازها با واحدهای ذی‌ربط جمع‌بندی شد.",
    "پیش‌نویس دستورالعمل تهیه و برای نظرخواهی ارسال شد.",
    "کارگاه آموزشی برای کارکنان واحد برگزار شد.",
    "اجرای آزمایشی در یکی از بخش‌ها آغاز شد.",
    "نتایج اجرای آزمایشی بررسی و اصلاحات لازم اعمال شد.",
    "شاخص‌های پایش پروژه تعریف و داده‌های پایه گردآوری شد.",
    "استقرار در همه بخش‌های واحد در حال انجام است.",
)
STATUS_NOTES = {
    Status.APPROVED: "پروژه در کمیته تعالی تصویب شد.",
    Status.IN_PROGRESS: "اجرای پروژه آغاز شد.",
    Status.COMPLETED: "گزارش پایانی پروژه به دفتر برنامه تعالی ارسال شد.",
    Status.CANCELLED: "به دلیل ادغام با پروژه دیگری از برنامه حذف شد.",
}
# The statuses a project passed through to reach its own (DESIGN §2), in order.
PASSED = {
    Status.PROPOSED: (),
    Status.APPROVED: (Status.APPROVED,),
    Status.IN_PROGRESS: (Status.APPROVED, Status.IN_PROGRESS),
    Status.COMPLETED: (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED),
    Status.VERIFIED: (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.VERIFIED),
    Status.CANCELLED: (Status.APPROVED, Status.IN_PROGRESS, Status.CANCELLED),
}


def _entries(
    project: dict, *, office_id: int | None, today: datetime.date, rng: random.Random
) -> list[tuple]:
    """(date, progress, status, note, author id) of one project's timeline, oldest first."""
    start = project["start_date"]
    if start is None or project["status"] == Status.PROPOSED:
        return []
    due = project["due_date"] or start + datetime.timedelta(days=180)
    last = min(due, today)
    owner = project["owner_id"]
    final = project["progress"]
    entries = [
        (
            start - datetime.timedelta(days=rng.randint(5, 20)),
            0,
            Status.APPROVED,
            STATUS_NOTES[Status.APPROVED],
            office_id,
        )
    ]
    passed = PASSED[project["status"]]
    if Status.IN_PROGRESS in passed:
        entries.append((start, 0, Status.IN_PROGRESS, STATUS_NOTES[Status.IN_PROGRESS], owner))
        reports = rng.randint(1, 3)
        span = max((last - start).days, reports + 1)
        days = sorted(rng.sample(range(1, span), min(reports, span - 1)))
        # Reports climb in steps of 5 to the project's progress; a finished one's last stays short of 100.
        finished = project["status"] in (Status.COMPLETED, Status.VERIFIED)
        target, steps = (100, len(days) + 1) if finished else (final, len(days))
        for number, offset in enumerate(days, start=1):
            progress = 5 * round(target * number / steps / 5)
            note = rng.choice(PROGRESS_NOTES)
            entries.append((start + datetime.timedelta(days=offset), progress, "", note, owner))
    if Status.COMPLETED in passed:
        entries.append((last, 100, Status.COMPLETED, STATUS_NOTES[Status.COMPLETED], owner))
    if project["status"] == Status.VERIFIED:
        verified = timezone.localdate(project["verified_at"]) if project["verified_at"] else last
        entries.append((max(verified, last), 100, Status.VERIFIED, project["verification_note"], office_id))
    if project["status"] == Status.CANCELLED:
        entries.append((last, final, Status.CANCELLED, STATUS_NOTES[Status.CANCELLED], owner))
    return [(min(date, today), *rest) for date, *rest in entries]


@transaction.atomic
def project_timelines_build(
    *, cycle: Cycle, office_id: int | None, today: datetime.date | None = None
) -> int:
    """Timeline rows for the cycle's projects that have none; returns how many were written."""
    today = today or timezone.localdate()
    projects = list(
        ImprovementProject.objects.filter(cycle_id=cycle.pk, updates__isnull=True)
        .order_by("id")
        .values(
            "id",
            "organization__code",
            "title",
            "status",
            "progress",
            "start_date",
            "due_date",
            "owner_id",
            "verified_at",
            "verification_note",
        )
    )
    rows = []
    for project in projects:
        rng = random.Random(f"1401:timeline:{cycle.year}:{project['organization__code']}:{project['title']}")
        for entry in _entries(project, office_id=office_id, today=today, rng=rng):
            rows.append((project["id"], *entry))
    if not rows:
        return 0
    now = timestamp_value(ProjectUpdate)
    date = value_preparer(ProjectUpdate, "date")
    ids = ids_reserve(ProjectUpdate, len(rows))
    return rows_insert(
        ProjectUpdate,
        ("id", "created_at", "updated_at", "project_id", "date", "progress", "status", "note", "author_id"),
        (
            (pk, now, now, project_id, date(day), progress, status, note, author)
            for pk, (project_id, day, progress, status, note, author) in zip(ids, rows, strict=True)
        ),
    )
