"""Issue 7, performance: the sub-criterion page draws its finding rows from what the selector and
the view put on each finding (ids, merge links, evidence labels, URLs); the rows still say what
they said when each asked its related managers and reversed its own URLs."""

from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, Finding
from assessments.selectors.workspace_findings import person_name
from assessments.services.findings import finding_create

from .test_pages import own_finding, sub_url


def merged_programme(programme):
    """Two individual findings merged into one consensus finding, and a third left alone."""
    first = own_finding(programme, programme.member, text="یافته نخست مهدی")
    second = own_finding(programme, programme.second_member, text="یافته دوم سارا")
    alone = own_finding(programme, programme.member, text="یافته ادغام‌نشده")
    programme.set_status(Assessment.Status.CONSENSUS)
    agreed = finding_create(
        actor=programme.leader.user,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.CONSENSUS,
        text="یافته اجماعی تیم",
        evidence=Finding.Evidence.SITE_VISIT,
        merged_from=[first, second],
    )
    return first, second, alone, agreed


def row_of(page: str, finding) -> str:
    """The HTML of a finding's list item (up to the next one)."""
    start = page.index(f'id="finding-{finding.pk}"')
    end = page.find('<li class="finding"', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_a_consensus_row_names_what_it_merges_and_each_merged_row_says_so(client, programme):
    first, second, alone, agreed = merged_programme(programme)
    client.force_login(programme.leader.user)

    with translation.override("fa"):
        page = client.get(sub_url(programme)).content.decode()

    consensus_row = row_of(page, agreed)
    assert "۲ یافته فردی را ادغام می‌کند" in consensus_row
    for merged, author in ((first, programme.member), (second, programme.second_member)):
        assert merged.text in consensus_row
        assert str(author) in consensus_row
    assert "بازدید" in consensus_row  # its evidence, in Persian
    assert reverse("workspace-finding-edit", args=[programme.assessment.pk, agreed.pk]) in consensus_row
    assert reverse("workspace-finding-delete", args=[programme.assessment.pk, agreed.pk]) in consensus_row

    assert "در اجماع ادغام شد" in row_of(page, first)
    assert "در اجماع ادغام شد" in row_of(page, second)
    assert "در اجماع ادغام شد" not in row_of(page, alone)
    assert f'value="{first.pk}"' in row_of(page, first)  # the leader ticks it to merge


def test_the_edit_form_posts_to_the_findings_own_url(client, programme):
    _first, _second, _alone, agreed = merged_programme(programme)
    client.force_login(programme.leader.user)

    page = client.get(f"{sub_url(programme)}?edit={agreed.pk}").content.decode()

    edit_url = reverse("workspace-finding-edit", args=[programme.assessment.pk, agreed.pk])
    assert f'action="{edit_url}"' in row_of(page, agreed)
    assert f'href="{sub_url(programme)}#finding-{agreed.pk}"' in row_of(page, agreed)


def test_an_assessor_is_named_as_everywhere_else(programme):
    user = programme.member.user
    assert person_name(user.first_name, user.last_name, user.username) == str(programme.member)
    user.first_name = user.last_name = ""
    assert person_name("", "", user.username) == str(programme.member) == user.username
