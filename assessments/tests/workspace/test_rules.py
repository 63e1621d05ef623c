"""The rules the workspace's pages rest on, tested where they live: forms, scoring, access, services."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from assessments import access
from assessments.forms.workspace import FindingForm, HoursField, ScoreForm, TimeEntryForm
from assessments.models import Assessment, Finding, TimeEntry
from assessments.scoring import ScoringError, element_scores, step_rounded
from assessments.selectors.results import framework_structure_load
from assessments.selectors.workspace import AttributeField, stage_deadline
from assessments.services.findings import finding_create, finding_update
from assessments.services.hours import time_entry_create

ZWNJ = "\u200c"


# --------------------------------------------------------------------------- forms


@pytest.mark.parametrize(
    ("typed", "hours"),
    [("۳٫۵", Decimal("3.5")), ("3.5", Decimal("3.5")), ("٣,٥", Decimal("3.5")), (" 4 ", Decimal("4"))],
)
def test_hours_are_read_with_any_digits_and_either_decimal_mark(typed, hours):
    assert HoursField().clean(typed) == hours


@pytest.mark.parametrize("typed", ["سه", "3..5", "inf", "NaN"])
def test_hours_that_are_not_a_number_are_refused(typed, english):
    with pytest.raises(ValidationError) as refused:
        HoursField().clean(typed)
    assert refused.value.messages == ["Hours: enter a number of hours, for example 2.5 or ۲٫۵."]


def test_a_time_entry_form_reads_a_jalali_date_typed_in_persian_digits():
    form = TimeEntryForm({"date": "۱۴۰۱/۰۷/۰۵", "hours": "۲", "activity": "other"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2022, 9, 27)
    assert form.cleaned_data["version"] is None


def test_a_finding_form_stores_persian_letters_trimmed_and_keeps_the_zwnj():
    form = FindingForm(
        {
            "kind": "strength",
            "text": f"  مي{ZWNJ}شود كامل  ",
            "evidence": "interview",
            "evidence_note": " مدير ",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == f"می{ZWNJ}شود کامل"
    assert form.cleaned_data["evidence_note"] == "مدیر"


def test_a_finding_form_refuses_text_over_the_limit_naming_the_field_and_the_limit(english):
    form = FindingForm({"kind": "strength", "text": "x" * 4001, "evidence": "document"})

    assert not form.is_valid()
    assert form.errors["text"] == ["Text: a finding is at most 4000 characters; this one has 4001."]


def test_a_finding_form_reads_its_version():
    loaded = datetime.datetime(2022, 8, 1, 10, 0, tzinfo=datetime.UTC)
    form = FindingForm(
        {"kind": "strength", "text": "x", "evidence": "document", "version": loaded.isoformat()}
    )

    assert form.is_valid()
    assert form.cleaned_data["version"] == loaded


def test_a_score_form_reads_persian_digits_and_refuses_off_step_values(programme, english):
    attributes = [AttributeField(attribute) for attribute in programme.enabler_attributes]

    good = ScoreForm({"attribute_sound": "۶۵", "attribute_integrated": ""}, attributes=attributes)
    bad = ScoreForm({"attribute_sound": "101", "attribute_integrated": "x"}, attributes=attributes)

    assert good.is_valid() and good.cleaned_data["values"] == {"sound": 65}
    assert not bad.is_valid()
    assert bad.errors["attribute_sound"] == ["Sound: a score is a whole number from 0 to 100 in steps of 5."]
    assert bad.errors["attribute_integrated"] == [
        "Integrated: a score is a whole number from 0 to 100 in steps of 5."
    ]


# --------------------------------------------------------------------------- scoring


def test_element_scores_are_the_means_of_their_attributes_once_all_are_scored(programme):
    structure = framework_structure_load(framework_id=programme.cycle.framework_id).structure

    partial = dict(element_scores(structure, "enabler", {"sound": 60, "integrated": 75}))
    none = dict(element_scores(structure, "enabler", {"sound": 60}))

    assert partial == {"approach": Decimal("67.5"), "deployment": None}
    assert none == {"approach": None, "deployment": None}
    with pytest.raises(ScoringError):
        element_scores(structure, "enabler", {"sound": 61})
    with pytest.raises(ScoringError):
        element_scores(structure, "enabler", {"scope": 60})  # a result attribute


@pytest.mark.parametrize(
    ("mean", "rounded"),
    [
        (Fraction(135, 2), 70),
        (Fraction(125, 2), 65),
        (Fraction(200, 3), 65),
        (Fraction(1, 3), 0),
        (100, 100),
        (0, 0),
    ],
)
def test_a_mean_is_rounded_half_up_to_a_step_of_5(mean, rounded):
    assert step_rounded(mean) == rounded


# --------------------------------------------------------------------------- access and services


def test_team_hours_are_summed_for_the_team_only(programme):
    for assessor in (programme.member, programme.second_member):
        time_entry_create(
            actor=assessor.user,
            assessment=programme.assessment,
            assessor=assessor,
            date=datetime.date(2022, 8, 1),
            hours="2",
            activity=TimeEntry.Activity.OTHER,
        )

    member_sees = access.team_hours_visible(programme.member.user)
    stranger_sees = access.team_hours_visible(programme.stranger.user)

    assert member_sees.count() == 2  # both entries count in the team's total
    assert access.time_entries_visible(programme.member.user).count() == 1  # only their own listed
    assert stranger_sees.count() == 0


def test_a_finding_records_its_evidence_and_its_update_changes_it(programme):
    finding = finding_create(
        actor=programme.member.user,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        text="یافته",
        author=programme.member,
        evidence=Finding.Evidence.SITE_VISIT,
        evidence_note="كارگاه",
    )
    assert (finding.evidence, finding.evidence_note) == ("site_visit", "کارگاه")

    changed = finding_update(
        actor=programme.member.user,
        finding=finding,
        expected_updated_at=finding.updated_at,
        data={"evidence": Finding.Evidence.INTERVIEW, "evidence_note": ""},
    )
    assert (changed.evidence, changed.evidence_note) == ("interview", "")


def test_an_unknown_evidence_is_refused_by_the_service(programme, english):
    with pytest.raises(ValidationError) as refused:
        finding_create(
            actor=programme.member.user,
            assessment=programme.assessment,
            sub_criterion=programme.sub_criterion,
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.INDIVIDUAL,
            text="یافته",
            author=programme.member,
            evidence="rumour",
        )
    assert "evidence" in refused.value.message_dict
    assert not Finding.objects.exists()


def test_a_stages_deadline_lies_inside_the_cycles_window(programme):
    assessment = programme.assessment
    window = (assessment.cycle.window_start, assessment.cycle.window_end)

    individual = stage_deadline(assessment)
    assessment.status = Assessment.Status.CONSENSUS
    consensus = stage_deadline(assessment)
    assessment.status = Assessment.Status.FINALIZED

    assert window[0] < individual < consensus == window[1]
    assert stage_deadline(assessment) is None
