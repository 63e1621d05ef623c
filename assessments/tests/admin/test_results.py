"""Stored results are read-only; recomputing is an explicit action through assessment_result_recompute."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from assessments.models import AssessmentResult

from .conftest import admin_url

pytestmark = pytest.mark.django_db


def test_results_are_read_only(admin_en, unit):
    result = unit.result

    page = admin_en.get(admin_url(result, "change"))
    refused = admin_en.post(admin_url(result, "change"), {"total": "999"})

    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403


def test_recompute_refused_by_the_service_changes_nothing_and_says_why(admin_en, unit):
    # given a result whose assessment is not finalized (the builder stores one on an open assessment)
    result = unit.result
    computed_at = result.computed_at

    response = admin_en.post(
        admin_url(AssessmentResult, "changelist"),
        {"action": "recompute_results", ACTION_CHECKBOX_NAME: [str(result.pk)]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert any(
        "only a finalized or released assessment has a stored result to recompute" in m for m in messages
    )
    result.refresh_from_db()
    assert result.computed_at == computed_at
