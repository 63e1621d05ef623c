"""The programme office opens the admin in a real browser, in Persian, right to left."""

import datetime

import pytest

from assessments.tests.factories import CycleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admins_old_login_address_leads_to_the_persian_sign_in_page(page, live_server, screenshot):
    # Given an anonymous visitor with a bookmark of the admin's login page
    # When they open it
    page.goto(f"{live_server.url}/admin/login/")

    # Then they are on the one sign-in page, in Persian and right to left, sent back to the admin after
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=%2Fadmin%2F")
    assert page.locator(".sign-in h1").inner_text() == "ورود"
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"
    screenshot("admin-login")


def test_an_admin_logs_in_and_reads_cycles_with_jalali_dates(admin_login, live_server, screenshot):
    CycleFactory(year=1401, window_start=datetime.date(2022, 7, 23), window_end=datetime.date(2022, 9, 3))
    page = admin_login()
    page.goto(f"{live_server.url}/admin/assessments/cycle/")
    body = page.locator("#content").inner_text()
    assert "۱۴۰۱" in body
    # 23 July 2022 is 1 Mordad 1401.
    assert "۱۴۰۱/۰۵/۰۱" in body
    screenshot("admin-cycles")
