"""A unit's representative keeps a project up to date in a real browser (Chromium), in Persian.

They sign in, open their unit's project from the project list, report its progress with a
Persian note typed with Persian digits, and find the note on the project's timeline and on
their unit's summary: on their home page's unit card and on the unit's dashboard page.
Screenshots at a laptop's and a tablet's width go to var/screenshots/; the browser's
console must report no Content-Security-Policy refusal and no error.
"""

import pytest
from axes.utils import reset as axes_reset

from assessments.models import ImprovementProject, ProjectUpdate
from assessments.tests.projects_programme import PAST, projects_programme_build

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "test-password"  # organizations.tests.factories.UserFactory's
WIDTHS = (1366, 768)
NOTE = "نخستین کارگاه آموزشی با حضور ۳۰ نفر برگزار شد و دستورالعمل بازنگری راهبرد تصویب شد."


@pytest.fixture(autouse=True)
def no_lockouts():
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def console_problems(page):
    """Console errors and Content-Security-Policy refusals, as Chromium reports them."""
    problems = []

    def listen(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return problems


@pytest.fixture
def screenshots_at_both_widths(page, screenshot):
    def take(name):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(f"{name}-{width}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    return take


def test_a_representative_reports_progress_and_finds_it_on_the_timeline_and_the_units_summary(
    page, live_server, sign_in, console_problems, screenshots_at_both_widths
):
    # Given the fire department's running project, late, and the metro's
    programme = projects_programme_build()
    project = programme.project(
        programme.fire, title="استقرار نظام بازنگری سالانه راهبرد", status="in_progress", due_date=PAST
    )
    programme.project(programme.metro, title="پروژه قطار شهری", status="in_progress")

    # When the representative signs in, and opens the project from the list
    sign_in("rep-fire", PASSWORD)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click(".site-header nav >> text=پروژه‌ها")
    page.wait_for_url(f"{live_server.url}/projects/")
    assert "پروژه قطار شهری" not in page.inner_text("main")
    assert page.locator(".project-table .overdue").count() == 1
    screenshots_at_both_widths("projects-list-representative")
    page.click("text=استقرار نظام بازنگری سالانه راهبرد")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/")
    assert "سارا احمدی" in page.inner_text(".project-facts")

    # And reports 55 % (typed with Persian digits) with a Persian note
    page.fill("#id_progress", "۵۵")
    page.fill("#id_note", NOTE)
    page.click("text=افزودن به سیر زمانی")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/#timeline")

    # Then the note is the newest entry on the timeline, the project is at 55 %, and it is stored
    assert "پیشرفت در سیر زمانی پروژه ثبت شد." in page.inner_text(".messages")
    newest = page.locator(".timeline .timeline-entry").first
    assert NOTE in newest.inner_text()
    assert "۵۵٪" in newest.inner_text()
    assert "۵۵٪" in page.inner_text(".progress-figure")
    stored = ProjectUpdate.objects.get(project=project, status="")
    assert (stored.progress, stored.note, stored.author.username) == (55, NOTE, "rep-fire")
    assert ImprovementProject.objects.get(pk=project.pk).progress == 55
    screenshots_at_both_widths("project-detail-representative")

    # And the unit's summary on their home shows the update
    page.click(".site-header .navbar-brand")
    page.wait_for_url(f"{live_server.url}/")
    summary = page.locator(".unit-projects")
    assert NOTE[:40] in summary.inner_text()
    assert "پروژه قطار شهری" not in summary.inner_text()
    screenshots_at_both_widths("home-representative-unit-projects")

    # And so does their unit's dashboard page, with nothing of the metro's
    page.goto(f"{live_server.url}/dashboard/organizations/FIRE/")
    unit_page = page.locator(".unit-projects")
    assert NOTE[:40] in unit_page.inner_text()
    assert "پروژه قطار شهری" not in page.inner_text("main")
    screenshots_at_both_widths("unit-dashboard-representative-projects")

    assert console_problems == []


def test_the_office_verifies_a_completed_project_and_sees_the_programmes_view(
    page, live_server, sign_in, console_problems, screenshots_at_both_widths
):
    programme = projects_programme_build()
    programme.office.set_password(PASSWORD)
    programme.office.save()
    project = programme.project(programme.fire, title="پروژه تکمیل‌شده", status="completed")
    programme.project(programme.metro, title="پروژه قطار شهری", category="other", due_date=PAST)

    sign_in("office", PASSWORD)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.fill("#id_verification_note", "گزارش نهایی و شاخص‌های پیش و پس از پروژه بررسی شد.")
    page.click("text=انتقال به «راستی‌آزمایی‌شده»")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/")
    assert "راستی‌آزمایی‌شده به دست مریم دفتری" in page.inner_text("main")
    screenshots_at_both_widths("project-detail-verified")

    page.goto(f"{live_server.url}/projects/programme/?cycle=۱۴۰۱")
    assert "پروژه‌های بهبود دوره ۱۴۰۱" in page.inner_text("h1")
    assert page.locator(".unit-projects-table tbody tr").count() == 2
    screenshots_at_both_widths("projects-programme")
    assert console_problems == []
