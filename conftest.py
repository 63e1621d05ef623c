"""Fixtures shared by every app's tests."""

import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Run a test with English active, so messages compare with their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def persian():
    with translation.override("fa"):
        yield
