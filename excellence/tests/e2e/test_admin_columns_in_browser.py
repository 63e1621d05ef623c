"""Issue 13: every changelist's columns fit a laptop's screen, in both languages; screenshots of each page.

At 1366×900 and 1024×768 every column header and cell of every changelist lies inside the
viewport and the page has no horizontal scroll. Every changelist and change page is saved
under var/screenshots/admin-<model>-<list|change>-<language>.png for a person to look at.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.tests.admin.programme import build_unit

from .conftest import SCREENSHOTS_DIR

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = ((1366, 900), (1024, 768))
LANGUAGES = ("fa", "en")

# Every cell's box, and how wide the page is against the window.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll('#result_list th, #result_list td')];
  const outside = cells
    .map(cell => ({text: cell.innerText.slice(0, 40), box: cell.getBoundingClientRect(),
                   cls: cell.className}))
    .filter(({box}) => box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
    .map(({text, box, cls}) => `${cls} «${text}» ${Math.round(box.left)}..${Math.round(box.right)}`);
  const results = document.querySelector('#changelist .results');
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    // the list's own box scrolls sideways when a column is hidden behind its edge
    resultsScroll: results ? results.scrollWidth - results.clientWidth : 0,
    cells: cells.length,
    outside,
  };
}"""


LONG_NAME_FA = "سازمان حمل و نقل بار و مسافر، واحد اتوبوسرانی اصفهان و حومه (نمونه آزمایشی)"
LONG_NAME_EN = (
    "Isfahan Passenger and Freight Transport Organization, Bus Company of Isfahan and Suburbs (demo)"
)
LONG_TEXT = (
    "فرایند بازنگری راهبرد سازمان با مشارکت ذی‌نفعان کلیدی به‌طور منظم و مستند انجام نمی‌شود و "
    "نتایج پایش شاخص‌های کلیدی عملکرد در تصمیم‌گیری‌های راهبردی به کار گرفته نمی‌شود. "
) * 3


def build_long_unit():
    """A unit as the demo has them: a long name in both languages, long findings and project titles."""
    unit = build_unit()
    organization = unit.organization
    type(organization).objects.filter(pk=organization.pk).update(name_fa=LONG_NAME_FA, name_en=LONG_NAME_EN)
    unit.findings.update(text=LONG_TEXT)
    organization.improvement_projects.update(title=LONG_TEXT[:200])
    return unit


def programme_models():
    return sorted(admin.site._registry, key=lambda model: (model._meta.app_label, model._meta.model_name))


@pytest.fixture
def office_pages(browser, live_server, django_user_model):
    """Open admin pages as a signed-in superuser in a given window size and language."""
    contexts = []
    django_user_model.objects.create_superuser("office", "office@example.org", "a-long-test-password")

    def open_as(width, height, language):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fa-IR")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "office")
        page.fill("#id_password", "a-long-test-password")
        page.click(".sign-in button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_changelist_fits_the_window(office_pages, live_server, width, height, language):
    # Given a programme with a row of every model, names and texts as long as the demo's
    build_long_unit()
    page = office_pages(width, height, language)
    problems = {}
    measured = 0

    # When each changelist is opened
    for model in programme_models():
        opts = model._meta
        page.goto(live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert page.locator("html").get_attribute("lang") == language
        found = page.evaluate(MEASURE)
        measured += found["cells"] > 0
        # Then no column lies outside the window and nothing scrolls sideways
        if found["outside"] or found["scrollWidth"] > found["width"] or found["resultsScroll"] > 1:
            problems[opts.model_name] = found

    assert sorted(problems) == [], problems
    assert measured >= len(programme_models()) - 3  # every list with rows was measured


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_every_changelist_and_change_page(office_pages, live_server, language):
    unit = build_long_unit()
    page = office_pages(1366, 900, language)
    wide = {}
    for model in programme_models():
        opts = model._meta
        name = f"admin-{opts.model_name}"
        page.goto(live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        _save(page, f"{name}-list-{language}")
        row = model._default_manager.order_by("pk").first()
        if opts.model_name == "assessment":
            row = unit
        if row is None:
            continue
        page.goto(
            live_server.url + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )
        _save(page, f"{name}-change-{language}")
        size = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if size[0] > size[1]:
            wide[opts.model_name] = size
    page.goto(live_server.url + reverse("admin:index"))
    _save(page, f"admin-index-{language}")
    # No change page is wider than the window (the add-finding table made one 1,600 px wide)
    assert wide == {}


def _save(page, name):
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS_DIR / f"{name}.png"), full_page=True)
