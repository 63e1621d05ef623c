"""Scores: a score's attribute values are saved together through score_set."""

import pytest

from assessments.models import AttributeScore, Score

from .conftest import admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def consensus_score(unit):
    return unit.scores.get(stage=Score.Stage.CONSENSUS)


def test_an_attribute_score_of_37_is_refused_with_the_services_message(admin_en, unit):
    score = consensus_score(unit)
    page = admin_en.get(admin_url(score, "change"))

    response = admin_en.post(
        admin_url(score, "change"), form_data(page, **{"attribute_scores-0-value": "37"})
    )

    assert response.status_code == 200
    assert any("in steps of 5; 37 was given" in message for message in page_errors(response))
    assert score.attribute_scores.get().value == 55


def test_attribute_scores_are_saved_through_the_service(admin_en, unit):
    score = consensus_score(unit)
    page = admin_en.get(admin_url(score, "change"))

    response = admin_en.post(
        admin_url(score, "change"), form_data(page, **{"attribute_scores-0-value": "۶۰"})
    )

    assert response.status_code == 302, page_errors(response)
    assert score.attribute_scores.get().value == 60


def test_a_new_score_is_created_with_its_values(admin_en, unit):
    existing = consensus_score(unit)
    attribute = existing.attribute_scores.get().attribute
    existing.delete()
    page = admin_en.get(admin_url(Score, "add"))
    data = form_data(
        page,
        assessment=str(unit.pk),
        sub_criterion=str(existing.sub_criterion_id),
        stage=Score.Stage.CONSENSUS,
        **{"attribute_scores-0-attribute": str(attribute.pk), "attribute_scores-0-value": "75"},
    )

    response = admin_en.post(admin_url(Score, "add"), data)

    assert response.status_code == 302, page_errors(response)
    created = unit.scores.get(stage=Score.Stage.CONSENSUS)
    assert list(created.attribute_scores.values_list("attribute", "value")) == [(attribute.pk, 75)]


def test_an_attribute_value_is_read_on_its_own_page_and_changed_only_on_its_scores(admin_en, unit):
    item = consensus_score(unit).attribute_scores.get()
    page = admin_en.get(admin_url(item, "change"))

    refused = admin_en.post(admin_url(item, "change"), {"value": "80"})

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert refused.status_code == 403
    assert AttributeScore.objects.get(pk=item.pk).value == item.value
