"""The programme's background tasks (Celery, `excellence/celery.py`): each calls one service."""

from celery import shared_task

from excellence.roles import COMMAND_LINE

from .services.export_jobs import declaration_export_run, declaration_exports_prune


@shared_task(name="assessments.declaration_export")
def declaration_export(job_id: int) -> None:
    """Write the programme declaration workbook of a queued export job."""
    declaration_export_run(job_id=job_id)


@shared_task(name="assessments.declaration_exports_prune")
def declaration_exports_prune_task() -> None:
    """Remove the export files the cycles' data has overtaken, and what lost workers left (hourly)."""
    declaration_exports_prune(actor=COMMAND_LINE)
