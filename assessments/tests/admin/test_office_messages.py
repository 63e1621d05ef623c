"""Issue 13: what the admin tells the programme office is true, in the reader's language and digits."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from assessments.models import (
    Assessment,
    Finding,
    ImprovementProject,
    RadarAttribute,
    Score,
    TimeEntry,
)
from assessments.services.hours import time_entry_create
from assessments.services.rules import time_entries_are_open
from excellence.admin.pagination import COUNT_CAP
from excellence.admin.programme import SEARCH_MAX_CHARACTERS, SEARCH_MAX_WORDS, bounded_search
from excellence.errors import ApplicationError
from excellence.numbers import shown_decimal, shown_digits_in_text
from excellence.roles import COMMAND_LINE
from organizations.models import Organization
from organizations.services import organization_create
from organizations.tests.factories import UserFactory

from .conftest import admin_url, form_data, page_errors

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def set_status(assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


# ---------------------------------------------------------------------------- item 2: true messages


def test_saving_an_assessment_unchanged_says_nothing_was_changed(admin_en, unit):
    # Given a finalized assessment's page, nothing touched
    set_status(unit, Assessment.Status.FINALIZED)
    page = admin_en.get(admin_url(unit, "change"))

    # When it is saved
    response = admin_en.post(admin_url(unit, "change"), form_data(page), follow=True)

    # Then the page says nothing changed, not that it was changed successfully
    shown = messages_of(response)
    assert shown == [f"Nothing was changed: “{unit}” is as it was."]
    assert not any("changed successfully" in message for message in shown)


def test_finalizing_from_the_page_says_the_content_is_now_read_only_not_edit_it_again(admin_en, unit):
    # Given an assessment in consensus, its page open
    set_status(unit, Assessment.Status.CONSENSUS)
    page = admin_en.get(admin_url(unit, "change"))

    # When the office finalizes it with "save and continue editing"
    data = form_data(page, status=Assessment.Status.FINALIZED, _continue="1")
    response = admin_en.post(admin_url(unit, "change"), data, follow=True)

    # Then the message says it is now locked, and Django's "edit it again below" is gone
    shown = " ".join(messages_of(response))
    unit.refresh_from_db()
    assert unit.status == Assessment.Status.FINALIZED, page_errors(response)
    assert "is finalized: its team, findings and scores are read-only until an admin reopens it" in shown
    assert "edit it again" not in shown
    assert "changed successfully" not in shown


def test_a_finalized_assessments_finding_says_why_it_is_read_only(admin_en, unit):
    set_status(unit, Assessment.Status.FINALIZED)
    finding = unit.findings.filter(stage=Finding.Stage.CONSENSUS).first()

    page = admin_en.get(admin_url(finding, "change"))

    html = page.content.decode()
    assert page.context["has_change_permission"] is False
    assert page.context["read_only_reason"] == (
        f"The assessment of {unit.organization} in {unit.cycle.year} is Finalized: "
        "an admin must reopen it before it can be changed."
    )
    assert 'class="read-only-reason"' in html


def test_a_released_assessment_is_read_only_with_one_way_back(admin_en, unit):
    # Given a released assessment
    set_status(unit, Assessment.Status.RELEASED)

    # When its page is opened
    page = admin_en.get(admin_url(unit, "change"))
    html = page.content.decode()

    # Then nothing is offered to save, the status is text, the reason is said and Reopen is there
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in html and 'name="_continue"' not in html and 'name="_addanother"' not in html
    assert 'name="status"' not in html
    assert "is Released: an admin must reopen it" in page.context["read_only_reason"]
    assert admin_url(unit, "reopen") in html
    # and a save posted anyway is refused
    assert admin_en.post(admin_url(unit, "change"), {"status": "released"}).status_code == 403


def test_a_finalized_assessment_offers_only_save(admin_en, unit):
    set_status(unit, Assessment.Status.FINALIZED)

    html = admin_en.get(admin_url(unit, "change")).content.decode()

    assert 'name="_save"' in html
    assert 'name="_continue"' not in html and 'name="_addanother"' not in html


def test_a_refusal_of_the_whole_record_is_headed_as_the_records_rule(admin_en, unit):
    # Given a finding's page opened, and the finding changed by someone else afterwards
    finding = unit.findings.filter(stage=Finding.Stage.CONSENSUS).first()
    page = admin_en.get(admin_url(finding, "change"))
    first = admin_en.post(admin_url(finding, "change"), form_data(page, text="متن نخست"))
    assert first.status_code == 302, page_errors(first)

    # When the first page is saved with another text
    response = admin_en.post(admin_url(finding, "change"), form_data(page, text="متن دوم"))

    # Then the refusal, about the whole record, is headed as such and names its rule
    html = response.content.decode()
    assert response.status_code == 200
    assert "Refused for the whole record, by the rule below (not by one field):" in html
    assert "Someone else changed this record at" in html
    finding.refresh_from_db()
    assert finding.text == "متن نخست"


# ---------------------------------------------------------------------------- item 3: one code, no captions


def test_inline_rows_do_not_repeat_their_text_above_the_row(admin_en, unit):
    html = admin_en.get(admin_url(unit, "change")).content.decode()
    assignment = unit.team.select_related("assessor__user").first()

    # the team table's rows carry no caption with the row's text ("Name (Leader)")
    assert f"<p>\n          \n          {assignment}" not in html
    assert str(assignment) not in html.split('id="team-group"')[1].split("</fieldset>")[0]


# ---------------------------------------------------------------------------- item 4: pickers


def test_an_assessment_is_named_year_first_so_a_picker_never_cuts_the_year(unit):
    assert str(unit) == f"{unit.cycle.year} — {unit.organization}"


def test_project_owners_are_named_not_logins(admin_en, unit):
    project = ImprovementProject.objects.get(organization=unit.organization)
    project.owner.first_name, project.owner.last_name = "Maryam", "Karimi"
    project.owner.save()

    listing = admin_en.get(admin_url(ImprovementProject, "changelist")).content.decode()
    page = admin_en.get(admin_url(project, "change")).content.decode()
    found = admin_en.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "assessments",
            "model_name": "improvementproject",
            "field_name": "owner",
            "term": "Karimi",
        },
    ).json()

    assert "Maryam Karimi" in listing
    assert f">{project.owner.username}<" not in listing
    assert "Maryam Karimi</option>" in page
    assert [result["text"] for result in found["results"]] == ["Maryam Karimi"]


# ---------------------------------------------------------------------------- item 5: the index


def test_the_index_groups_models_in_the_order_the_office_works(admin_en):
    response = admin_en.get(reverse("admin:index"))

    sections = [
        (app["name"], [model["object_name"] for model in app["models"]])
        for app in response.context["app_list"]
    ]
    names = [str(name) for name, _models in sections]
    assert names[:3] == ["Set-up", "The cycle's work", "Follow-up"]
    assert sections[0][1][:3] == ["Framework", "Criterion", "SubCriterion"]
    assert sections[0][1][-4:] == ["Organization", "OrganizationMember", "Assessor", "ConflictOfInterest"]
    assert sections[1][1] == [
        "Assessment",
        "Assignment",
        "TimeEntry",
        "Finding",
        "Score",
        "AttributeScore",
        "AssessmentReopening",
    ]
    assert sections[2][1] == ["ImprovementProject", "AssessmentResult"]
    # every registered model appears once
    listed = [model for _name, models in sections for model in models]
    assert len(listed) == len(set(listed)) == len(admin.site._registry)


# ---------------------------------------------------------------------------- item 6: numbers


def test_persian_pages_show_the_persian_decimal_mark_and_digits(admin_client, unit):
    def content_of(model):
        html = admin_client.get(admin_url(model, "changelist")).content.decode()
        return html.split('<div id="content"')[1].split("<footer")[0].split("</form>")[-2]

    hours = content_of(TimeEntry)
    assessments = content_of(Assessment)

    assert "۳٫۵" in hours and "3.5" not in hours
    assert "۴۱۲٫۵" in assessments and "412.5" not in assessments


def test_english_pages_keep_the_latin_point(admin_en, unit):
    hours = admin_en.get(admin_url(TimeEntry, "changelist")).content.decode()
    assert "3.5" in hours


def test_a_persian_refusal_shows_its_numbers_in_persian_digits(unit):
    leader = unit.team.get(role="leader").assessor
    with translation.override("fa"), pytest.raises(ApplicationError) as refused:
        time_entry_create(
            actor=COMMAND_LINE,
            assessment=unit,
            assessor=leader,
            date=datetime.date(2022, 8, 3),
            hours="0",
            activity=TimeEntry.Activity.OTHER,
        )
    message = refused.value.messages[0]
    assert "۰ وارد شده است" in message
    assert "0" not in message


def test_numbers_in_text_become_persian_but_codes_stay():
    with translation.override("fa"):
        assert shown_digits_in_text("Frameworks loaded: iran-1393, SYN00001; 2000 units in 12.5 s") == (
            "Frameworks loaded: iran-1393, SYN00001; ۲۰۰۰ units in ۱۲.۵ s"
        )
        assert shown_decimal(Decimal("1.50")) == "۱٫۵"
        assert shown_decimal(367.54, 1) == "۳۶۷٫۵"
    with translation.override("en"):
        assert shown_decimal(Decimal("1.50")) == "1.5"


# ---------------------------------------------------------------------------- item 7: hours after finalizing


@pytest.mark.parametrize(
    ("status", "open_"),
    [
        (Assessment.Status.CONSENSUS, True),
        (Assessment.Status.FINALIZED, True),
        (Assessment.Status.RELEASED, False),
    ],
)
def test_hours_are_logged_until_release(unit, status, open_):
    set_status(unit, status)
    leader = unit.team.get(role="leader").assessor

    def log():
        return time_entry_create(
            actor=COMMAND_LINE,
            assessment=unit,
            assessor=leader,
            date=datetime.date(2022, 8, 20),
            hours="2",
            activity=TimeEntry.Activity.REPORT_WRITING,
        )

    assert time_entries_are_open(unit) is open_
    if open_:
        assert log().hours == 2
    else:
        with translation.override("en"), pytest.raises(ApplicationError) as refused:
            log()
        assert refused.value.messages == [
            f"The results of the assessment of {unit.organization} in {unit.cycle.year} are released: "
            "its hours are closed. Hours are logged until release (also after finalizing, for the report); "
            "an admin must reopen the assessment to change them."
        ]


def test_a_released_assessments_hours_are_read_only_in_the_admin_and_say_why(admin_en, unit):
    set_status(unit, Assessment.Status.RELEASED)
    entry = unit.time_entries.first()

    page = admin_en.get(admin_url(entry, "change"))
    listing = admin_en.get(admin_url(TimeEntry, "changelist"))

    assert page.context["has_change_permission"] is False
    assert "are released: its hours are closed" in page.context["read_only_reason"]
    assert "Hours are logged until the assessment&#x27;s results are released" in listing.content.decode()


def test_a_finalized_assessments_hours_are_still_editable_in_the_admin(admin_en, unit):
    set_status(unit, Assessment.Status.FINALIZED)
    entry = unit.time_entries.first()

    page = admin_en.get(admin_url(entry, "change"))
    response = admin_en.post(admin_url(entry, "change"), form_data(page, hours="4"))

    assert response.status_code == 302, page_errors(response)
    entry.refresh_from_db()
    assert entry.hours == 4


# ---------------------------------------------------------------------------- item 8: bounded search


def test_a_long_search_is_bounded_and_says_so(admin_en, unit):
    words = " ".join(f"word{n}" for n in range(2000))

    response = admin_en.get(admin_url(Finding, "changelist"), {"q": words})

    assert response.status_code == 200
    assert messages_of(response) == [
        f"Search: only the first {SEARCH_MAX_WORDS} words and {SEARCH_MAX_CHARACTERS} characters are "
        "searched; the rest was left out."
    ]


def test_bounded_search_keeps_a_short_search_whole():
    assert bounded_search("فرایند راهبرد") == ("فرایند راهبرد", False)
    term, shortened = bounded_search("x" * 500)
    assert (len(term), shortened) == (SEARCH_MAX_CHARACTERS, True)
    term, shortened = bounded_search(" ".join(["a"] * 30))
    assert (term.split(), shortened) == (["a"] * SEARCH_MAX_WORDS, True)


def test_the_findings_search_matches_text_sub_criterion_and_unit(admin_en, unit):
    consensus = unit.findings.get(stage=Finding.Stage.CONSENSUS)
    url = admin_url(Finding, "changelist")

    by_text = admin_en.get(url, {"q": "فرايند بازنگري"}).context["cl"].result_list  # Arabic ي
    by_unit = admin_en.get(url, {"q": unit.organization.code}).context["cl"].result_list
    by_code = admin_en.get(url, {"q": consensus.sub_criterion.code}).context["cl"].result_list
    nothing = admin_en.get(url, {"q": "فرایند ناموجود۱۲۳"}).context["cl"].result_list

    assert list(by_text) == [consensus]
    assert set(by_unit) == set(unit.findings.all())
    assert consensus in set(by_code)
    assert list(nothing) == []


def test_a_list_longer_than_the_cap_says_more_than(admin_en, unit, monkeypatch):
    from excellence.admin import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 1)

    html = admin_en.get(admin_url(Finding, "changelist")).content.decode()

    assert "more than 1 findings" in html
    assert COUNT_CAP == 10_000


# ---------------------------------------------------------------------------- item 9: loose values


def test_a_unit_code_with_an_invisible_character_is_refused_naming_it():
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        organization_create(actor=COMMAND_LINE, code="FIRE\u200c", name_fa="آتش‌نشانی", kind="organization")

    assert refused.value.message_dict == {
        "code": [
            "Code: use only Latin capital letters, digits and “-” (for example FIRE or ZONE-12); "
            "“FIRE\u200c” contains U+200C."
        ]
    }
    assert not Organization.objects.filter(code__startswith="FIRE").exists()


def test_a_unit_code_in_the_admin_refuses_persian_letters(admin_en):
    page = admin_en.get(admin_url(Organization, "add"))
    data = form_data(page, code="آتش", name_fa="آتش‌نشانی", kind="organization")

    response = admin_en.post(admin_url(Organization, "add"), data)

    assert any("use only Latin capital letters, digits and “-”" in error for error in page_errors(response))


def test_a_lower_case_code_with_a_dash_is_accepted_as_capitals():
    organization = organization_create(
        actor=COMMAND_LINE, code=" zone-12 ", name_fa="منطقه ۱۲", kind="organization"
    )
    assert organization.code == "ZONE-12"


def test_a_time_entry_outside_the_cycles_year_is_refused_naming_the_window(unit):
    leader = unit.team.get(role="leader").assessor
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        time_entry_create(
            actor=COMMAND_LINE,
            assessment=unit,
            assessor=leader,
            date=datetime.date(2122, 3, 20),  # 1500/12/29
            hours="2",
            activity=TimeEntry.Activity.OTHER,
        )

    assert refused.value.message_dict == {
        "date": [
            f"Date: hours of cycle {unit.cycle.year} are dated within the Jalali year of its assessment "
            "window (1401/05/01 to 1401/06/12), from 1401/01/01 to 1401/12/29; 1500/12/29 was given."
        ]
    }


def test_a_time_entry_after_the_window_in_the_same_year_is_accepted(unit):
    leader = unit.team.get(role="leader").assessor
    entry = time_entry_create(
        actor=COMMAND_LINE,
        assessment=unit,
        assessor=leader,
        date=datetime.date(2022, 10, 20),  # 1401/07/28, after the window: the report
        hours="2",
        activity=TimeEntry.Activity.REPORT_WRITING,
    )
    assert entry.pk is not None


def test_a_score_refusal_names_the_attribute_in_persian_on_persian_pages(admin_client, unit):
    score = Score.objects.get(assessment=unit, stage=Score.Stage.CONSENSUS)
    attribute = RadarAttribute.objects.get(element__framework=unit.cycle.framework)
    attribute.name_fa, attribute.name_en = "مستدل بودن", "Sound"
    attribute.save()
    page = admin_client.get(admin_url(score, "change"))

    response = admin_client.post(
        admin_url(score, "change"), form_data(page, **{"attribute_scores-0-value": "37"})
    )

    errors = " ".join(page_errors(response))
    assert "مستدل بودن" in errors
    assert "Sound" not in errors
    assert "۳۷" in errors


def test_a_short_password_is_refused_in_persian_with_persian_digits(client):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        validate_password("kvq3", user=UserFactory.build())

    short = refused.value.messages[0]
    assert "کوتاه" in short and "۱۰" in short
    assert "This password" not in short


# ---------------------------------------------------------------------------- item 10: the demo's logins


def test_print_demo_logins_names_the_port_make_run_exported(monkeypatch, capsys, unit):
    from io import StringIO

    UserFactory(username="admin")
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    with translation.override("en"):
        call_command("print_demo_logins", stdout=out)

    assert "http://127.0.0.1:8123/accounts/login/" in out.getvalue()
