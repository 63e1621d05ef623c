"""Fixtures shared by every app's tests."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Persian).

    A request through the test client activates the language it was served in, and that
    stays active in the thread afterwards; without this, one test's English page would
    make the next test's "Persian by default" depend on the order the tests run in.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english():
    """Run a test with English active, so messages compare with their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def persian():
    with translation.override("fa"):
        yield


@pytest.fixture
def english_client(client):
    """A browser that chose English with the switcher: pages follow its cookie, not the test's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
