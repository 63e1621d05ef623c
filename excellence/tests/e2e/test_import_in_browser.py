"""Importing findings from Excel in a real browser: an assessor follows the workspace's link to the
upload page, uploads a workbook with one bad row and sees that row's error (nothing saved), then
uploads a good workbook and sees its findings listed; in Persian, then in English.

Screenshots are saved under var/screenshots/ (import-*.png).
"""

import openpyxl
import pytest
from axes.utils import reset as axes_reset
from django.conf import settings

from assessments.models import Finding
from assessments.tests.imports.conftest import PASSWORD, build_setup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_lockouts():
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def setup(transactional_db):
    return build_setup()


def workbook_file(path, headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "یافته‌ها"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def upload(page, path):
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator(".import-form button[type=submit]").click()


def test_an_assessor_imports_findings_sees_the_bad_rows_error_then_the_findings(
    page, live_server, sign_in, screenshot, setup, tmp_path
):
    csp = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp.append(m.text))
    headers = ["زیرمعیار", "نوع", "یافته"]
    bad = workbook_file(
        tmp_path / "bad.xlsx",
        headers,
        [
            ["۱الف", "نقطه قوت", "مأموریت روشن است."],
            ["۹ی", "نقطه قوت", "کد نادرست"],
            ["۱ب", "نقطه قوت", "الگو"],
        ],
    )
    good = workbook_file(
        tmp_path / "good.xlsx",
        headers,
        [
            ["۱الف", "نقطه قوت", "مأموریت روشن است و رهبران به آن عمل مي‌كنند."],
            ["۲الف", "نقطه قابل بهبود", "نظرسنجی از شهروندان منظم نیست."],
            ["1b", "Best practice", "داشبورد شهروندی."],
        ],
    )

    # given the team member, signed in, on their assessment in the individual stage
    sign_in(setup.member.user.username, PASSWORD)
    page.goto(f"{live_server.url}/workspace/{setup.assessment.pk}/")

    screenshot("import-link-fa")

    # when they follow the link to the upload page
    page.locator("#import-findings").click()
    page.wait_for_url(f"{live_server.url}/workspace/{setup.assessment.pk}/import/")
    assert page.get_by_role("heading", name="ورود یافته‌ها از اکسل").is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#id_target option:checked").inner_text() == "یافته‌های فردی من"
    screenshot("import-page-fa")

    # and upload a workbook with one bad row
    upload(page, bad)

    # then the page lists that row's error, and nothing is saved
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    cells = [errors.first.locator("td").nth(i).inner_text() for i in range(4)]
    assert cells[:3] == ["یافته‌ها", "۳", "زیرمعیار (A)"]
    assert cells[3].startswith("زیرمعیار: «۹ی» زیرمعیاری از مدل دوره ۱۴۰۱")
    assert "هیچ چیز ذخیره نشد" in page.locator("#import-errors h2").inner_text()
    assert not Finding.objects.exists()
    screenshot("import-errors-fa")

    # when they upload a good workbook
    upload(page, good)

    # then its findings are listed, saved as their own, normalized
    assert "۳ یافته وارد شد" in page.locator("#import-result").inner_text()
    listed = page.locator("#imported-findings tbody tr")
    assert listed.count() == 3
    assert "مأموریت روشن است و رهبران به آن عمل می‌کنند." in listed.first.inner_text()
    assert Finding.objects.filter(author=setup.member, stage=Finding.Stage.INDIVIDUAL).count() == 3
    screenshot("import-done-fa")

    # and, in English, the same bad file's error reads in English
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/workspace/{setup.assessment.pk}/import/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot("import-page-en")
    upload(page, bad)
    cells = [page.locator("#import-errors tbody tr td").nth(i).inner_text() for i in range(4)]
    assert cells[1:3] == ["3", "زیرمعیار (A)"]  # the header as the file writes it
    assert cells[3].startswith("Sub-criterion: «۹ی» is not a sub-criterion of the framework of cycle 1401")
    screenshot("import-errors-en")

    # and uploading the good file again saves nothing twice
    upload(page, good)
    result = page.locator("#import-result").inner_text()
    assert "No finding was imported: every row is already recorded." in result
    assert "3 rows were skipped" in result
    assert Finding.objects.count() == 3
    screenshot("import-skipped-en")
    assert csp == []
