"""Improvement projects: defined by an organization, progressed, and verified by someone else."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from excellence.errors import ApplicationError
from excellence.updates import model_update
from organizations.models import Organization

from ..models import Cycle, Finding, ImprovementProject
from .rules import ensure_cycle_open, ensure_project_editable

PROJECT_FIELDS = [
    "title",
    "description",
    "category",
    "owner",
    "start_date",
    "due_date",
    "status",
    "progress",
    "improvement_points",
]


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
    if data.get("status") == ImprovementProject.Status.VERIFIED:
        raise ApplicationError(
            _("Status: a project becomes verified only when someone other than its owner verifies it."),
            field="status",
            code="verify_through_service",
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


@transaction.atomic
def improvement_project_create(
    *, organization: Organization, cycle: Cycle, title: str, category: str, **data
) -> ImprovementProject:
    ensure_cycle_open(cycle)
    _validate(organization=organization, cycle=cycle, data=data)
    points = data.pop("improvement_points", [])
    project = ImprovementProject(
        organization=organization, cycle=cycle, title=title, category=category, **data
    )
    project.full_clean()
    project.save()
    if points:
        project.improvement_points.set(points)
    return project


@transaction.atomic
def improvement_project_update(*, project: ImprovementProject, data: dict) -> ImprovementProject:
    ensure_project_editable(project)
    _validate(organization=project.organization, cycle=project.cycle, data=data)
    project, _changed = model_update(instance=project, fields=PROJECT_FIELDS, data=data)
    return project


@transaction.atomic
def improvement_project_verify(*, project: ImprovementProject, user, note: str) -> ImprovementProject:
    """Someone other than the owner confirms a completed project did what it promised."""
    ensure_cycle_open(project.cycle)
    if project.status != ImprovementProject.Status.COMPLETED:
        raise ApplicationError(
            _("Status: only a completed project can be verified; this one is “%(status)s”."),
            field="status",
            code="verify_not_completed",
            params={"status": project.get_status_display()},
        )
    if project.owner_id is not None and project.owner_id == user.pk:
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
    project.status = ImprovementProject.Status.VERIFIED
    project.verified_by = user
    project.verified_at = timezone.now()
    project.verification_note = note
    project.progress = 100
    project.full_clean()
    project.save()
    return project
