"""The upload page: every bad input is refused with its row, column and message, and leaves the
database as it was; a good file is saved whole through the finding service, duplicates skipped."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Finding
from assessments.tests.exports.programme import manager_user
from organizations.models import OrganizationMember
from organizations.tests.factories import UserFactory

from .conftest import (
    HEADERS_EN,
    findings_state,
    import_url,
    page_errors,
    signed_in,
    target_of,
    upload,
    workbook,
)
from .files import OLE_HEADER, billion_laughs, plain_zip, renamed_text, truncated

GOOD_ROW = ("1a", "strength", "مأموریت روشن است.")


@pytest.fixture
def member(english_client, setup):
    """The team member, signed in, in the individual stage: imports their own findings."""
    return signed_in(english_client, setup.member.user)


def post_as_member(member, setup, content, **kwargs):
    return upload(member, setup.assessment, content, target=target_of(setup.member), **kwargs)


def html(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------- each bad row


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        (
            ("9z", "strength", "متن"),
            "Sub-criterion (A)",
            "Sub-criterion: «9z» is not a sub-criterion of the framework of cycle 1401",
        ),
        (("1a", "weakness", "متن"), "Kind (B)", "Kind: «weakness» is not a kind of finding; write one of:"),
        (("1a", "strength", "   "), "Finding (C)", "Finding: the text is empty; write the finding."),
        (
            ("1a", "strength", "ب" * 4001),
            "Finding (C)",
            "Finding: a finding is at most 4,000 characters; this one has 4,001.",
        ),
    ],
    ids=["unknown code", "unknown kind", "empty text", "4001 characters"],
)
def test_one_bad_row_saves_nothing_and_is_listed_with_its_row_and_column(
    member, setup, bad_row, column, message
):
    before = findings_state()
    response = post_as_member(member, setup, workbook([GOOD_ROW, bad_row, GOOD_ROW], headers=HEADERS_EN))
    assert response.status_code == 400
    [(sheet, row, shown_column, shown_message)] = page_errors(response)
    assert (sheet, row, shown_column) == ("یافته‌ها", "3", column)
    assert shown_message.startswith(message)
    page = html(response)
    assert "Nothing was saved: the file has 1 error." in page
    assert shown_message.replace("'", "&#x27;").split("«")[0] in page
    assert findings_state() == before


# --------------------------------------------------------------------------- each bad file


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "findings.txt",
            renamed_text(),
            "«findings.txt» is not an Excel workbook: only .xlsx files can be imported.",
        ),
        (
            "findings.xlsx",
            renamed_text(),
            "«findings.xlsx» is not an Excel workbook: its content is not that of",
        ),
        ("findings.xls", OLE_HEADER, "«findings.xls» is an Excel 97–2003 workbook (.xls)"),
        ("findings.xlsx", OLE_HEADER, "«findings.xlsx» is an Excel 97–2003 workbook (.xls)"),
        ("findings.xlsx", plain_zip(), "«findings.xlsx» is a zip archive but not an Excel workbook."),
        ("findings.xlsx", truncated(), "«findings.xlsx» is damaged or is not a valid Excel workbook"),
        ("findings.xlsx", billion_laughs(), "«findings.xlsx» holds XML that is refused for safety"),
        (
            "findings.xlsx",
            b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024),
            "«findings.xlsx» is 5.0 MB; a workbook to import is at most 5 MB.",
        ),
    ],
    ids=[
        "txt",
        "renamed txt",
        "xls",
        "xls renamed",
        "zip not a workbook",
        "broken zip",
        "billion laughs",
        "too big",
    ],
)
def test_a_file_that_is_not_a_readable_xlsx_is_refused_clearly(member, setup, name, content, message):
    before = findings_state()
    response = post_as_member(member, setup, content, name=name)
    assert response.status_code == 400
    [error] = response.context["form"].errors["file"]
    assert error.startswith(message)
    assert message.split(" (")[0].replace("'", "&#x27;") in html(response)
    assert findings_state() == before


def test_more_than_10000_rows_are_refused(member, setup):
    before = findings_state()
    rows = [("1a", "strength", f"یافته {n}") for n in range(10_001)]
    response = post_as_member(member, setup, workbook(rows, headers=HEADERS_EN))
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file has more than 10,000 rows of findings: import at most 10,000 at a time "
        "(split the file into several)."
    ]
    assert findings_state() == before


def test_an_empty_upload_or_none_is_refused(member, setup):
    before = findings_state()
    response = post_as_member(member, setup, b"")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["File: the file is empty."]
    response = member.post(import_url(setup.assessment), {"target": target_of(setup.member)})
    assert response.context["form"].errors["file"] == ["File: choose the workbook to import."]
    assert findings_state() == before


# --------------------------------------------------------------------------- who, and when


def test_another_teams_assessment_is_not_found(english_client, setup):
    before = findings_state()
    client = signed_in(english_client, setup.stranger.user)
    assert client.get(import_url(setup.assessment)).status_code == 404
    assert client.get(reverse("workspace-import-template", args=[setup.assessment.pk])).status_code == 404
    response = upload(client, setup.assessment, workbook([GOOD_ROW]), target=target_of(setup.stranger))
    assert response.status_code == 404
    assert findings_state() == before


def test_an_assessor_cannot_import_as_a_teammate(member, setup):
    before = findings_state()
    response = post_as_member(member, setup, workbook([GOOD_ROW]))  # sanity: as themself it works
    assert response.status_code == 200
    before = findings_state()
    response = upload(
        member, setup.assessment, workbook([("1b", "strength", "x")]), target=target_of(setup.leader)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target"] == ["Record as: choose one of the choices offered."]
    assert findings_state() == before


def test_after_the_individual_stage_an_assessor_is_refused(member, setup):
    setup.set_status(Assessment.Status.CONSENSUS)
    before = findings_state()
    message = "Individual findings are added by the team&#x27;s assessors during the individual assessment."
    page = member.get(import_url(setup.assessment))
    assert page.status_code == 200 and message in html(page)
    assert page.context["form"] is None
    response = post_as_member(member, setup, workbook([GOOD_ROW]))
    assert response.status_code == 403
    assert message in html(response)
    assert findings_state() == before


def test_a_manager_and_a_representative_are_refused(english_client, setup):
    before = findings_state()
    client = signed_in(english_client, manager_user())
    assert upload(client, setup.assessment, workbook([GOOD_ROW]), target="consensus").status_code == 403
    representative = UserFactory(username="rep")
    OrganizationMember.objects.create(user=representative, organization=setup.assessment.organization)
    setup.set_status(Assessment.Status.RELEASED)
    client = signed_in(english_client, representative)
    assert upload(client, setup.assessment, workbook([GOOD_ROW]), target="consensus").status_code == 403
    assert findings_state() == before


def test_a_finalized_assessment_takes_no_import_even_from_the_office(english_client, setup):
    setup.set_status(Assessment.Status.FINALIZED)
    before = findings_state()
    client = signed_in(english_client, setup.office)
    response = upload(client, setup.assessment, workbook([GOOD_ROW]), target="consensus")
    assert response.status_code == 400
    assert "is Finalized: an admin must reopen it before it can be changed." in html(response)
    assert findings_state() == before


def test_the_page_needs_a_signed_in_person(client, setup):
    response = client.get(import_url(setup.assessment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- saving


def test_a_good_file_is_saved_whole_as_the_assessors_own_individual_findings(member, setup):
    rows = [("۱الف", "نقطه قوت", "مأموریت روشن است."), ("1B", "Area for improvement", "بازنگری نمی‌شود.")]
    response = post_as_member(member, setup, workbook(rows, headers=("زیرمعیار", "نوع", "یافته")))
    assert response.status_code == 200
    findings = list(Finding.objects.filter(assessment=setup.assessment).order_by("pk"))
    assert [(f.sub_criterion.code, f.kind, f.stage, f.author, f.text) for f in findings] == [
        ("1a", "strength", "individual", setup.member, "مأموریت روشن است."),
        ("1b", "improvement", "individual", setup.member, "بازنگری نمی‌شود."),
    ]
    # Each with its history, recorded as changed by the assessor.
    assert [record.history_user for record in Finding.history.order_by("history_id")] == [
        setup.member.user
    ] * 2
    page = html(response)
    assert "2 findings were imported as: My individual findings." in page
    assert "بازنگری نمی‌شود." in page


def test_persian_text_is_saved_normalized(member, setup):
    response = post_as_member(
        member, setup, workbook([("1a", "strength", "  رهبران يك الگوي روشن دارند‌ها  ")])
    )
    assert response.status_code == 200
    assert Finding.objects.get().text == "رهبران یک الگوی روشن دارند‌ها"


def test_rows_identical_to_recorded_findings_or_earlier_rows_are_skipped_and_reported(member, setup):
    fw = setup.fw
    Finding.objects.create(
        assessment=setup.assessment,
        sub_criterion=fw.subs["1a"],
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        author=setup.member,
        text="رهبران الگو هستند.",
    )
    # The same text by a teammate, or at the consensus, is another finding: not a duplicate of mine.
    for stage, author in ((Finding.Stage.INDIVIDUAL, setup.leader), (Finding.Stage.CONSENSUS, None)):
        Finding.objects.create(
            assessment=setup.assessment,
            sub_criterion=fw.subs["1b"],
            kind=Finding.Kind.STRENGTH,
            stage=stage,
            author=author,
            text="مستند است.",
        )
    rows = [
        ("1a", "strength", " رهبران الگو هستند. "),  # as recorded, once trimmed
        ("1a", "strength", "رهبران الگو هستند"),  # another text (no full stop)
        ("1a", "improvement", "رهبران الگو هستند."),  # another kind
        ("1b", "strength", "مستند است."),  # the teammate's and the consensus text: mine is new
        ("1b", "strength", "مستند است."),  # the row above again
        ("۱الف", "Strength", "رهبران الگو هستند."),  # the recorded one again, written otherwise
    ]
    before = Finding.objects.count()
    response = post_as_member(member, setup, workbook(rows))
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert [row.row for row, _finding in outcome.created] == [3, 4, 5]
    assert [row.row for row in outcome.skipped] == [2, 6, 7]
    assert Finding.objects.count() == before + 3
    page = html(response)
    assert "3 findings were imported" in page
    assert "3 rows were skipped: they are identical to findings already recorded" in page
    assert "Sheet «یافته‌ها», rows 2, 6–7" in page


def test_posting_the_same_file_again_saves_nothing_twice(member, setup):
    content = workbook([GOOD_ROW, ("1b", "strength", "دوم")])
    assert post_as_member(member, setup, content).status_code == 200
    before = findings_state()
    response = post_as_member(member, setup, content)
    assert response.status_code == 200
    assert len(response.context["outcome"].skipped) == 2 and response.context["outcome"].created == []
    assert findings_state() == before


def test_the_office_imports_consensus_findings_in_consensus(english_client, setup):
    setup.set_status(Assessment.Status.CONSENSUS)
    client = signed_in(english_client, setup.office)
    page = client.get(import_url(setup.assessment))
    assert [value for value, _label in page.context["form"].fields["target"].choices] == [
        "consensus",
        target_of(setup.leader),
        target_of(setup.member),
    ]
    assert page.context["form"].fields["target"].initial == "consensus"
    response = upload(client, setup.assessment, workbook([GOOD_ROW]), target="consensus")
    assert response.status_code == 200
    finding = Finding.objects.get()
    assert (finding.stage, finding.author) == ("consensus", None)
    assert finding.history.get().history_user == setup.office


def test_the_office_imports_a_members_individual_findings_in_the_individual_stage(english_client, setup):
    client = signed_in(english_client, setup.office)
    form = client.get(import_url(setup.assessment)).context["form"]
    assert form.fields["target"].choices[0] == ("", "Choose…")  # whose findings: the office picks
    response = upload(client, setup.assessment, workbook([GOOD_ROW]), target="")
    assert response.status_code == 400
    assert response.context["form"].errors["target"] == ["Record as: choose whose findings the rows are."]
    response = upload(client, setup.assessment, workbook([GOOD_ROW]), target=target_of(setup.member))
    assert response.status_code == 200
    finding = Finding.objects.get()
    assert (finding.stage, finding.author) == ("individual", setup.member)


def test_the_leader_imports_consensus_findings_during_the_consensus(english_client, setup):
    setup.set_status(Assessment.Status.CONSENSUS)
    client = signed_in(english_client, setup.leader.user)
    form = client.get(import_url(setup.assessment)).context["form"]
    assert form.fields["target"].choices == [("consensus", "The team's consensus findings")]
    assert upload(client, setup.assessment, workbook([GOOD_ROW]), target="consensus").status_code == 200
    assert Finding.objects.get().stage == "consensus"


def test_the_workspace_and_the_admin_link_to_the_upload_page(english_client, setup):
    url = import_url(setup.assessment)
    member = signed_in(english_client, setup.member.user)
    assert f'href="{url}"' in html(member.get(reverse("workspace-assessment", args=[setup.assessment.pk])))
    setup.set_status(Assessment.Status.CONSENSUS)
    assert f'href="{url}"' not in html(
        member.get(reverse("workspace-assessment", args=[setup.assessment.pk]))
    )
    office = signed_in(english_client, setup.office)
    setup.office.is_staff = True
    setup.office.save()
    change = office.get(reverse("admin:assessments_assessment_change", args=[setup.assessment.pk]))
    assert change.status_code == 200 and f'href="{url}"' in html(change)


def test_the_page_in_persian(client, setup):
    client = signed_in(client, setup.member.user)
    page = client.get(import_url(setup.assessment))
    assert page.status_code == 200
    text = html(page)
    assert 'dir="rtl"' in text
    assert "ورود یافته‌ها از اکسل" in text
    response = upload(
        client, setup.assessment, workbook([("9z", "نقطه قوت", "متن")]), target=target_of(setup.member)
    )
    assert response.status_code == 400
    [(_sheet, row, column, message)] = page_errors(response)
    assert (row, column) == ("۲", "زیرمعیار (A)")
    assert message.startswith("زیرمعیار: «9z» زیرمعیاری از مدل دوره ۱۴۰۱")


def test_a_released_assessment_says_it_takes_no_import_until_it_is_reopened(client, setup):
    Assessment.objects.filter(pk=setup.assessment.pk).update(status=Assessment.Status.RELEASED)
    client = signed_in(client, setup.member.user)

    page = client.get(import_url(setup.assessment)).content.decode()

    assert "پیش از هر تغییر، مدیر برنامه باید آن را بازگشایی کند" in page
    assert "۱۴۰۱" in page
