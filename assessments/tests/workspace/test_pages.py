"""The workspace's pages, as each person of a team uses them, through the test client.

Every page is asked as plain form posts (a redirect after a save, the page again with the
message beside the field after a refusal) and, where htmx drives it, as an htmx request
(only the fragment that changed).
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.models import Assessment, Cycle, Finding, Score, TimeEntry
from assessments.services.findings import finding_create
from assessments.services.hours import time_entry_create
from assessments.services.scores import score_set
from assessments.tests.factories import AssessmentFactory, CycleFactory
from excellence.roles import GROUP_PROGRAMME_ADMINS
from organizations.tests.factories import UserFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
ARABIC_YEH, ARABIC_KAF = "\u064a", "\u0643"
ZWNJ = "\u200c"


def sub_url(programme, code="1a", assessment=None):
    return reverse("workspace-sub-criterion", args=[(assessment or programme.assessment).pk, code])


def overview_url(programme, assessment=None):
    return reverse("workspace-assessment", args=[(assessment or programme.assessment).pk])


def add_finding_url(programme, code="1a"):
    return reverse("workspace-finding-add", args=[programme.assessment.pk, code])


def finding_post(stage="individual", kind="strength", text="متن یافته", evidence="document", note=""):
    prefix = f"{stage}-{kind}"
    return {
        "stage": stage,
        "kind": kind,
        f"{prefix}-kind": kind,
        f"{prefix}-text": text,
        f"{prefix}-evidence": evidence,
        f"{prefix}-evidence_note": note,
    }


def own_finding(programme, assessor, *, text="یافته فردی", kind=Finding.Kind.STRENGTH, sub=None):
    return finding_create(
        actor=assessor.user,
        assessment=programme.assessment,
        sub_criterion=sub or programme.sub_criterion,
        kind=kind,
        stage=Finding.Stage.INDIVIDUAL,
        text=text,
        author=assessor,
        evidence=Finding.Evidence.DOCUMENT,
    )


def own_score(programme, assessor, values, sub=None):
    return score_set(
        actor=assessor.user,
        assessment=programme.assessment,
        sub_criterion=sub or programme.sub_criterion,
        stage=Score.Stage.INDIVIDUAL,
        values=values,
        expected_updated_at=None,
        assessor=assessor,
    )


def office_user():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=GROUP_PROGRAMME_ADMINS))
    return user


# --------------------------------------------------------------------------- who sees what


def test_an_assessor_of_another_team_gets_404_on_every_workspace_page(client, programme):
    # Given an assessor who is not on the team, and a finding and hours of the team
    finding = own_finding(programme, programme.member)
    entry = time_entry_create(
        actor=programme.member.user,
        assessment=programme.assessment,
        assessor=programme.member,
        date=datetime.date(2022, 8, 1),
        hours="2",
        activity=TimeEntry.Activity.DOCUMENT_REVIEW,
    )
    client.force_login(programme.stranger.user)
    pk = programme.assessment.pk

    # When they ask for any page of that assessment, or post to it
    gets = [overview_url(programme), sub_url(programme)]
    posts = [
        add_finding_url(programme),
        reverse("workspace-finding-edit", args=[pk, finding.pk]),
        reverse("workspace-finding-delete", args=[pk, finding.pk]),
        reverse("workspace-finding-merge", args=[pk, "1a"]),
        reverse("workspace-score-save", args=[pk, "1a"]),
        reverse("workspace-score-preview", args=[pk, "1a"]),
        reverse("workspace-hours-add", args=[pk]),
        reverse("workspace-hours-edit", args=[pk, entry.pk]),
        reverse("workspace-hours-delete", args=[pk, entry.pk]),
        reverse("workspace-transition", args=[pk]),
        reverse("workspace-reopen", args=[pk]),
    ]

    # Then every one answers 404, and nothing changed
    assert [client.get(url).status_code for url in gets] == [404] * len(gets)
    assert [client.post(url, finding_post()).status_code for url in posts] == [404] * len(posts)
    assert Finding.objects.filter(pk=finding.pk).exists()
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, programme):
    response = client.get(sub_url(programme))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_bad_ids_answer_404_never_500(client, programme):
    # Given a member of the team, and a finding of another assessment
    client.force_login(programme.member.user)
    pk = programme.assessment.pk
    foreign = finding_create(
        actor=programme.stranger.user,
        assessment=programme.other_assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        text="یافته تیم دیگر",
        author=programme.stranger,
    )

    # Then an unknown sub-criterion, finding or assessment is not found
    assert client.get(sub_url(programme, "9z")).status_code == 404
    assert client.get(reverse("workspace-assessment", args=[999999])).status_code == 404
    assert client.post(reverse("workspace-finding-edit", args=[pk, 999999]), {}).status_code == 404
    assert client.post(reverse("workspace-finding-edit", args=[pk, foreign.pk]), {}).status_code == 404
    assert client.get(f"{sub_url(programme)}?edit=not-a-number").status_code == 200


def test_bad_input_answers_400_never_500(client, programme):
    client.force_login(programme.member.user)
    pk = programme.assessment.pk

    assert (
        client.post(add_finding_url(programme), {"stage": "nonsense", "kind": "strength"}).status_code == 400
    )
    assert client.post(reverse("workspace-score-save", args=[pk, "1a"]), {"stage": "x"}).status_code == 400
    assert (
        client.post(reverse("workspace-transition", args=[pk]), {"to_status": "nowhere"}).status_code == 400
    )
    assert (
        client.post(reverse("workspace-hours-add", args=[pk]), {"hours-date": "31/31/31"}).status_code == 400
    )


def test_during_the_individual_stage_an_assessor_sees_only_their_own_work(client, programme):
    # Given findings and scores of two members of the team
    own_finding(programme, programme.member, text="یافته مهدی")
    own_finding(programme, programme.second_member, text="یافته سارا")
    own_score(programme, programme.second_member, {"sound": 90, "integrated": 90, "implemented": 90})
    client.force_login(programme.member.user)

    # When the first opens the sub-criterion
    page = client.get(sub_url(programme)).content.decode()

    # Then they see their own finding, not their teammate's finding nor score
    assert "یافته مهدی" in page
    assert "یافته سارا" not in page
    assert "۹۰" not in page and 'value="90"' not in page


def test_during_the_individual_stage_the_leader_sees_the_whole_team_read_only(client, programme):
    # Given a member's finding and score
    finding = own_finding(programme, programme.member, text="یافته مهدی")
    own_score(programme, programme.member, {"sound": 60, "integrated": 70, "implemented": 80})
    client.force_login(programme.leader.user)

    # When the leader opens the sub-criterion
    response = client.get(sub_url(programme))
    page = response.content.decode()

    # Then they see the member's finding and score, without a way to change them
    assert "یافته مهدی" in page
    assert "(شما سرارزیاب تیم هستید)" in page
    assert response.context["page"].team_scores[0].card.percentage == Decimal("72.5")
    assert reverse("workspace-finding-delete", args=[programme.assessment.pk, finding.pk]) not in page
    # and changing it anyway is refused
    edit = client.post(
        reverse("workspace-finding-edit", args=[programme.assessment.pk, finding.pk]),
        {
            "edit-kind": "strength",
            "edit-text": "تغییر",
            "edit-evidence": "document",
            "edit-version": finding.updated_at.isoformat(),
        },
    )
    assert edit.status_code == 403
    assert Finding.objects.get(pk=finding.pk).text == "یافته مهدی"


# --------------------------------------------------------------------------- findings


def test_adding_a_finding_stores_persian_letters_trimmed_with_its_zwnj_and_evidence(client, programme):
    client.force_login(programme.member.user)
    typed = f"  فرا{ARABIC_YEH}ند برنامه{ZWNJ}ر{ARABIC_YEH}زی {ARABIC_KAF}امل است \n"

    response = client.post(add_finding_url(programme), finding_post(text=typed, note="سند ۱۴۰۱"))

    assert response.status_code == 302
    assert response["Location"] == sub_url(programme) + "#findings"
    finding = Finding.objects.get(assessment=programme.assessment)
    assert finding.text == f"فرایند برنامه{ZWNJ}ریزی کامل است"
    assert (finding.author, finding.stage, finding.kind) == (
        programme.member,
        Finding.Stage.INDIVIDUAL,
        Finding.Kind.STRENGTH,
    )
    assert (finding.evidence, finding.evidence_note) == (Finding.Evidence.DOCUMENT, "سند ۱۴۰۱")
    page = client.get(response["Location"]).content.decode()
    assert finding.text in page and "یافته افزوده شد." in page


def test_adding_a_finding_with_htmx_answers_with_the_findings_fragment(client, programme):
    client.force_login(programme.member.user)

    response = client.post(add_finding_url(programme), finding_post(text="یافته تازه"), **HTMX)

    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="findings"')
    assert "<html" not in fragment
    assert "یافته تازه" in fragment
    assert 'id="workspace-tree" hx-swap-oob="true"' in fragment


@pytest.mark.parametrize("htmx", [False, True])
def test_a_finding_over_4000_characters_is_refused_naming_the_field_and_the_limit_and_kept(
    client, english_client, programme, htmx
):
    english_client.force_login(programme.member.user)
    typed = "ا" * 4001

    response = english_client.post(
        add_finding_url(programme), finding_post(text=typed), **(HTMX if htmx else {})
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Text: a finding is at most 4000 characters; this one has 4001." in page
    assert typed in page  # what was typed is shown again
    assert not Finding.objects.exists()


def test_the_model_and_the_service_refuse_the_same_limit(programme, english):
    with pytest.raises(Exception) as refused:
        finding_create(
            actor=programme.member.user,
            assessment=programme.assessment,
            sub_criterion=programme.sub_criterion,
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.INDIVIDUAL,
            text="ب" * 4001,
            author=programme.member,
        )
    assert "Text: a finding is at most 4000 characters; this one has 4001." in str(refused.value)
    assert not Finding.objects.exists()


def test_a_finding_without_text_or_evidence_is_refused_beside_each_field(english_client, programme):
    english_client.force_login(programme.member.user)

    response = english_client.post(add_finding_url(programme), finding_post(text="   ", evidence=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Text: a finding needs its text." in page
    assert "Evidence: say where it was seen: a document, a site visit or an interview." in page


def test_editing_a_finding_saves_it(client, programme):
    finding = own_finding(programme, programme.member)
    client.force_login(programme.member.user)
    edit_page = client.get(f"{sub_url(programme)}?edit={finding.pk}").content.decode()
    assert f'name="edit-version" value="{finding.updated_at.isoformat()}"' in edit_page

    response = client.post(
        reverse("workspace-finding-edit", args=[programme.assessment.pk, finding.pk]),
        {
            "edit-kind": "improvement",
            "edit-text": f" متن تازه{ARABIC_YEH} ",
            "edit-evidence": "interview",
            "edit-evidence_note": "مدیر واحد",
            "edit-version": finding.updated_at.isoformat(),
        },
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.kind, finding.text, finding.evidence) == ("improvement", "متن تازهی", "interview")


def test_saving_a_finding_changed_meanwhile_shows_both_versions_and_overwrites_nothing(
    english_client, programme
):
    # Given a finding opened by its author, then changed elsewhere
    finding = own_finding(programme, programme.member, text="نسخه نخست")
    loaded = finding.updated_at.isoformat()
    from assessments.services.findings import finding_update

    finding_update(
        actor=programme.member.user, finding=finding, expected_updated_at=loaded, data={"text": "نسخه دیگری"}
    )
    english_client.force_login(programme.member.user)

    # When the author saves the copy they loaded
    response = english_client.post(
        reverse("workspace-finding-edit", args=[programme.assessment.pk, finding.pk]),
        {
            "edit-kind": "strength",
            "edit-text": "نسخه من",
            "edit-evidence": "document",
            "edit-version": loaded,
        },
    )

    # Then the conflict is told, with the stored version beside theirs, and nothing is overwritten
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this after you opened it. Nothing was saved." in page
    assert "نسخه دیگری" in page and "نسخه من" in page
    assert Finding.objects.get(pk=finding.pk).text == "نسخه دیگری"


def test_deleting_my_finding_with_htmx_and_without(client, programme):
    first = own_finding(programme, programme.member, text="یکم")
    second = own_finding(programme, programme.member, text="دوم")
    client.force_login(programme.member.user)
    pk = programme.assessment.pk

    plain = client.post(reverse("workspace-finding-delete", args=[pk, first.pk]))
    fragment = client.post(reverse("workspace-finding-delete", args=[pk, second.pk]), **HTMX)

    assert plain.status_code == 302
    assert fragment.status_code == 200 and "دوم" not in fragment.content.decode()
    assert not Finding.objects.exists()


# --------------------------------------------------------------------------- scores


def score_post(stage="individual", version="", **values):
    return {
        "stage": stage,
        "version": version,
        **{f"attribute_{code}": value for code, value in values.items()},
    }


def test_scores_are_saved_with_persian_digits(client, programme):
    client.force_login(programme.member.user)

    response = client.post(
        reverse("workspace-score-save", args=[programme.assessment.pk, "1a"]),
        score_post(sound="۶۰", integrated="٧٠", implemented=" 80 "),
    )

    assert response.status_code == 302
    score = Score.objects.get(assessor=programme.member)
    assert {item.attribute.code: item.value for item in score.attribute_scores.all()} == {
        "sound": 60,
        "integrated": 70,
        "implemented": 80,
    }
    page = client.get(sub_url(programme)).content.decode()
    assert "۷۲٫۵٪" in page


def test_a_score_off_the_steps_of_5_is_refused_beside_its_field_and_nothing_is_saved(
    english_client, programme
):
    english_client.force_login(programme.member.user)

    response = english_client.post(
        reverse("workspace-score-save", args=[programme.assessment.pk, "1a"]),
        score_post(sound="60", integrated="37"),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Integrated: a score is a whole number from 0 to 100 in steps of 5." in page
    assert 'value="37"' in page and 'value="60"' in page
    assert not Score.objects.exists()


def test_saving_scores_changed_meanwhile_is_refused_with_the_stored_values(english_client, programme):
    # Given my score loaded, then changed elsewhere
    score = own_score(programme, programme.member, {"sound": 60})
    loaded = score.updated_at.isoformat()
    score_set(
        actor=programme.member.user,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        stage=Score.Stage.INDIVIDUAL,
        values={"sound": 95},
        expected_updated_at=loaded,
        assessor=programme.member,
    )
    english_client.force_login(programme.member.user)

    response = english_client.post(
        reverse("workspace-score-save", args=[programme.assessment.pk, "1a"]),
        score_post(version=loaded, sound="40"),
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this after you opened it." in page
    assert "Stored now" in page and "Sound 95" in page
    assert Score.objects.get(pk=score.pk).attribute_scores.get().value == 95


def test_the_percentages_follow_the_scores_as_typed_with_htmx(english_client, programme):
    english_client.force_login(programme.member.user)
    url = reverse("workspace-score-preview", args=[programme.assessment.pk, "1a"])

    partial = english_client.post(url, score_post(sound="60", integrated="70"), **HTMX)
    complete = english_client.post(url, score_post(sound="60", integrated="70", implemented="80"), **HTMX)
    wrong = english_client.post(url, score_post(sound="61"), **HTMX)

    assert partial.status_code == 200 and partial.context["card"].elements == {
        "approach": Decimal("65.0"),
        "deployment": None,
    }
    assert partial.context["card"].percentage is None
    assert complete.context["card"].percentage == Decimal("72.5")
    assert '<td class="sub-percentage">72.5%</td>' in complete.content.decode()  # English: a Latin sign
    assert "Not counted (0–100 in steps of 5): Sound" in wrong.content.decode()
    assert not Score.objects.exists()


# --------------------------------------------------------------------------- hours


@pytest.mark.parametrize(
    ("date", "hours", "expected"),
    [("۱۴۰۱/۰۵/۱۵", "۳٫۵", "3.5"), ("1401/05/15", "3.5", "3.5"), ("١٤٠١/٠٥/١٥", "2,25", "2.25")],
)
def test_hours_are_logged_with_a_jalali_date_and_any_digits(client, programme, date, hours, expected):
    client.force_login(programme.member.user)

    response = client.post(
        reverse("workspace-hours-add", args=[programme.assessment.pk]),
        {"hours-date": date, "hours-hours": hours, "hours-activity": "site_visit", "hours-note": ""},
    )

    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.date, entry.hours, entry.assessor) == (
        datetime.date(2022, 8, 6),
        Decimal(expected),
        programme.member,
    )


def test_hours_refusals_are_shown_beside_their_field(english_client, programme):
    english_client.force_login(programme.member.user)
    url = reverse("workspace-hours-add", args=[programme.assessment.pk])

    bad_date = english_client.post(
        url, {"hours-date": "2022/08/06", "hours-hours": "3", "hours-activity": "other"}
    )
    too_many = english_client.post(
        url, {"hours-date": "1401/05/15", "hours-hours": "25", "hours-activity": "other"}
    )

    assert bad_date.status_code == 400
    assert "Enter a Jalali date like 1401/05/01." in bad_date.content.decode()
    assert too_many.status_code == 400
    assert "Hours: must be more than 0 and at most 24; 25 was given." in too_many.content.decode()
    assert 'value="25"' in too_many.content.decode()
    assert not TimeEntry.objects.exists()


def test_my_total_and_the_teams_total_of_hours(client, programme):
    for assessor, hours in ((programme.member, "3.5"), (programme.second_member, "4")):
        time_entry_create(
            actor=assessor.user,
            assessment=programme.assessment,
            assessor=assessor,
            date=datetime.date(2022, 8, 1),
            hours=hours,
            activity=TimeEntry.Activity.DOCUMENT_REVIEW,
        )
    client.force_login(programme.member.user)

    page = client.get(overview_url(programme)).context["page"]

    assert page.my_hours == Decimal("3.5")
    assert page.team_hours == Decimal("7.5")
    assert [entry.assessor for entry in page.my_entries + page.team_entries] == [programme.member]


def test_editing_hours_on_a_stale_copy_is_refused(english_client, programme):
    entry = time_entry_create(
        actor=programme.member.user,
        assessment=programme.assessment,
        assessor=programme.member,
        date=datetime.date(2022, 8, 1),
        hours="2",
        activity=TimeEntry.Activity.DOCUMENT_REVIEW,
    )
    english_client.force_login(programme.member.user)
    url = reverse("workspace-hours-edit", args=[programme.assessment.pk, entry.pk])
    data = {"entry-date": "1401/05/10", "entry-hours": "5", "entry-activity": "other"}

    saved = english_client.post(url, {**data, "entry-version": entry.updated_at.isoformat()})
    stale = english_client.post(
        url, {**data, "entry-hours": "6", "entry-version": entry.updated_at.isoformat()}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.content.decode()
    assert TimeEntry.objects.get().hours == Decimal("5")


# --------------------------------------------------------------------------- consensus and workflow


def test_in_consensus_the_team_sees_every_individual_finding_read_only(client, programme):
    own_finding(programme, programme.member, text="یافته مهدی")
    own_finding(programme, programme.second_member, text="یافته سارا")
    programme.set_status(Assessment.Status.CONSENSUS)
    client.force_login(programme.member.user)

    response = client.get(sub_url(programme))
    page = response.content.decode()

    assert "یافته مهدی" in page and "یافته سارا" in page
    assert "?edit=" not in page
    assert response.context["page"].permissions.add_individual is False
    refused = client.post(add_finding_url(programme), finding_post(text="دیرهنگام"))
    assert refused.status_code == 403
    assert Finding.objects.count() == 2


def test_the_leader_merges_individual_findings_into_a_consensus_finding(client, programme):
    first = own_finding(programme, programme.member, text="یافته مهدی")
    second = own_finding(programme, programme.second_member, text="یافته سارا")
    elsewhere = own_finding(programme, programme.member, text="زیرمعیار دیگر", sub=programme.sub_criteria[1])
    programme.set_status(Assessment.Status.CONSENSUS)
    client.force_login(programme.leader.user)
    url = reverse("workspace-finding-merge", args=[programme.assessment.pk, "1a"])
    merge = {
        "merge-kind": "strength",
        "merge-text": "یافته اجماعی",
        "merge-evidence": "document",
        "merge-merged": [first.pk, second.pk],
    }

    refused = client.post(url, {**merge, "merge-merged": [first.pk, elsewhere.pk]})
    merged = client.post(url, merge, **HTMX)

    assert refused.status_code == 400
    assert merged.status_code == 200
    consensus = Finding.objects.get(stage=Finding.Stage.CONSENSUS)
    assert set(consensus.merged_from.all()) == {first, second}
    fragment = merged.content.decode()
    assert "یافته اجماعی" in fragment and "۲ یافته فردی را ادغام می‌کند" in fragment


def test_a_member_cannot_merge_nor_move_the_assessment_on(client, programme):
    first = own_finding(programme, programme.member)
    programme.set_status(Assessment.Status.CONSENSUS)
    client.force_login(programme.member.user)

    merge = client.post(
        reverse("workspace-finding-merge", args=[programme.assessment.pk, "1a"]),
        {
            "merge-kind": "strength",
            "merge-text": "x",
            "merge-evidence": "document",
            "merge-merged": [first.pk],
        },
    )
    finalize = client.post(
        reverse("workspace-transition", args=[programme.assessment.pk]), {"to_status": "finalized"}
    )

    assert merge.status_code == 403
    assert finalize.status_code == 403
    programme.assessment.refresh_from_db()
    assert programme.assessment.status == Assessment.Status.CONSENSUS


def test_consensus_scores_start_from_the_teams_mean_rounded_to_a_step_of_5(client, programme):
    own_score(programme, programme.member, {"sound": 60, "integrated": 70, "implemented": 80})
    own_score(programme, programme.second_member, {"sound": 75, "integrated": 70, "implemented": 45})
    programme.set_status(Assessment.Status.CONSENSUS)
    client.force_login(programme.leader.user)

    response = client.get(sub_url(programme))

    page = response.context["page"]
    # means 67.5 → 70 (half up), 70 → 70, 62.5 → 65; percentages 72.5 and 58.75
    assert page.consensus_prefill == {"sound": 70, "integrated": 70, "implemented": 65}
    form = response.context["consensus_score_form"]
    assert form["attribute_sound"].value() == 70
    assert page.spread.spread == Decimal("13.8") and page.spread.flagged is False


def test_finalizing_is_refused_while_sub_criteria_lack_a_consensus_score_and_they_are_listed(
    english_client, programme
):
    programme.set_status(Assessment.Status.CONSENSUS)
    english_client.force_login(programme.leader.user)
    score_set(
        actor=programme.leader.user,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        stage=Score.Stage.CONSENSUS,
        values={"sound": 50, "integrated": 50, "implemented": 50},
        expected_updated_at=None,
    )

    response = english_client.post(
        reverse("workspace-transition", args=[programme.assessment.pk]), {"to_status": "finalized"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be rated while sub-criteria 1b, 2a have no consensus score" in page
    assert f'href="{sub_url(programme, "1b")}#scores-consensus"' in page
    assert f'href="{sub_url(programme, "2a")}#scores-consensus"' in page
    assert f'href="{sub_url(programme, "1a")}#scores-consensus"' not in page
    programme.assessment.refresh_from_db()
    assert programme.assessment.status == Assessment.Status.CONSENSUS


def test_the_leader_moves_the_assessment_on_and_a_finalized_one_is_read_only(client, programme):
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.PLANNED)
    client.force_login(programme.leader.user)
    url = reverse("workspace-transition", args=[programme.assessment.pk])

    assert "شروع ارزیابی فردی" in client.get(overview_url(programme)).content.decode()
    assert client.post(url, {"to_status": "individual"}).status_code == 302
    assert client.post(url, {"to_status": "consensus"}).status_code == 302
    programme.assessment.refresh_from_db()
    for sub, values in zip(
        programme.sub_criteria,
        (
            {"sound": 50, "integrated": 50, "implemented": 50},
            {"sound": 50, "integrated": 50, "implemented": 50},
            {"scope": 50},
        ),
        strict=True,
    ):
        score_set(
            actor=programme.leader.user,
            assessment=programme.assessment,
            sub_criterion=sub,
            stage=Score.Stage.CONSENSUS,
            values=values,
            expected_updated_at=None,
        )
    assert client.post(url, {"to_status": "finalized"}).status_code == 302

    programme.assessment.refresh_from_db()
    assert programme.assessment.status == Assessment.Status.FINALIZED
    response = client.get(sub_url(programme))
    page = response.content.decode()
    assert "این ارزیابی نهایی شده است" in page
    assert response.context["page"].permissions.consensus is False
    assert 'class="add-finding"' not in page and "ذخیره امتیازهای اجماعی" not in page
    assert client.post(url, {"to_status": "released"}).status_code == 403


def test_the_office_reopens_a_finalized_assessment_only_with_a_reason(english_client, programme):
    programme.set_status(Assessment.Status.FINALIZED)
    office = office_user()
    english_client.force_login(office)
    url = reverse("workspace-reopen", args=[programme.assessment.pk])

    assert "Reopen for consensus" in english_client.get(overview_url(programme)).content.decode()
    refused = english_client.post(url, {"reason": "  "})
    reopened = english_client.post(url, {"reason": "امتیاز معیار ۲ بازبینی شود"})

    assert refused.status_code == 400
    assert "Reason: a written reason is required to reopen an assessment." in refused.content.decode()
    assert reopened.status_code == 302
    programme.assessment.refresh_from_db()
    assert programme.assessment.status == Assessment.Status.CONSENSUS
    assert programme.assessment.reopenings.get().reason == "امتیاز معیار ۲ بازبینی شود"


def test_the_office_downloads_the_units_declaration_from_the_assessment_page(client, programme):
    declaration = reverse(
        "declaration_unit", args=[programme.assessment.cycle.year, programme.assessment.organization.code]
    )
    client.force_login(office_user())
    assert declaration in client.get(overview_url(programme)).content.decode()
    # The team's people export nothing: no button for them
    client.force_login(programme.leader.user)
    assert declaration not in client.get(overview_url(programme)).content.decode()


def test_a_leader_is_not_offered_the_reopening(client, programme):
    programme.set_status(Assessment.Status.FINALIZED)
    client.force_login(programme.leader.user)

    page = client.get(overview_url(programme)).content.decode()
    reopen = client.post(reverse("workspace-reopen", args=[programme.assessment.pk]), {"reason": "دلیل"})

    assert reverse("workspace-reopen", args=[programme.assessment.pk]) not in page
    assert reopen.status_code == 403


# --------------------------------------------------------------------------- /workspace/ and earlier cycles


def test_each_sub_criterion_fully_scored_counts_once_on_the_workspace_card(client, programme):
    # Given both enabler sub-criteria scored on every attribute, and the result one on none
    full = {"sound": 60, "integrated": 70, "implemented": 80}
    own_score(programme, programme.member, full, sub=programme.sub_criteria[0])
    own_score(programme, programme.member, full, sub=programme.sub_criteria[1])
    # and a teammate's own scores, which are not my progress
    own_score(programme, programme.second_member, full, sub=programme.sub_criteria[0])
    client.force_login(programme.member.user)

    [row] = client.get(reverse("workspace")).context["workspace"].current

    assert (row.scored, row.sub_criteria) == (2, 3)


def test_the_workspace_lists_my_assessments_with_their_progress_and_earlier_cycles_read_only(
    client, programme
):
    own_finding(programme, programme.member, text="یکم")
    own_finding(programme, programme.member, text="دوم", kind=Finding.Kind.IMPROVEMENT)
    own_finding(programme, programme.second_member, text="سوم")
    own_score(programme, programme.member, {"sound": 60, "integrated": 70, "implemented": 80})
    own_score(programme, programme.member, {"sound": 60}, sub=programme.sub_criteria[1])  # incomplete
    time_entry_create(
        actor=programme.member.user,
        assessment=programme.assessment,
        assessor=programme.member,
        date=datetime.date(2022, 8, 1),
        hours="3.5",
        activity=TimeEntry.Activity.SITE_VISIT,
    )
    earlier = AssessmentFactory(
        cycle=CycleFactory(year=1400, status=Cycle.Status.CLOSED, framework=programme.cycle.framework),
        status=Assessment.Status.RELEASED,
    )
    from assessments.models import Assignment

    Assignment.objects.create(assessment=earlier, assessor=programme.member)
    client.force_login(programme.member.user)

    response = client.get(reverse("workspace"))

    workspace = response.context["workspace"]
    assert workspace.current_cycle == programme.cycle
    [row] = workspace.current
    assert row.my_findings == {"strength": 1, "improvement": 1}
    assert (row.scored, row.sub_criteria) == (1, 3)
    assert (row.my_hours, row.team_hours) == (Decimal("3.5"), Decimal("3.5"))
    assert row.deadline == datetime.date(2022, 8, 20)  # two thirds into 1401/05/01–1401/06/12
    assert [r.assessment for r in workspace.earlier] == [earlier]
    assert workspace.earlier[0].editable is False
    page = response.content.decode()
    assert "دوره‌های پیشین (فقط‌خواندنی)" in page
    assert reverse("workspace-assessment", args=[earlier.pk]) in page


def test_an_assessment_of_a_closed_cycle_is_shown_read_only(client, programme):
    own_finding(programme, programme.member, text="یافته پیشین")
    Cycle.objects.filter(pk=programme.cycle.pk).update(status=Cycle.Status.CLOSED)
    client.force_login(programme.member.user)

    response = client.get(sub_url(programme))
    overview = client.get(overview_url(programme))
    hours = client.post(
        reverse("workspace-hours-add", args=[programme.assessment.pk]),
        {"hours-date": "1401/05/15", "hours-hours": "3", "hours-activity": "other"},
    )

    assert "یافته پیشین" in response.content.decode()
    assert "این دوره بسته است" in response.content.decode()
    assert "?edit=" not in response.content.decode()
    assert "ثبت ساعت" not in overview.content.decode()
    assert hours.status_code in (400, 403)
    assert not TimeEntry.objects.exists()


def test_the_navigation_offers_the_workspace_to_assessors_only(client, programme):
    client.force_login(programme.member.user)
    assert f'href="{reverse("workspace")}"' in client.get(reverse("home")).content.decode()

    client.force_login(UserFactory())
    assert f'href="{reverse("workspace")}"' not in client.get(reverse("home")).content.decode()


def test_hours_are_offered_after_finalizing_and_not_once_released(client, programme):
    client.force_login(programme.member.user)

    programme.set_status(Assessment.Status.FINALIZED)
    finalized = client.get(overview_url(programme)).content.decode()
    programme.set_status(Assessment.Status.RELEASED)
    released = client.get(overview_url(programme)).content.decode()

    assert 'class="hours-form"' in finalized and "ساعت‌ها را تا اعلام نتایج هنوز می‌توان ثبت کرد" in finalized
    assert 'class="hours-form"' not in released and "نتایج این ارزیابی اعلام شده است" in released
