"""Swagger UI at /api/docs/ in a real browser: served from vendored files, under the strict CSP."""

import pytest

from assessments.tests.factories import CycleFactory
from excellence.tests.e2e.conftest import SCREENSHOTS_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_signed_in_person_reads_the_api_docs_and_tries_an_endpoint(
    page, live_server, sign_in, screenshot, django_user_model
):
    # Given a manager, signed in, and a cycle to list
    CycleFactory(year=1401)
    from django.contrib.auth.models import Group

    from excellence.roles import GROUP_MANAGERS

    manager = django_user_model.objects.create_user("reader", "reader@example.org", "a-long-test-password")
    manager.groups.add(Group.objects.get(name=GROUP_MANAGERS))
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    sign_in("reader", "a-long-test-password")

    # When they open the docs
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .information-container .title")

    # Then Swagger UI shows the API's operations, with no CSP refusal and nothing fetched from elsewhere
    assert "Excellence API" in page.locator(".swagger-ui .information-container .title").inner_text()
    assert page.locator(".opblock-tag").count() >= 12
    page.locator("#operations-cycles-cycles_list .opblock-summary").click()
    page.locator("#operations-cycles-cycles_list .try-out__btn").click()
    page.locator("#operations-cycles-cycles_list .execute").click()
    page.wait_for_selector("#operations-cycles-cycles_list .live-responses-table tbody .response-col_status")
    status = page.locator(
        "#operations-cycles-cycles_list .live-responses-table tbody .response-col_status"
    ).first
    assert status.inner_text().strip() == "200"
    assert '"year": 1401' in page.locator("#operations-cycles-cycles_list .live-responses-table").inner_text()
    screenshot("api-docs")
    # And the tried operation as a person sees it on the screen.
    page.locator("#operations-cycles-cycles_list").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS_DIR / "api-docs-cycles.png"))
    assert problems == []
    assert outside == []
