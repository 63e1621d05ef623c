"""Pages are Persian unless a person chose English, whatever the browser asks for."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_persian_is_served_even_when_the_browser_prefers_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "fa"
    assert b'lang="fa" dir="rtl"' in response.content


def test_english_is_served_once_chosen_with_the_switcher(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "en"
    assert b'lang="en" dir="ltr"' in response.content


def test_an_unknown_language_cookie_falls_back_to_persian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "fa"


def test_a_sub_criterion_code_follows_the_language():
    from django.utils import translation

    from assessments.tests.factories import SubCriterionFactory

    sub_criterion = SubCriterionFactory(code="1a", code_fa="۱الف")
    with translation.override("fa"):
        assert sub_criterion.display_code == "۱الف"
    with translation.override("en"):
        assert sub_criterion.display_code == "1a"
