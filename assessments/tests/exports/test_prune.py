"""Tidying the background exports' folder: files the cycle's data has overtaken, lost jobs, strays."""

import datetime
import io
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import DeclarationExportJob, Finding
from assessments.services.export_jobs import declaration_exports_prune, exports_dir, job_file_path
from excellence.roles import COMMAND_LINE, AccessDenied

from .programme import admin_user, manager_user

Job = DeclarationExportJob
LATER = datetime.timedelta(hours=1)


def aged(path, *, by=LATER):
    """Make a file look older than it is."""
    then = (timezone.now() - by).timestamp()
    os.utime(path, (then, then))


def test_a_file_the_cycles_data_has_overtaken_goes_and_a_current_one_stays(units, fw, run_now):
    # given the office's export and a manager's, both written
    office, _ = run_now(admin_user(), fw.cycle)
    manager, _ = run_now(manager_user(), fw.cycle)
    assert job_file_path(office) and job_file_path(manager)

    # when nothing has changed, pruning keeps both
    assert declaration_exports_prune(actor=COMMAND_LINE).files_removed == 0
    # and once a finding changes, both files are out of date and go
    finding = Finding.objects.filter(stage=Finding.Stage.CONSENSUS).first()
    Finding.objects.filter(pk=finding.pk).update(text="متن تازه", updated_at=timezone.now())
    report = declaration_exports_prune(actor=COMMAND_LINE)

    assert report.files_removed == 2
    for job in (office, manager):
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.file_name == "" and job_file_path(job) is None
    assert list(exports_dir().glob("*.xlsx")) == []


def test_a_job_not_heard_of_for_half_an_hour_is_marked_failed(units, fw):
    office = admin_user()
    quiet = Job.objects.create(
        requested_by=office, cycle=fw.cycle, scope="all", language="fa", data_version="v"
    )
    busy = Job.objects.create(
        requested_by=office, cycle=fw.cycle, scope="all", language="fa", data_version="v", status="running"
    )
    Job.objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - LATER)

    assert declaration_exports_prune(actor=COMMAND_LINE).jobs_lost == 1

    quiet.refresh_from_db()
    busy.refresh_from_db()
    assert quiet.status == Job.Status.FAILED and "worker was lost" in quiet.error
    assert busy.status == Job.Status.RUNNING


def test_old_stray_files_go_and_fresh_or_named_ones_stay(units, fw, run_now):
    job, _ = run_now(admin_user(), fw.cycle)
    folder = exports_dir()
    old_stray, fresh_part = folder / "left-behind.xlsx", folder / ".declarations-1401-9.xlsx.part"
    old_stray.write_bytes(b"x")
    fresh_part.write_bytes(b"x")
    aged(old_stray)
    aged(job_file_path(job))

    report = declaration_exports_prune(actor=COMMAND_LINE)

    assert report.strays_removed == 1
    assert not old_stray.exists() and fresh_part.exists() and job_file_path(job) is not None


def test_only_the_office_prunes(units, fw):
    with pytest.raises(AccessDenied):
        declaration_exports_prune(actor=manager_user())


def test_the_command_says_what_it_removed(units, fw, run_now, english):
    run_now(admin_user(), fw.cycle)
    Finding.objects.filter(stage=Finding.Stage.CONSENSUS).update(updated_at=timezone.now())
    out = io.StringIO()

    call_command("prune_declaration_exports", stdout=out)

    assert out.getvalue().strip() == (
        "Declaration exports: 1 out-of-date files removed, 0 lost exports marked failed, "
        "0 stray files removed."
    )
