import io

import openpyxl
import pytest
from django.urls import resolve, reverse

from assessments.models import DeclarationExportJob
from assessments.services.export_jobs import declaration_export_start

from .programme import framework_and_cycle, unit_build


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    """Background exports keep their files in a folder of the test's own."""
    settings.DECLARATION_EXPORTS_DIR = tmp_path / "exports"
    return settings.DECLARATION_EXPORTS_DIR


@pytest.fixture
def fw(db):
    return framework_and_cycle()


@pytest.fixture
def units(fw):
    """Two organizations and a company, one of the organizations not yet released."""
    return {
        "FIRE": unit_build(fw, code="FIRE", score=70),
        "METRO": unit_build(fw, code="METRO", status="consensus", score=40),
        "BUS": unit_build(fw, code="BUS", kind="company", score=55),
    }


def reopen(content) -> openpyxl.Workbook:
    """A written workbook read back as a spreadsheet program would see it."""
    if isinstance(content, io.BytesIO):
        content.seek(0)
        return openpyxl.load_workbook(content)
    return openpyxl.load_workbook(io.BytesIO(content))


def sheet_rows(sheet) -> list[dict]:
    """The data rows of a sheet as {header: value}."""
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def programme_download(client, capture, year=1401):
    """The programme workbook as a person gets it: its URL starts the export (run in-process once
    the request's transaction commits) and redirects to the export's page, which offers the file."""
    with capture(execute=True):
        started = client.get(reverse("declaration_programme", args=[year]))
    assert started.status_code == 302, started.status_code
    job = DeclarationExportJob.objects.get(pk=resolve(started["Location"]).kwargs["pk"])
    assert started["Location"] == reverse("declaration_job", args=[job.pk])
    response = client.get(reverse("declaration_job_file", args=[job.pk]))
    return job, response


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start an export and run what was queued when its transaction commits (the in-process task)."""

    def start(actor, cycle):
        with django_capture_on_commit_callbacks(execute=True):
            job, created = declaration_export_start(actor=actor, cycle=cycle)
        job.refresh_from_db()
        return job, created

    return start
