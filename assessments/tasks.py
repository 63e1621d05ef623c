"""The programme's background tasks (Celery, `excellence/celery.py`): each calls one service."""

from celery import shared_task

from .services.export_jobs import declaration_export_run


@shared_task(name="assessments.declaration_export")
def declaration_export(job_id: int) -> None:
    """Write the programme declaration workbook of a queued export job."""
    declaration_export_run(job_id=job_id)
