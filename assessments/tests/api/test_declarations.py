"""The declaration workbooks through the API: the programme's in the background, a unit's at once,
under the pages' rules (the office exports all, managers released results, nobody else)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import DeclarationExportJob

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = reverse("api:declaration-export-list")


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    settings.DECLARATION_EXPORTS_DIR = tmp_path / "exports"
    return settings.DECLARATION_EXPORTS_DIR


def start(client, django_capture_on_commit_callbacks, **body):
    """POST an export, running what it queues when its transaction commits (the in-process task)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(EXPORTS, body, format="json")


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_office_exports_the_programme_workbook_in_the_background(
    clients, programme, django_capture_on_commit_callbacks
):
    admin = clients["admin"]

    started = start(admin, django_capture_on_commit_callbacks, cycle="۱۴۰۱")

    assert started.status_code == 202
    job = started.json()
    assert (job["cycle"], job["scope"], job["status"]) == (1401, "all", "queued")
    followed = admin.get(reverse("api:declaration-export-detail", kwargs={"pk": job["id"]})).json()
    assert followed["status"] == "done" and followed["rows_done"] == followed["rows_total"] > 0
    assert followed["file"].endswith(reverse("api:declaration-export-file", kwargs={"pk": job["id"]}))
    book = workbook(admin.get(followed["file"], HTTP_ACCEPT=XLSX))
    assert len(book.sheetnames) > 1
    # Asked again while the cycle's data is unchanged, the same export is offered
    assert start(admin, django_capture_on_commit_callbacks, cycle=1401).json()["id"] == job["id"]
    assert {row["id"] for row in admin.get(EXPORTS).json()["results"]} == {job["id"]}


def test_a_manager_exports_released_results_only_and_nobody_else_exports(
    clients, programme, django_capture_on_commit_callbacks
):
    assert (
        start(clients["manager"], django_capture_on_commit_callbacks, cycle=1401).json()["scope"]
        == "released"
    )
    for role in ("leader", "member", "representative"):
        refused = start(clients[role], django_capture_on_commit_callbacks, cycle=1401)
        assert refused.status_code == 403
        assert refused.json()["code"] == "declaration_export"
    assert DeclarationExportJob.objects.count() == 1


def test_an_export_is_its_owners_and_the_offices(clients, programme, django_capture_on_commit_callbacks):
    job = start(clients["manager"], django_capture_on_commit_callbacks, cycle=1401).json()
    detail = reverse("api:declaration-export-detail", kwargs={"pk": job["id"]})
    file = reverse("api:declaration-export-file", kwargs={"pk": job["id"]})

    assert clients["admin"].get(detail).status_code == 200
    for role in ("leader", "representative"):
        assert clients[role].get(detail).status_code == 404
        assert clients[role].get(file, HTTP_ACCEPT=XLSX).json()["code"] == "not_found"
    assert clients["leader"].get(EXPORTS).json()["results"] == []


def test_a_file_not_written_yet_answers_404_in_json(clients, programme):
    # Without running what it queued, the export stays queued
    job = clients["admin"].post(EXPORTS, {"cycle": 1401}, format="json").json()

    response = clients["admin"].get(reverse("api:declaration-export-file", kwargs={"pk": job["id"]}))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("cycle", ["", "abc", 1399, "۱۳۹۹"])
def test_a_cycle_that_does_not_exist_is_a_field_error(
    clients, programme, cycle, django_capture_on_commit_callbacks
):
    response = start(clients["admin"], django_capture_on_commit_callbacks, cycle=cycle)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cycle"]
    assert not DeclarationExportJob.objects.exists()


def test_a_units_declaration_is_served_at_once_to_those_who_may_export_it(clients, programme):
    def declaration(role, assessment):
        url = reverse("api:assessment-declaration", kwargs={"pk": assessment.pk})
        return clients[role].get(url, HTTP_ACCEPT=XLSX)

    # The office: any assessment; a manager: a released one only
    assert workbook(declaration("admin", programme.assessment)).sheetnames
    assert workbook(declaration("manager", programme.released)).sheetnames
    refused = declaration("manager", programme.assessment)
    assert refused.status_code == 403 and refused.json()["code"] == "declaration_export"
    # A team member sees the assessment but exports nothing; another team's does not see it
    assert declaration("member", programme.assessment).status_code == 403
    assert declaration("outsider", programme.assessment).status_code == 404
