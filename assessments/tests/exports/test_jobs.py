"""Background programme exports: the job service, reuse while the cycle's data stays the same, its
page and file for the owner and the admins only. Tasks run in-process here (no broker in tests);
test_worker.py runs one through Redis and a real worker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.exports import writer
from assessments.exports.columns import DETAIL_SHEETS, PROFILE
from assessments.models import DeclarationExportJob, Finding, ImprovementProject, TimeEntry
from assessments.services import export_jobs
from assessments.services.export_jobs import (
    declaration_data_version,
    declaration_export_run,
    declaration_export_start,
    job_file_path,
)
from excellence.roles import AccessDenied
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

from .conftest import programme_download, reopen
from .programme import admin_user, in_group, manager_user

Job = DeclarationExportJob


def job_url(job):
    return reverse("declaration_job", args=[job.pk])


def file_url(job):
    return reverse("declaration_job_file", args=[job.pk])


def test_an_export_is_queued_then_written_with_the_databases_row_counts(units, fw, run_now):
    # given the office
    office = admin_user()

    # when it starts the programme export and the task runs
    job, created = run_now(office, fw.cycle)

    # then the job is done, its file is the workbook, and its progress counts every row
    assert created and job.status == Job.Status.DONE
    assert job.scope == Job.Scope.ALL and job.language == "fa" and job.requested_by == office
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    book = reopen(job_file_path(job).read_bytes())
    sheets = dict(zip([PROFILE.key, *(sheet.key for sheet in DETAIL_SHEETS)], book.worksheets, strict=True))
    counts = {key: sheet.max_row - 1 for key, sheet in sheets.items()}
    consensus = Finding.objects.filter(stage=Finding.Stage.CONSENSUS)
    assert counts["profile"] == 3
    assert counts["strengths"] == consensus.filter(kind=Finding.Kind.STRENGTH).count()
    assert counts["improvements"] == consensus.filter(kind=Finding.Kind.IMPROVEMENT).count()
    assert counts["best_practices"] == consensus.filter(kind=Finding.Kind.BEST_PRACTICE).count()
    assert counts["projects"] == ImprovementProject.objects.count()
    assert counts["hours"] == TimeEntry.objects.values_list("assessment_id", "assessor_id").distinct().count()
    assert job.rows_done == job.rows_total == sum(counts.values())


def test_the_count_ahead_of_writing_is_the_rows_written(units, fw, django_capture_on_commit_callbacks):
    # given a queued job (its task not yet run)
    job, _created = declaration_export_start(actor=admin_user(), cycle=fw.cycle)
    seen = []
    original = export_jobs._ProgressRecorder.__call__

    def recording(self, title, written):
        original(self, title, written)
        seen.append(Job.objects.values_list("rows_done", "rows_total").get(pk=self.job_id))

    # when the task writes it, recording progress every two rows
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "PROGRESS_EVERY", 2)
        patch.setattr(export_jobs._ProgressRecorder, "__call__", recording)
        declaration_export_run(job_id=job.pk)

    # then the job was told how far it was as it went, against the total counted first
    job.refresh_from_db()
    dones = [done for done, _total in seen]
    assert len(seen) > 7 and dones == sorted(dones) and dones[0] < job.rows_done
    assert {total for _done, total in seen} == {job.rows_total}
    assert dones[-1] == job.rows_done == job.rows_total


def test_a_finished_export_is_offered_again_while_the_data_is_unchanged(units, fw, run_now):
    office = admin_user()
    first, _created = run_now(office, fw.cycle)

    again, created = run_now(office, fw.cycle)

    assert again == first and not created
    assert Job.objects.count() == 1


def test_a_changed_finding_starts_a_new_export_and_retires_the_old_file(units, fw, run_now):
    # given a finished export
    office = admin_user()
    first, _created = run_now(office, fw.cycle)
    old_path = job_file_path(first)

    # when a finding of the cycle changes, and the office asks again
    finding = units["FIRE"].findings[Finding.Kind.STRENGTH][0]
    finding.text = "رهبران الگو هستند و پاسخ‌گو."
    finding.save()
    second, created = run_now(office, fw.cycle)

    # then a new export writes the new text, and the old file is gone
    assert created and second != first and second.data_version != first.data_version
    texts = [
        row[-1] for row in reopen(job_file_path(second).read_bytes())["نقاط قوت"].iter_rows(values_only=True)
    ]
    assert "رهبران الگو هستند و پاسخ‌گو." in texts
    first.refresh_from_db()
    assert first.file_name == "" and not old_path.exists() and job_file_path(first) is None


def score_changed(unit):
    """A consensus score set again through the service, as the workspace and the API set it."""
    from assessments.services.scores import score_set

    score = unit.assessment.scores.filter(stage="consensus").select_related("sub_criterion").first()
    values = {item.attribute.code: 35 for item in score.attribute_scores.select_related("attribute")}
    score_set(
        actor=unit.leader.user,
        assessment=unit.assessment,
        sub_criterion=score.sub_criterion,
        stage="consensus",
        values=values,
        expected_updated_at=score.updated_at,
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda units: units["BUS"].findings[Finding.Kind.STRENGTH][0].delete(), id="finding deleted"
        ),
        pytest.param(lambda units: TimeEntry.objects.first().delete(), id="hours deleted"),
        pytest.param(lambda units: score_changed(units["METRO"]), id="consensus score changed"),
        pytest.param(
            lambda units: units["BUS"].project.improvement_points.clear(), id="project links cleared"
        ),
        pytest.param(
            lambda units: units["METRO"].assessment.organization.save(update_fields=["updated_at"]),
            id="unit saved",
        ),
    ],
)
def test_the_data_version_moves_with_each_kind_of_change(units, fw, change):
    before = declaration_data_version(cycle=fw.cycle)

    change(units)

    assert declaration_data_version(cycle=fw.cycle) != before


def test_the_data_version_ignores_other_cycles_and_takes_a_fixed_number_of_queries(
    units, fw, django_assert_num_queries
):
    from .programme import framework_and_cycle, unit_build

    before = declaration_data_version(cycle=fw.cycle)
    other = framework_and_cycle(year=1402)
    unit_build(other, code="LATER")

    with django_assert_num_queries(9):
        assert declaration_data_version(cycle=fw.cycle) == before


def test_scope_and_language_keep_their_own_exports(units, fw, run_now, english):
    # given the office and a manager, in English
    office, manager = admin_user(), manager_user()

    office_job, _created = run_now(office, fw.cycle)
    manager_job, _created = run_now(manager, fw.cycle)

    # then the manager's is their own, of the released units only, in English
    assert manager_job != office_job
    assert (office_job.scope, manager_job.scope) == (Job.Scope.ALL, Job.Scope.RELEASED)
    assert manager_job.language == "en"
    summary = reopen(job_file_path(manager_job).read_bytes())["Summary"]
    assert sorted(row[0] for row in summary.iter_rows(min_row=2, values_only=True)) == ["BUS", "FIRE"]


def test_a_queued_export_is_followed_rather_than_started_twice_unless_it_went_quiet(units, fw):
    office = admin_user()
    queued, _created = declaration_export_start(actor=office, cycle=fw.cycle)  # its task never runs here

    again, created = declaration_export_start(actor=office, cycle=fw.cycle)
    assert again == queued and not created

    Job.objects.filter(pk=queued.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    fresh, created = declaration_export_start(actor=office, cycle=fw.cycle)
    assert created and fresh != queued


def test_a_job_is_written_once_however_often_its_task_runs(units, fw, run_now):
    job, _created = run_now(admin_user(), fw.cycle)
    written = job.file_name

    declaration_export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file_name == written
    assert len(list(job_file_path(job).parent.glob("*.xlsx"))) == 1


def test_a_failed_export_is_recorded_and_its_page_says_so(client, units, fw, run_now, monkeypatch):
    # given an export that breaks while writing
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "declaration_programme_write", broken)
    office = admin_user()

    # when it runs
    job, _created = run_now(office, fw.cycle)

    # then the job failed with its error kept, no file is left, and its page offers a new try
    assert job.status == Job.Status.FAILED and "disk full" in job.error and job.file_name == ""
    assert list(job_file_path_dir().glob("*")) == []
    client.force_login(office)
    page = client.get(job_url(job)).content.decode()
    assert "نوشته نشد" in page and reverse("declaration_programme", args=[1401]) in page
    assert "hx-trigger" not in page
    assert client.get(file_url(job)).status_code == 404

    # and a new request starts a new export rather than reusing the failed one
    again, created = declaration_export_start(actor=office, cycle=fw.cycle)
    assert created and again != job


def job_file_path_dir():
    return export_jobs.exports_dir()


def test_nobody_but_an_admin_or_a_manager_starts_an_export(units, fw):
    representative = UserFactory(username="rep-fire")
    OrganizationMember.objects.create(organization=units["FIRE"].assessment.organization, user=representative)
    for person in (representative, units["FIRE"].leader.user, UserFactory()):
        with pytest.raises(AccessDenied):
            declaration_export_start(actor=person, cycle=fw.cycle)
    assert Job.objects.count() == 0


def test_the_programme_url_sends_to_the_export_page_which_offers_the_file(
    client, units, fw, django_capture_on_commit_callbacks
):
    client.force_login(admin_user())

    job, download = programme_download(client, django_capture_on_commit_callbacks)

    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="declarations-1401.xlsx"'
    page = client.get(job_url(job))
    html = page.content.decode()
    assert page.status_code == 200 and file_url(job) in html
    assert "hx-trigger" not in html  # finished: nothing to poll
    # the same request later finds the same export
    again = client.get(reverse("declaration_programme", args=[1401]))
    assert again["Location"] == job_url(job)


def test_a_running_export_page_polls_with_htmx_and_offers_a_plain_refresh(client, units, fw):
    office = admin_user()
    job, _created = declaration_export_start(actor=office, cycle=fw.cycle)  # queued, not run
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, rows_done=30, rows_total=120)
    client.force_login(office)

    page = client.get(job_url(job))
    fragment = client.get(job_url(job), headers={"HX-Request": "true"})

    html = page.content.decode()
    assert page.status_code == 200
    assert f'hx-get="{job_url(job)}"' in html and 'hx-trigger="every 2s"' in html
    assert "vendor/htmx/htmx.min.js" in html
    assert 'http-equiv="refresh"' not in html
    assert f'<a href="{job_url(job)}">تازه‌سازی</a>' in html
    assert 'value="25"' in html and "۳۰ ردیف از ۱۲۰ ردیف نوشته شد." in html
    assert file_url(job) not in html
    assert client.get(file_url(job)).status_code == 404
    body = fragment.content.decode()
    assert fragment.status_code == 200 and body.lstrip().startswith('<div id="job-status"')
    assert "<html" not in body and 'id="job-status"' in body and "hx-trigger" in body


def test_an_export_page_and_file_are_the_owners_and_the_admins_only(client, units, fw, run_now):
    # given a manager's finished export
    owner = manager_user()
    job, _created = run_now(owner, fw.cycle)
    other_manager = in_group(UserFactory(username="deputy-2"), "managers")
    representative = UserFactory(username="rep-fire")
    OrganizationMember.objects.create(organization=units["FIRE"].assessment.organization, user=representative)

    # then its owner and an admin open it
    for person in (owner, admin_user()):
        client.force_login(person)
        assert client.get(job_url(job)).status_code == 200
        assert client.get(file_url(job)).status_code == 200

    # and nobody else finds it
    for person in (other_manager, representative, units["FIRE"].leader.user):
        client.force_login(person)
        assert client.get(job_url(job)).status_code == 404
        assert client.get(file_url(job)).status_code == 404
    client.logout()
    assert client.get(job_url(job)).status_code == 302


def test_a_retired_export_page_offers_to_write_it_again(client, units, fw, run_now):
    office = admin_user()
    first, _created = run_now(office, fw.cycle)
    units["FIRE"].findings[Finding.Kind.STRENGTH][0].delete()
    run_now(office, fw.cycle)
    client.force_login(office)

    html = client.get(job_url(first)).content.decode()

    assert "دیگر نگه داشته نمی‌شود" in html and reverse("declaration_programme", args=[1401]) in html
    assert client.get(file_url(first)).status_code == 404


def test_the_export_page_needs_a_fixed_number_of_queries(
    client, units, fw, run_now, django_assert_num_queries
):
    office = admin_user()
    job, _created = run_now(office, fw.cycle)
    client.force_login(office)

    # the session, the person and their roles (three), the export; for a finished export, the
    # cycle's data version (nine aggregates, whatever the cycle's size) says whether it is current
    with django_assert_num_queries(15):
        assert client.get(job_url(job)).status_code == 200


def test_a_workbook_the_cycles_data_has_overtaken_is_no_longer_offered(client, units, fw, run_now):
    office = admin_user()
    job, _created = run_now(office, fw.cycle)
    client.force_login(office)
    assert client.get(file_url(job)).status_code == 200

    Finding.objects.filter(stage=Finding.Stage.CONSENSUS).update(updated_at=timezone.now())

    page = client.get(job_url(job)).content.decode()
    assert "download-programme-file" not in page
    assert reverse("declaration_programme", args=[fw.cycle.year]) in page
    assert client.get(file_url(job)).status_code == 404
