"""A real browser for end-to-end tests: Debian's Chromium driven by Playwright, never a download."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS_DIR = Path(settings.BASE_DIR) / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to arrange data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fa-IR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""

    def take(name):
        SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the product's one sign-in page; waits until the browser lands on `lands_on`.

    Opens `/accounts/login/` unless the page is already on it (for example after switching
    the language, or after being sent there with `next` by an anonymous visit).
    """

    def sign_in(username, password, *, lands_on="/"):
        if not page.url.startswith(f"{live_server.url}/accounts/login/"):
            page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click(".sign-in button[type=submit]")
        page.wait_for_url(f"{live_server.url}{lands_on}")
        return page

    return sign_in


@pytest.fixture
def admin_login(page, live_server, django_user_model, sign_in):
    """Log a superuser in to the admin through the one sign-in page; returns the logged-in page.

    The admin has no login form of its own: `/admin/` sends an anonymous visitor to
    `/accounts/login/?next=/admin/`, and signing in there lands back on the admin.
    """

    def login(username="office", password="a-long-test-password"):
        if not django_user_model.objects.filter(username=username).exists():
            django_user_model.objects.create_superuser(username, f"{username}@example.org", password)
        page.goto(f"{live_server.url}/admin/")
        page.wait_for_url(f"{live_server.url}/accounts/login/?next=%2Fadmin%2F")
        return sign_in(username, password, lands_on="/admin/")

    return login
