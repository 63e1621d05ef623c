"""The programme office downloads declaration workbooks in a real browser: from the home page to the
declarations page, then the programme's workbook (written in the background, followed on its export's
page) and a unit's, each reopened with openpyxl."""

import openpyxl
import pytest

from assessments.models import Cycle, DeclarationExportJob, Finding
from assessments.services.export_jobs import declaration_data_version, declaration_export_run
from assessments.tests.exports.programme import framework_and_cycle, in_group, unit_build
from excellence.roles import GROUP_PROGRAMME_ADMINS
from organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def office(db):
    fw = framework_and_cycle()
    unit_build(fw, code="FIRE", score=70)
    unit_build(fw, code="METRO", status="consensus", score=40)
    unit_build(fw, code="BUS", kind="company", score=55)
    return in_group(
        UserFactory(username="office", first_name="مریم", last_name="رضایی", password=PASSWORD),
        GROUP_PROGRAMME_ADMINS,
    )


def test_the_office_downloads_the_programme_and_a_unit_workbook(
    page, live_server, sign_in, screenshot, office, tmp_path, settings
):
    settings.DECLARATION_EXPORTS_DIR = tmp_path / "exports"
    # given the programme office signed in, on its home page
    sign_in("office", PASSWORD)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    assert page.get_by_role("heading", name="اظهارنامه‌های جایزه ملی تعالی").is_visible()
    screenshot("declarations-home")

    # when it follows the home page's link to the declarations
    page.get_by_role("link", name="انتخاب دوره یا واحد").click()
    page.wait_for_url(f"{live_server.url}/exports/declarations/")

    # then the page offers the cycle's programme workbook and each unit's
    assert page.get_by_role("heading", name="اظهارنامه‌های جایزه ملی تعالی").is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(3)] == ["BUS", "FIRE", "METRO"]
    screenshot("declarations-page")

    # when it asks for the programme workbook, which is written in the background (here in-process,
    # no broker being configured) and offered on the export's page
    page.locator("#download-programme").click()
    page.wait_for_url(f"{live_server.url}/exports/jobs/*/")
    assert page.locator("#job-status").get_by_text("انجام شد").is_visible()
    screenshot("declarations-job-done")
    with page.expect_download() as download_info:
        page.locator("#download-programme-file").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # then the file is the cycle's workbook, right to left, with every unit's findings
    assert download.suggested_filename == "declarations-1401.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "خلاصه" and len(book.sheetnames) == 7
    assert book["خلاصه"].sheet_view.rightToLeft
    strengths = Finding.objects.filter(stage=Finding.Stage.CONSENSUS, kind=Finding.Kind.STRENGTH).count()
    assert book["نقاط قوت"].max_row - 1 == strengths

    # and a unit's workbook downloads straight from its row
    page.go_back()
    with page.expect_download() as download_info:
        rows.nth(1).get_by_role("link").click()
    assert download_info.value.suggested_filename == "declaration-1401-FIRE.xlsx"
    assert errors == []


def test_the_export_page_follows_a_background_export_until_its_file_is_offered(
    page, live_server, sign_in, screenshot, office, tmp_path, settings
):
    # given an export of the office's that a worker has not taken yet
    settings.DECLARATION_EXPORTS_DIR = tmp_path / "exports"
    cycle = Cycle.objects.get(year=1401)
    job = DeclarationExportJob.objects.create(
        requested_by=office,
        cycle=cycle,
        scope=DeclarationExportJob.Scope.ALL,
        language="fa",
        data_version=declaration_data_version(cycle=cycle),
    )
    sign_in("office", PASSWORD)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    # when the office opens its page
    page.goto(f"{live_server.url}/exports/jobs/{job.pk}/")

    # then it says the export waits, with a plain refresh link and no file yet
    status = page.locator("#job-status")
    assert status.get_by_text("در صف").is_visible()
    assert status.get_by_role("link", name="تازه‌سازی").is_visible()
    assert page.locator("#download-programme-file").count() == 0
    screenshot("declarations-job-queued")
    page.evaluate("document.body.dataset.sameDocument = 'yes'")

    # when the worker writes it
    declaration_export_run(job_id=job.pk)

    # then the page, asking again by itself, offers the file without being reloaded
    page.locator("#download-programme-file").wait_for(timeout=15000)
    assert page.evaluate("document.body.dataset.sameDocument") == "yes"
    assert status.get_by_text("انجام شد").is_visible()
    screenshot("declarations-job-ready")
    with page.expect_download() as download_info:
        page.locator("#download-programme-file").click()
    assert download_info.value.suggested_filename == "declarations-1401.xlsx"
    assert errors == []
