"""Frameworks are loaded from a file through framework_load; their rows are shown, never edited by hand."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Criterion, Framework
from assessments.tests.framework_documents.hostile_files import (
    HOSTILE_FILES,
    NOT_AN_OBJECT,
    NOT_AN_OBJECT_MESSAGE,
    HostileFile,
)

from .conftest import admin_url

pytestmark = pytest.mark.django_db


def framework_document():
    return json.loads((Path(settings.FRAMEWORKS_DIR) / "efqm2020.json").read_text(encoding="utf-8"))


def upload(client, content: bytes):
    return client.post(
        admin_url(Framework, "add"),
        {"framework_file": SimpleUploadedFile("framework.json", content, content_type="application/json")},
    )


def test_uploading_a_framework_file_loads_it(admin_en):
    response = upload(admin_en, json.dumps(framework_document()).encode())

    assert response.status_code == 302
    framework = Framework.objects.get(code="EFQM2020")
    assert framework.criteria.count() == 7


def test_a_file_whose_points_sum_to_990_is_refused_beside_the_file_and_nothing_is_loaded(admin_en):
    document = framework_document()
    document["criteria"][0]["points"] = 90

    response = upload(admin_en, json.dumps(document).encode())

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["framework_file"]
    assert "Criterion points must sum to 1000; this file's sum to 990." in errors
    assert not Framework.objects.exists()


def test_a_file_that_is_not_json_is_refused_naming_the_uploaded_file(admin_en):
    response = upload(admin_en, b"criteria: 9")

    assert response.context["adminform"].form.errors["framework_file"] == [
        "The framework file framework.json is not valid JSON: Expecting value at line 1, column 1."
    ]


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=str)
def test_a_hostile_file_is_refused_beside_the_file_with_the_readers_message(admin_en, hostile: HostileFile):
    response = upload(admin_en, hostile.content)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["framework_file"] == [
        hostile.message.format(file="framework.json")
    ]
    assert not Framework.objects.exists()


def test_a_file_whose_top_level_is_not_an_object_is_refused(admin_en):
    response = upload(admin_en, NOT_AN_OBJECT)

    assert response.context["adminform"].form.errors["framework_file"] == [NOT_AN_OBJECT_MESSAGE]
    assert not Framework.objects.exists()


def test_a_refusal_is_shown_in_persian_on_a_persian_page(admin_client):
    response = upload(admin_client, b'{"code": "A", "code": "B"}')

    assert response.context["adminform"].form.errors["framework_file"] == [
        "فایل مدل تعالی framework.json معتبر نیست: کلید «code» در یک شیء دو بار آمده است."
    ]


def test_criteria_are_shown_read_only(admin_en):
    upload(admin_en, json.dumps(framework_document()).encode())
    criterion = Criterion.objects.order_by("pk").first()

    page = admin_en.get(admin_url(criterion, "change"))
    refused = admin_en.post(admin_url(criterion, "change"), {"points": "90"})

    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403
