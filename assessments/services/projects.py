"""Improvement projects: defined by a unit, approved, carried out, completed and verified by someone else.

Every status change and every progress report adds an entry to the project's timeline
(`ProjectUpdate`); the timeline is only ever added to.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence import jalali
from excellence.errors import ApplicationError
from excellence.history import records_actor, stored_user
from excellence.updates import locked_current, model_update
from organizations.models import Organization

from .. import access
from ..models import Cycle, Finding, ImprovementProject, ProjectUpdate
from .rules import ensure_cycle_open, ensure_project_editable, project_owners_of

# What a project's content holds; its status changes only by `improvement_project_transition`.
PROJECT_FIELDS = [
    "title",
    "description",
    "category",
    "owner",
    "start_date",
    "due_date",
    "progress",
    "improvement_points",
]

Status = ImprovementProject.Status

# DESIGN §2: proposed → approved → in progress → completed → verified, or cancelled on the way.
# A completed project that verification finds short goes back to in progress.
PROJECT_TRANSITIONS = {
    Status.PROPOSED: {Status.APPROVED, Status.CANCELLED},
    Status.APPROVED: {Status.IN_PROGRESS, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.COMPLETED, Status.CANCELLED},
    Status.COMPLETED: {Status.VERIFIED, Status.IN_PROGRESS},
    Status.VERIFIED: set(),
    Status.CANCELLED: set(),
}

# Who may make a move (access.ACTIONS); every other move is the unit's (`project.change`).
PROJECT_TRANSITION_ACTIONS = {Status.APPROVED: "project.approve", Status.VERIFIED: "project.verify"}

# Progress is reported while the work is under way: after approval, before completion.
PROGRESS_REPORTING_STATUSES = frozenset({Status.APPROVED, Status.IN_PROGRESS})


def _validate(*, organization: Organization, cycle: Cycle, data: dict) -> None:
    progress = data.get("progress")
    if progress is not None and not 0 <= int(progress) <= 100:
        raise ApplicationError(
            _("Progress: must be between 0 and 100 percent; %(progress)s was given."),
            field="progress",
            code="progress_out_of_range",
            params={"progress": progress},
        )
    start, due = data.get("start_date"), data.get("due_date")
    if start and due and due < start:
        raise ApplicationError(
            _("Due date: a project cannot be due before it starts."),
            field="due_date",
            code="due_before_start",
        )
    owner = data.get("owner")
    if owner is not None and not project_owners_of(organization).filter(pk=owner.pk).exists():
        raise ApplicationError(
            _("Owner: a project of %(organization)s is owned by one of its members (its representatives)."),
            field="owner",
            code="owner_not_member",
            params={"organization": organization},
        )
    point_ids = {finding.pk for finding in data.get("improvement_points") or []}
    if point_ids:
        # One query, whatever the number of points linked.
        own_points = Finding.objects.filter(
            pk__in=point_ids,
            kind=Finding.Kind.IMPROVEMENT,
            assessment__organization_id=organization.pk,
            assessment__cycle_id=cycle.pk,
        ).count()
        if own_points != len(point_ids):
            raise ApplicationError(
                _(
                    "Improvement points: only improvement points found for %(organization)s "
                    "in cycle %(year)s can be linked."
                ),
                field="improvement_points",
                code="foreign_improvement_point",
                params={"organization": organization, "year": cycle.year},
            )


@records_actor
@transaction.atomic
def improvement_project_create(
    *, actor, organization: Organization, cycle: Cycle, title: str, category: str, **data
) -> ImprovementProject:
    """A new project is proposed; `improvement_project_transition` takes it further."""
    access.ensure(actor, "project.add", organization)
    ensure_cycle_open(cycle)
    _validate(organization=organization, cycle=cycle, data=data)
    points = data.pop("improvement_points", [])
    project = ImprovementProject(
        organization=organization, cycle=cycle, title=title, category=category, status=Status.PROPOSED, **data
    )
    project.full_clean()
    project.save()
    if points:
        project.improvement_points.set(points)
    return project


@records_actor
@transaction.atomic
def improvement_project_update(
    *, actor, project: ImprovementProject, expected_updated_at, data: dict
) -> ImprovementProject:
    project = locked_current(
        project, expected_updated_at=expected_updated_at, select_related=("cycle", "organization")
    )
    access.ensure(actor, "project.change", project)
    ensure_project_editable(project)
    _validate(organization=project.organization, cycle=project.cycle, data=data)
    project, _changed = model_update(instance=project, fields=PROJECT_FIELDS, data=data)
    return project


@records_actor
@transaction.atomic
def improvement_project_transition(
    *, actor, project: ImprovementProject, to_status: str, note: str = ""
) -> ImprovementProject:
    """Move a project along DESIGN §2's statuses; verifying needs a note by someone other than the owner."""
    project = (
        ImprovementProject.objects.select_for_update()
        .select_related("cycle", "organization")
        .get(pk=project.pk)
    )
    access.ensure(actor, PROJECT_TRANSITION_ACTIONS.get(to_status, "project.change"), project)
    ensure_cycle_open(project.cycle)
    if to_status not in PROJECT_TRANSITIONS.get(project.status, set()):
        raise ApplicationError(
            _("Status: a project cannot move from “%(current)s” to “%(target)s”."),
            field="status",
            code="invalid_transition",
            params={"current": project.get_status_display(), "target": Status(to_status).label},
        )
    update_fields = ["status", "updated_at"]
    if to_status == Status.VERIFIED:
        _verify(actor=actor, project=project, note=note)
        update_fields += ["verified_by", "verified_at", "verification_note", "progress"]
    elif to_status == Status.COMPLETED:
        project.progress = 100
        update_fields.append("progress")
    project.status = to_status
    project.full_clean()
    project.save(update_fields=update_fields)
    _timeline_add(actor=actor, project=project, status=to_status, note=note)
    return project


def _timeline_add(
    *, actor, project: ImprovementProject, note: str, status: str = "", date=None
) -> ProjectUpdate:
    update = ProjectUpdate(
        project=project,
        date=date or timezone.localdate(),
        progress=project.progress,
        status=status,
        note=(note or "").strip(),
        author=stored_user(actor),
    )
    update.full_clean()
    update.save()
    return update


@records_actor
@transaction.atomic
def improvement_project_progress_add(
    *,
    actor,
    project: ImprovementProject,
    expected_updated_at,
    progress: int,
    note: str,
    date: datetime.date | None = None,
) -> ProjectUpdate:
    """Report how far an approved or running project has come, with a dated note for its timeline.

    The project's progress becomes the reported one. `date` (today by default) is when the
    progress was reached: not in the future, not before the project started.
    """
    project = locked_current(
        project, expected_updated_at=expected_updated_at, select_related=("cycle", "organization")
    )
    access.ensure(actor, "project.change", project)
    ensure_project_editable(project)
    if project.status not in PROGRESS_REPORTING_STATUSES:
        raise ApplicationError(
            _(
                "Status: progress is reported while a project is approved or in progress; "
                "this one is “%(status)s”."
            ),
            field="status",
            code="progress_not_reported",
            params={"status": project.get_status_display()},
        )
    _validate(organization=project.organization, cycle=project.cycle, data={"progress": progress})
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Note: say what was done since the last update."), field="note", code="note_required"
        )
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise ApplicationError(
            _("Date: a progress update cannot be dated in the future."), field="date", code="date_in_future"
        )
    if project.start_date and date < project.start_date:
        raise ApplicationError(
            _("Date: a progress update cannot be dated before the project started (%(start)s)."),
            field="date",
            code="date_before_start",
            params={"start": jalali.format_date(project.start_date)},
        )
    project, _changed = model_update(instance=project, fields=["progress"], data={"progress": int(progress)})
    if not _changed:
        # The same progress with a new note is still a new version of the project.
        project.save(update_fields=["updated_at"])
    return _timeline_add(actor=actor, project=project, note=note, date=date)


def _verify(*, actor, project: ImprovementProject, note: str) -> None:
    verifier = stored_user(actor)
    if verifier is None:
        raise ApplicationError(
            _("Verified by: a project is verified by a person, who signs the verification."),
            field="verified_by",
            code="verifier_required",
        )
    if project.owner_id is not None and project.owner_id == verifier.pk:
        raise ApplicationError(
            _("Verified by: a project is verified by someone other than its owner."),
            field="verified_by",
            code="verifier_is_owner",
        )
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Verification note: say what was checked."), field="verification_note", code="note_required"
        )
    project.verified_by = verifier
    project.verified_at = timezone.now()
    project.verification_note = note
    project.progress = 100


def improvement_project_verify(*, actor, project: ImprovementProject, note: str) -> ImprovementProject:
    """Someone other than the owner confirms a completed project did what it promised."""
    return improvement_project_transition(actor=actor, project=project, to_status=Status.VERIFIED, note=note)
