"""The manager opens every dashboard in a real browser, in Persian and in English, with the demo loaded.

Each page is read as a person reads it: right to left in Persian, every chart drawn by Chart.js
(right to left in Persian), no page wider than the window at a laptop's and a tablet's width,
nothing refused by the Content-Security-Policy and no script error. Screenshots of every page at
both widths (and of the programme dashboard as printed) go to var/screenshots/ for a person to
look at.
"""

import io

import pytest
from axes.utils import reset as axes_reset
from django.core.management import call_command

from assessments.demo.people import MANAGER

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
WIDTHS = (1366, 768)
PAGES = {
    "dashboard": "/dashboard/?cycle=1401",
    "dashboard-unit": "/dashboard/organizations/FIRE/?cycle=1401",
    "dashboard-comparisons": "/dashboard/comparisons/?cycle=1401",
}


@pytest.fixture
def demo(db):
    axes_reset()
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    yield
    axes_reset()


@pytest.fixture
def problems(page):
    """Console errors (Chromium reports CSP refusals there too) and uncaught script errors."""
    found = []
    page.on(
        "console",
        lambda message: found.append(f"{page.url}: {message.text}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: found.append(f"{page.url}: {error}"))
    return found


ALL_CHARTS_DRAWN = """() => {
    const charts = document.querySelectorAll('canvas[data-chart]');
    const drawn = document.querySelectorAll('canvas[data-chart-drawn=true]');
    return charts.length > 0 && drawn.length === charts.length;
}"""


def open_and_check(page, url, *, rtl):
    page.goto(url)
    page.wait_for_function(ALL_CHARTS_DRAWN)
    canvases = page.locator("canvas[data-chart]")
    count = canvases.count()
    assert count >= 3, url
    # every chart drawn by Chart.js, from data, right to left on a Persian page
    assert page.locator("canvas[data-chart-drawn=true]").count() == count, url
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map((canvas) => {
            const chart = window.Chart.getChart(canvas);
            const horizontal = chart.options.indexAxis === 'y';
            const category = horizontal ? chart.options.scales.y : chart.options.scales.x;
            return {
                points: chart.data.datasets.reduce((sum, set) => sum + set.data.length, 0),
                reversed: horizontal ? chart.options.scales.x.reverse : category.reverse,
                legendRtl: chart.options.plugins.legend.rtl,
                width: canvas.width,
            };
        })"""
    )
    assert all(chart["points"] > 0 and chart["width"] > 0 for chart in drawn), (url, drawn)
    assert all(chart["reversed"] is rtl and chart["legendRtl"] is rtl for chart in drawn), (url, drawn)
    assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr")


def no_horizontal_overflow(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_manager_reads_every_dashboard_in_persian_and_in_english(
    page, live_server, demo, sign_in, screenshot, problems
):
    # Given the demo programme and its manager signed in (Persian, the default)
    sign_in(MANAGER.username, PASSWORD)
    page.get_by_role("link", name="داشبورد", exact=True).click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    for language, rtl in (("fa", True), ("en", False)):
        for name, path in PAGES.items():
            # When each dashboard is opened at a laptop's and a tablet's width
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                open_and_check(page, f"{live_server.url}{path}", rtl=rtl)
                # Then it fits the window and its charts are drawn
                assert no_horizontal_overflow(page), (name, language, width)
                screenshot(f"{name}-{language}-{width}")
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        # and the programme dashboard prints on A4 without its pickers and filters
        page.goto(f"{live_server.url}{PAGES['dashboard']}")
        page.wait_for_function(ALL_CHARTS_DRAWN)
        page.emulate_media(media="print")
        assert page.locator(".units-filter").is_hidden() and page.locator(".cycle-picker").is_hidden()
        screenshot(f"dashboard-print-{language}")
        page.emulate_media(media="screen")
        if language == "fa":
            # the English interface, chosen with the switcher
            page.get_by_role("button", name="English").click()
            page.wait_for_selector("html[lang=en]")

    # And the drill-down from a count of findings opens the findings behind it
    page.goto(f"{live_server.url}{PAGES['dashboard-unit']}")
    page.locator(".findings-table tbody tr[data-criterion='1'] a").first.click()
    page.wait_for_url("**/dashboard/organizations/FIRE/findings/**")
    assert page.locator(".findings-list tbody tr").count() > 0
    screenshot("dashboard-unit-findings-en-1366")

    # And nothing was refused or broke on any page
    assert problems == []
