"""Every admin page of the programme loads for a superuser when there is data to show."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from assessments.models import (
    AssessmentReopening,
    AssessmentResult,
    AttributeScore,
    Criterion,
    RadarAttribute,
    RadarElement,
    RatingBand,
    SubCriterion,
)
from excellence import jalali

from .programme import build_programme

APPS = {"organizations", "assessments", "auth"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)
# Made by services (finalizing, reopening) or by framework files and whole-table saves, never added by hand.
NOT_ADDED_BY_HAND = {
    AssessmentReopening,
    AssessmentResult,
    AttributeScore,
    Criterion,
    SubCriterion,
    RadarElement,
    RadarAttribute,
    RatingBand,
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def label(model):
    return model._meta.label


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_loads_with_rows(admin_client, model):
    # given a programme with rows of every model
    build_programme(2)

    # when the changelist is opened
    response = admin_client.get(admin_url(model, "changelist"))

    # then it shows them
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0, f"{label(model)} changelist is empty"


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_add_page_loads_unless_rows_are_made_elsewhere(admin_client, model):
    build_programme(1)

    response = admin_client.get(admin_url(model, "add"))

    expected = 403 if model in NOT_ADDED_BY_HAND else 200
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_change_page_loads(admin_client, model):
    build_programme(1)
    obj = model._default_manager.order_by("pk").first()

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200


HISTORY = [model for model in REGISTERED if hasattr(model, "history") and model._meta.app_label != "auth"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", HISTORY, ids=label)
def test_history_page_shows_changes_and_offers_no_revert(admin_client, model):
    build_programme(1)
    obj = model._default_manager.order_by("pk").first()
    record = obj.history.order_by("history_id").first()

    listing = admin_client.get(admin_url(model, "history", obj.pk))
    version = admin_client.get(admin_url(model, "simple_history", obj.pk, record.history_id))
    revert = admin_client.post(admin_url(model, "simple_history", obj.pk, record.history_id), {})

    assert listing.status_code == 200
    with translation.override("fa"):
        assert jalali.format_datetime(record.history_date) in listing.content.decode()
    assert version.status_code == 200
    assert version.context["revert_disabled"] is True
    assert revert.status_code == 403
