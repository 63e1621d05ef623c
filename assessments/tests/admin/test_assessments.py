"""The assessment admin: team changes through the services, status steps, reopening with a reason."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from assessments.models import Assessment, AssessmentReopening, Assignment, Cycle, Finding
from assessments.tests.factories import AssessorFactory, ConflictOfInterestFactory
from organizations.tests.factories import OrganizationFactory

from .conftest import add_inline_row, admin_url, form_data, page_errors
from .programme import build_unit

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def lock(assessment, status=Assessment.Status.FINALIZED):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


def test_team_row_with_a_conflicted_assessor_shows_the_services_message_and_saves_nothing(admin_en, unit):
    # given an internal assessor whose home is the assessed organization
    conflicted = AssessorFactory(internal=True, home_organization=unit.organization)
    page = admin_en.get(admin_url(unit, "change"))
    data = form_data(page, site_visit_date="1401/06/01")
    data = add_inline_row(data, "team", assessor=str(conflicted.pk), role=Assignment.Role.MEMBER)

    # when the page is saved with them added to the team and a new site-visit date
    response = admin_en.post(admin_url(unit, "change"), data)

    # then the service's reason is shown and neither change is kept
    assert response.status_code == 200
    assert any(
        "because it is their home organization (conflict of interest)" in m for m in page_errors(response)
    )
    assert "because it is their home organization (conflict of interest)" in response.content.decode()
    assert unit.team.count() == 2
    unit.refresh_from_db()
    assert unit.site_visit_date == datetime.date(2022, 8, 1)


def test_team_row_making_a_second_leader_is_refused_with_the_services_message(admin_en, unit):
    page = admin_en.get(admin_url(unit, "change"))
    data = add_inline_row(
        form_data(page), "team", assessor=str(AssessorFactory().pk), role=Assignment.Role.LEADER
    )

    response = admin_en.post(admin_url(unit, "change"), data)

    assert response.status_code == 200
    assert any("a team has exactly one leader" in message for message in page_errors(response))
    assert unit.team.filter(role=Assignment.Role.LEADER).count() == 1
    assert unit.team.count() == 2


def test_team_row_keeps_its_assessor(admin_en, unit):
    # given the assessment's page, with another assessor chosen on a team row
    page = admin_en.get(admin_url(unit, "change"))
    row = next(form for form in page.context["inline_admin_formsets"][0].formset.forms)
    kept = row.instance.assessor
    data = form_data(page, **{f"{row.prefix}-assessor": str(AssessorFactory().pk)})

    # when the page is saved
    response = admin_en.post(admin_url(unit, "change"), data)

    # then the rule is shown beside the row's assessor and the row is unchanged
    assert response.status_code == 200
    assert "Assessor: to put another assessor on the team, remove this row and add a new one." in (
        page_errors(response)
    )
    row.instance.refresh_from_db()
    assert row.instance.assessor == kept


def test_assignment_admin_refuses_a_declared_conflict(admin_en, unit):
    conflict = ConflictOfInterestFactory(organization=unit.organization, reason="همسر مدیرعامل")
    page = admin_en.get(admin_url(Assignment, "add"))
    data = form_data(page, assessment=str(unit.pk), assessor=str(conflict.assessor.pk), role="member")

    response = admin_en.post(admin_url(Assignment, "add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "because of a declared conflict of interest: همسر مدیرعامل" in errors["assessor"][0]
    assert not Assignment.objects.filter(assessor=conflict.assessor).exists()


def test_team_row_is_added_through_the_service(admin_en, unit):
    newcomer = AssessorFactory()
    page = admin_en.get(admin_url(unit, "change"))
    data = add_inline_row(form_data(page), "team", assessor=str(newcomer.pk), role=Assignment.Role.MEMBER)

    response = admin_en.post(admin_url(unit, "change"), data)

    assert response.status_code == 302, page_errors(response)
    assert unit.team.filter(assessor=newcomer, role=Assignment.Role.MEMBER).exists()


def test_status_moves_one_step_through_the_form(admin_en, unit):
    page = admin_en.get(admin_url(unit, "change"))
    offered = [value for value, _label in page.context["adminform"].form.fields["status"].choices]

    response = admin_en.post(admin_url(unit, "change"), form_data(page, status=Assessment.Status.CONSENSUS))

    assert offered == [Assessment.Status.INDIVIDUAL, Assessment.Status.CONSENSUS]
    assert response.status_code == 302, page_errors(response)
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.CONSENSUS


def test_finalized_assessment_content_is_read_only(admin_en, unit):
    lock(unit)

    page = admin_en.get(admin_url(unit, "change"))
    team = page.context["inline_admin_formsets"][0]
    assignment = unit.team.first()
    refused = admin_en.post(admin_url(assignment, "change"), {"role": Assignment.Role.MEMBER})

    assert (team.has_add_permission, team.has_change_permission, team.has_delete_permission) == (
        False,
        False,
        False,
    )
    assert "add findings" not in [
        str(inline.opts.verbose_name_plural) for inline in page.context["inline_admin_formsets"]
    ]
    assert refused.status_code == 403


def test_closed_cycle_assessment_is_read_only(admin_en, unit):
    Cycle.objects.filter(pk=unit.cycle_id).update(status=Cycle.Status.CLOSED)

    page = admin_en.get(admin_url(unit, "change"))
    refused = admin_en.post(admin_url(unit, "change"), {"site_visit_date": "1401/06/01"})

    assert page.context["has_change_permission"] is False
    assert refused.status_code == 403


def reopen_action(client, assessments, reason=None):
    data = {"action": "reopen_assessments", ACTION_CHECKBOX_NAME: [str(a.pk) for a in assessments]}
    if reason is not None:
        data.update(apply="1", reason=reason)
    return client.post(admin_url(Assessment, "changelist"), data)


def test_reopen_action_asks_for_a_reason_and_refuses_an_empty_one(admin_en, unit):
    lock(unit)
    reopenings = AssessmentReopening.objects.count()

    asked = reopen_action(admin_en, [unit])
    refused = reopen_action(admin_en, [unit], reason="  ")

    assert asked.status_code == 200
    assert "reason" in asked.context["form"].fields
    assert refused.context["form"].errors["reason"] == [
        "Reason: a written reason is required to reopen an assessment."
    ]
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.FINALIZED
    assert AssessmentReopening.objects.count() == reopenings


def test_reopen_action_records_the_reason_and_returns_to_consensus(admin_en, admin_user, unit):
    lock(unit, Assessment.Status.RELEASED)

    response = reopen_action(admin_en, [unit], reason="نمره معیار ۳ با شواهد جدید بازنگری شود.")

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.CONSENSUS
    reopening = unit.reopenings.order_by("-created_at", "-pk").first()
    assert (reopening.reason, reopening.reopened_by) == (
        "نمره معیار ۳ با شواهد جدید بازنگری شود.",
        admin_user,
    )


def test_reopen_action_changes_nothing_when_one_assessment_cannot_be_reopened(admin_en, unit):
    # given a finalized assessment and one still in consensus
    lock(unit)
    other = build_unit()
    lock(other, Assessment.Status.CONSENSUS)

    response = reopen_action(admin_en, [unit, other], reason="بازنگری")

    assert response.status_code == 200
    assert any(
        str(other) in message and "only a finalized or released assessment can be reopened" in message
        for message in response.context["form"].non_field_errors()
    )
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.FINALIZED


def test_reopen_page_of_one_assessment(admin_en, unit):
    lock(unit)

    response = admin_en.post(admin_url(unit, "reopen"), {"apply": "1", "reason": "اشتباه در ثبت امتیاز"})

    assert response.status_code == 302
    assert response["Location"] == admin_url(unit, "change")
    assert unit.reopenings.filter(reason="اشتباه در ثبت امتیاز").exists()


def test_a_status_action_is_all_or_nothing(admin_en, unit):
    # given one planned assessment that can start and one planned without a team leader
    lock(unit, Assessment.Status.PLANNED)
    leaderless = build_unit()
    lock(leaderless, Assessment.Status.PLANNED)
    leaderless.team.filter(role=Assignment.Role.LEADER).update(role=Assignment.Role.MEMBER)

    response = admin_en.post(
        admin_url(Assessment, "changelist"),
        {"action": "start_individual", ACTION_CHECKBOX_NAME: [str(unit.pk), str(leaderless.pk)]},
        follow=True,
    )

    assert any("needs a team leader" in message for message in messages_of(response))
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.PLANNED


def test_a_status_action_names_its_target_and_refuses_other_moves(admin_en, unit):
    # given an assessment in the individual stage, when "finalize" is asked of it
    response = admin_en.post(
        admin_url(Assessment, "changelist"),
        {"action": "finalize", ACTION_CHECKBOX_NAME: [str(unit.pk)]},
        follow=True,
    )

    # then the transitions table refuses, and the assessment stays where it was
    assert any("cannot move from “Individual assessment” to “Finalized”" in m for m in messages_of(response))
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.INDIVIDUAL


def test_a_status_action_moves_every_selected_assessment_to_its_target(admin_en, unit):
    response = admin_en.post(
        admin_url(Assessment, "changelist"),
        {"action": "begin_consensus", ACTION_CHECKBOX_NAME: [str(unit.pk)]},
        follow=True,
    )

    assert "1 assessments moved to consensus." in messages_of(response)
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.CONSENSUS


def test_changelist_shows_team_size_findings_and_stars(admin_en, unit):
    response = admin_en.get(admin_url(Assessment, "changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.team_size, row.consensus_finding_count) == (2, 1)
    assert "★★★★" in response.content.decode()


def test_an_assessment_is_created_with_its_team_leader_in_one_save(admin_en, unit):
    organization, leader = OrganizationFactory(), AssessorFactory()
    page = admin_en.get(admin_url(Assessment, "add"))
    data = form_data(page, cycle=str(unit.cycle_id), organization=str(organization.pk))
    data = add_inline_row(data, "team", assessor=str(leader.pk), role=Assignment.Role.LEADER)

    response = admin_en.post(admin_url(Assessment, "add"), data)

    assert response.status_code == 302, page_errors(response)
    created = Assessment.objects.get(cycle=unit.cycle, organization=organization)
    assert list(created.team.values_list("assessor", "role")) == [(leader.pk, Assignment.Role.LEADER)]


def test_a_second_assessment_of_an_organization_in_a_cycle_is_refused(admin_en, unit):
    page = admin_en.get(admin_url(Assessment, "add"))
    data = form_data(page, cycle=str(unit.cycle_id), organization=str(unit.organization_id))

    response = admin_en.post(admin_url(Assessment, "add"), data)

    assert (
        "already has an assessment in cycle" in response.context["adminform"].form.errors["organization"][0]
    )
    assert Assessment.objects.filter(organization=unit.organization).count() == 1


def test_consensus_findings_link_opens_the_filtered_findings_list(admin_en, unit):
    # given two assessments with findings
    build_unit()
    consensus = list(unit.findings.filter(stage=Finding.Stage.CONSENSUS).values_list("pk", flat=True))

    # when the assessments list links to the consensus findings of `unit`, and the link is followed
    changelist = admin_en.get(admin_url(Assessment, "changelist"))
    filtered = admin_en.get(
        admin_url(Finding, "changelist"), {"assessment__id__exact": unit.pk, "stage__exact": "consensus"}
    )

    # then the link is there and lists only those findings
    assert f"assessment__id__exact={unit.pk}&amp;stage__exact=consensus" in changelist.content.decode()
    assert [finding.pk for finding in filtered.context["cl"].result_list] == consensus


def export_action(client, assessments):
    return client.post(
        admin_url(Assessment, "changelist"),
        {"action": "export_declarations", ACTION_CHECKBOX_NAME: [str(a.pk) for a in assessments]},
    )


def test_the_export_action_downloads_one_units_or_the_cycles_programme_workbook(admin_en, unit):
    same_cycle = build_unit(cycle=unit.cycle)
    other_cycle = build_unit()

    one = export_action(admin_en, [unit])
    several = export_action(admin_en, [unit, same_cycle])
    mixed = admin_en.post(
        admin_url(Assessment, "changelist"),
        {"action": "export_declarations", ACTION_CHECKBOX_NAME: [str(unit.pk), str(other_cycle.pk)]},
        follow=True,
    )

    assert one.status_code == 302
    assert one["Location"] == reverse("declaration_unit", args=[unit.cycle.year, unit.organization.code])
    assert several["Location"] == reverse("declaration_programme", args=[unit.cycle.year])
    assert "Choose the assessments of one cycle: a programme workbook holds one cycle." in messages_of(mixed)
