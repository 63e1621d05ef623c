"""The finding admin: written through the finding services; read-only once the assessment is finalized."""

import pytest

from assessments.models import Assessment, Finding
from assessments.tests.factories import CriterionFactory, SubCriterionFactory

from .conftest import admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def test_a_finding_on_another_frameworks_sub_criterion_is_refused_beside_the_field(admin_en, unit):
    foreign = SubCriterionFactory(criterion=CriterionFactory(code="9"), code="9z")
    page = admin_en.get(admin_url(Finding, "add"))
    data = form_data(
        page,
        assessment=str(unit.pk),
        sub_criterion=str(foreign.pk),
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.CONSENSUS,
        text="رهبران الگوی نقش هستند.",
    )
    findings = Finding.objects.count()

    response = admin_en.post(admin_url(Finding, "add"), data)

    errors = response.context["adminform"].form.errors["sub_criterion"]
    assert "Sub-criterion: 9z belongs to another framework" in errors[0]
    assert Finding.objects.count() == findings


def test_a_finding_is_added_from_the_assessment_page(admin_en, unit):
    sub_criterion = unit.findings.first().sub_criterion
    page = admin_en.get(admin_url(unit, "change"))
    data = form_data(
        page,
        **{
            "findings-2-0-sub_criterion": str(sub_criterion.pk),
            "findings-2-0-kind": Finding.Kind.BEST_PRACTICE,
            "findings-2-0-stage": Finding.Stage.CONSENSUS,
            "findings-2-0-text": "سامانه پیشنهادها الگوی دیگر واحدهاست.",
        },
    )

    response = admin_en.post(admin_url(unit, "change"), data)

    assert response.status_code == 302, page_errors(response)
    assert unit.findings.filter(kind=Finding.Kind.BEST_PRACTICE, stage=Finding.Stage.CONSENSUS).count() == 1


def test_editing_a_finding_goes_through_the_service(admin_en, unit):
    finding = unit.findings.get(stage=Finding.Stage.CONSENSUS)
    page = admin_en.get(admin_url(finding, "change"))

    response = admin_en.post(
        admin_url(finding, "change"), form_data(page, text="متن بازنگری‌شده", kind="strength")
    )

    assert response.status_code == 302, page_errors(response)
    finding.refresh_from_db()
    assert (finding.text, finding.kind) == ("متن بازنگری‌شده", Finding.Kind.STRENGTH)


def test_findings_of_a_finalized_assessment_are_read_only(admin_en, unit):
    Assessment.objects.filter(pk=unit.pk).update(status=Assessment.Status.FINALIZED)
    finding = unit.findings.get(stage=Finding.Stage.CONSENSUS)

    page = admin_en.get(admin_url(finding, "change"))
    refused = admin_en.post(admin_url(finding, "change"), {"text": "تغییر"})

    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403


def test_deleting_an_improvement_point_answered_by_a_project_is_refused(admin_en, unit):
    finding = unit.findings.get(stage=Finding.Stage.CONSENSUS)

    response = admin_en.post(admin_url(finding, "delete"), {"post": "yes"}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert "answered by an improvement project and cannot be deleted" in " ".join(messages)
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_bulk_delete_is_all_or_nothing(admin_en, unit):
    findings = list(unit.findings.order_by("pk"))

    response = admin_en.post(
        admin_url(Finding, "changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [str(f.pk) for f in findings]},
        follow=True,
    )

    messages = " ".join(str(message) for message in response.context["messages"])
    assert "cannot be deleted" in messages
    assert unit.findings.count() == len(findings)
