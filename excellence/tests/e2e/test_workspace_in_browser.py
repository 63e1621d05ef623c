"""The assessor workspace in a real browser: findings, scores and hours, then the team's consensus.

The story of issue 7, as people live it: an assessor signs in, adds a strength typed with an
Arabic ي, scores a sub-criterion and watches its percentage change as they type, logs
hours typed as ۳٫۵ on a Jalali date typed in Persian digits; a teammate does not see any of
it during the individual stage; the leader begins the consensus, merges two findings, agrees
the scores of every sub-criterion and finalizes; an assessor of another team gets 404.

Screenshots of every workspace page, in Persian and English at a laptop's and a tablet's
width, are saved under var/screenshots/ (the paths are printed).
"""

from decimal import Decimal

import pytest
from axes.utils import reset as axes_reset
from django.conf import settings

from assessments.models import Assessment, Finding, Score, TimeEntry
from assessments.services.findings import finding_create
from assessments.tests.workspace.conftest import PASSWORD, build_programme

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1366, 768)  # a laptop and a tablet
ARABIC_YEH = "\u064a"


@pytest.fixture(autouse=True)
def no_lockouts():
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def people(browser, live_server):
    """Opens a browser context per person (Persian, laptop width) and signs them in."""
    contexts = []

    def open_as(username, *, language=None):
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="fa-IR")
        if language:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        contexts.append(context)
        person = context.new_page()
        person.csp_violations = []
        person.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and person.csp_violations.append(f"{person.url}: {message.text}")
            ),
        )
        person.goto(f"{live_server.url}/accounts/login/")
        person.fill("#id_username", username)
        person.fill("#id_password", PASSWORD)
        person.click(".sign-in button[type=submit]")
        person.wait_for_url(f"{live_server.url}/")
        return person

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shots():
    """Full-page screenshots of a person's page at both widths; prints where they are."""
    from excellence.tests.e2e.conftest import SCREENSHOTS_DIR

    taken = []

    def take(person, name):
        for width in WIDTHS:
            person.set_viewport_size({"width": width, "height": 900})
            path = SCREENSHOTS_DIR / f"workspace-{name}-{width}.png"
            SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
            person.screenshot(path=str(path), full_page=True)
            taken.append(path)
        person.set_viewport_size({"width": WIDTHS[0], "height": 900})

    yield take
    print(f"\nWorkspace screenshots ({len(taken)}) in {SCREENSHOTS_DIR}:")
    for path in taken:
        print(f"  {path}")


def sub_criterion_url(live_server, assessment, code):
    return f"{live_server.url}/workspace/{assessment.pk}/criteria/{code}/"


def test_an_assessor_records_findings_scores_and_hours_and_the_leader_finalizes_the_consensus(
    people, live_server, shots
):
    programme = build_programme()
    assessment = programme.assessment

    # Given an assessor on the team, during the individual stage
    member = people(programme.member.user.username)

    # When they open their workspace and the assessment
    member.click("nav .nav-link:text('میز کار')")
    member.wait_for_url(f"{live_server.url}/workspace/")
    assert member.locator(".workspace-card h3").inner_text() == "سازمان آتش‌نشانی"
    shots(member, "list-fa")
    member.click(".workspace-card h3 a")
    member.wait_for_url(f"{live_server.url}/workspace/{assessment.pk}/")
    assert member.locator("html").get_attribute("dir") == "rtl"

    # And add a strength whose text has Persian words and an Arabic ي, seen in a document
    member.click(".criteria-tree a.sub-link >> nth=0")
    member.wait_for_url(sub_criterion_url(live_server, assessment, "1a"))
    strength = member.locator(".kind-strength")
    strength.locator("summary").click()
    typed = f"  فرا{ARABIC_YEH}ند برنامه\u200cر{ARABIC_YEH}زی راهبردی مستند است  "
    strength.locator("textarea").fill(typed)
    strength.locator("input[type=radio][value=document]").check()
    strength.locator("input[name$=evidence_note]").fill("سند راهبردی ۱۴۰۱")
    strength.locator("form button[type=submit]").click()

    # Then the strength is listed in place (htmx), stored with the Persian ی, trimmed, its ZWNJ kept
    listed = member.locator(".kind-strength .finding-list .finding-text")
    listed.first.wait_for()
    stored = Finding.objects.get(assessment=assessment, author=programme.member)
    assert stored.text == "فرایند برنامه\u200cریزی راهبردی مستند است"
    assert listed.first.inner_text() == stored.text
    assert stored.evidence == Finding.Evidence.DOCUMENT
    assert "سند" in member.locator(".kind-strength .finding-meta").first.inner_text()

    # When they type scores (one in Persian digits), the percentages follow as they type
    summary = member.locator("#score-summary-individual .sub-percentage")
    assert summary.inner_text() == "–"
    member.fill("#id_individual_attribute_sound", "60")
    member.fill("#id_individual_attribute_integrated", "۷۰")
    member.locator("#score-summary-individual .element-score[data-element=approach]").filter(
        has_text="۶۵٫۰"
    ).wait_for()
    member.fill("#id_individual_attribute_implemented", "80")
    summary.filter(has_text="۷۲٫۵").wait_for()
    assert summary.inner_text() == "۷۲٫۵٪"
    shots(member, "sub-criterion-individual-fa")

    # And save them: the tree marks the sub-criterion scored
    member.click("#scores-individual button[type=submit]")
    member.wait_for_url(sub_criterion_url(live_server, assessment, "1a") + "#scores-individual")
    assert member.locator(".sub-link.active .scored-mark").count() == 1
    score = Score.objects.get(assessment=assessment, assessor=programme.member)
    assert {item.attribute.code: item.value for item in score.attribute_scores.all()} == {
        "sound": 60,
        "integrated": 70,
        "implemented": 80,
    }

    # When they log hours typed as ۳٫۵ on a Jalali date typed in Persian digits
    member.click(".tree-overview")
    member.wait_for_url(f"{live_server.url}/workspace/{assessment.pk}/")
    member.fill("#id_hours-date", "۱۴۰۱/۰۵/۱۵")
    member.keyboard.press("Escape")
    member.fill("#id_hours-hours", "۳٫۵")
    member.select_option("#id_hours-activity", "document_review")
    member.click(".hours-form button[type=submit]")
    member.wait_for_url(f"{live_server.url}/workspace/{assessment.pk}/#hours")

    # Then the entry is listed with my total and the team's
    entry = TimeEntry.objects.get(assessment=assessment, assessor=programme.member)
    assert entry.hours == Decimal("3.5")
    assert str(entry.date) == "2022-08-06"
    assert member.locator(".hours-table .entry-hours").first.inner_text() == "۳٫۵"
    assert member.locator(".my-hours-total").inner_text() == "۳٫۵"
    assert member.locator(".team-hours-total").inner_text() == "۳٫۵"
    shots(member, "overview-individual-fa")

    # And the date picker opens on the date box (vendored, no CSP breach)
    member.click("#id_hours-date")
    member.locator("jdp-container").wait_for()
    assert member.locator("jdp-container").is_visible()
    member.keyboard.press("Escape")

    # And all three are listed on /workspace/
    member.goto(f"{live_server.url}/workspace/")
    card = member.locator(".workspace-card").first
    assert "۱ از ۳" in card.inner_text()
    assert card.locator(".progress-table tbody tr").first.locator("td").first.inner_text() == "۱"
    assert "۳٫۵" in card.locator(".figures").inner_text()

    # Given a second assessor of the same team, during the individual stage
    second = people(programme.second_member.user.username)
    second.goto(sub_criterion_url(live_server, assessment, "1a"))

    # Then they see none of it
    assert "فرایند" not in second.locator("main").inner_text()
    assert second.locator("#score-summary-individual .sub-percentage").inner_text() == "–"
    second.goto(f"{live_server.url}/workspace/{assessment.pk}/")
    assert second.locator(".hours-table").count() == 0
    assert second.locator(".my-hours-total").inner_text() == "۰"

    # Given the second assessor's own improvement point and strength, recorded meanwhile
    finding_create(
        actor=programme.second_member.user,
        assessment=assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.INDIVIDUAL,
        text="برنامه راهبردی مدون وجود دارد",
        author=programme.second_member,
        evidence=Finding.Evidence.INTERVIEW,
    )

    # When the leader begins the consensus
    leader = people(programme.leader.user.username)
    leader.goto(f"{live_server.url}/workspace/{assessment.pk}/")
    shots(leader, "overview-leader-individual-fa")
    leader.get_by_role("button", name="شروع اجماع").click()
    leader.wait_for_url(f"{live_server.url}/workspace/{assessment.pk}/")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CONSENSUS

    # And merges the two strengths into one consensus strength
    leader.goto(sub_criterion_url(live_server, assessment, "1a"))
    for finding in Finding.objects.filter(assessment=assessment, stage=Finding.Stage.INDIVIDUAL):
        leader.check(f"#merge-{finding.pk}")
    leader.fill("#id_merge-text", "برنامه راهبردی مدون و مستند است")
    leader.select_option("#id_merge-kind", "strength")
    leader.check("#id_merge-evidence_document")
    leader.click(".merge-fields button[type=submit]")
    consensus = leader.locator(".kind-strength .finding-list .finding")
    consensus.first.wait_for()

    # Then the consensus strength lists the two it merges
    merged = Finding.objects.get(assessment=assessment, stage=Finding.Stage.CONSENSUS)
    assert merged.merged_from.count() == 2
    assert "۲" in consensus.first.locator("summary").inner_text()
    assert leader.locator(".merged-badge").count() == 2

    # And the consensus scores come pre-filled with the team's mean, the provisional total shown
    assert leader.input_value("#id_consensus_attribute_sound") == "60"
    assert leader.locator("#score-summary-consensus .sub-percentage").inner_text() == "۷۲٫۵٪"
    leader.fill("#id_consensus_attribute_sound", "100")
    leader.locator("#score-summary-consensus .sub-percentage").filter(has_text="۸۲٫۵").wait_for()
    assert leader.locator("#score-summary-consensus .preview-total").count() == 0  # 1b and 2a unscored
    shots(leader, "sub-criterion-consensus-fa")

    # When the leader enters consensus scores for every sub-criterion
    leader.click("#scores-consensus button[type=submit]")
    leader.wait_for_url(sub_criterion_url(live_server, assessment, "1a") + "#scores-consensus")
    for code, values in (("1b", ("50", "50", "50")), ("2a", ("۴۰",))):
        leader.goto(sub_criterion_url(live_server, assessment, code))
        inputs = leader.locator("#scores-consensus .score-input")
        for index, value in enumerate(values):
            inputs.nth(index).fill(value)
        leader.locator("#score-summary-consensus .sub-percentage").filter(has_text="٪").wait_for()
        if code == "2a":
            leader.locator("#score-summary-consensus .preview-total").wait_for()
        leader.click("#scores-consensus button[type=submit]")
        leader.wait_for_url(sub_criterion_url(live_server, assessment, code) + "#scores-consensus")

    # And finalizes
    leader.goto(f"{live_server.url}/workspace/{assessment.pk}/")
    assert leader.locator(".missing-list").count() == 0
    shots(leader, "overview-consensus-fa")
    # (asked first: finalizing locks the findings and scores)
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    leader.once("dialog", answer)
    leader.get_by_role("button", name="نهایی کردن ارزیابی").click()
    leader.wait_for_url(f"{live_server.url}/workspace/{assessment.pk}/")
    assert len(asked) == 1 and "فقط دفتر برنامه" in asked[0]

    # Then the assessment is finalized with its stored result, and the page is read-only
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.FINALIZED
    # 1: (82.5 + 50) / 2 = 66.25 % of 100 points; 2: 40 % of 100 points
    assert assessment.result.total == Decimal("106.3")
    assert leader.locator(".result-total").first.inner_text().startswith("۱۰۶٫۳")
    leader.goto(sub_criterion_url(live_server, assessment, "1a"))
    assert leader.locator("#scores-consensus button[type=submit]").count() == 0
    assert leader.locator(".add-finding").count() == 0
    shots(leader, "sub-criterion-finalized-fa")

    # And an assessor of another team gets 404 on that page
    stranger = people(programme.stranger.user.username)
    response = stranger.goto(sub_criterion_url(live_server, assessment, "1a"))
    assert response.status == 404

    for person in (member, second, leader, stranger):
        assert person.csp_violations == []


def test_the_workspace_pages_in_english_left_to_right(people, live_server, shots):
    programme = build_programme()
    assessment = programme.assessment
    finding_create(
        actor=programme.member.user,
        assessment=assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.IMPROVEMENT,
        stage=Finding.Stage.INDIVIDUAL,
        text="The strategy review is not documented.",
        author=programme.member,
        evidence=Finding.Evidence.SITE_VISIT,
    )

    member = people(programme.member.user.username, language="en")
    member.goto(f"{live_server.url}/workspace/")
    assert member.locator("html").get_attribute("dir") == "ltr"
    assert member.locator(".workspace-card h3").inner_text() == "Fire Department"
    shots(member, "list-en")
    member.goto(f"{live_server.url}/workspace/{assessment.pk}/")
    assert member.locator("#hours-title").inner_text() == "Hours"
    shots(member, "overview-individual-en")
    member.goto(sub_criterion_url(live_server, assessment, "1a"))
    assert "The strategy review is not documented." in member.locator(".kind-improvement").inner_text()
    member.fill("#id_individual_attribute_sound", "55")
    member.fill("#id_individual_attribute_integrated", "65")
    member.locator("#score-summary-individual .element-score[data-element=approach]").filter(
        has_text="60.0"
    ).wait_for()
    shots(member, "sub-criterion-individual-en")

    # A score that is not a step of 5 is refused beside its field, in English, and nothing is saved
    member.fill("#id_individual_attribute_implemented", "37")
    member.click("#scores-individual button[type=submit]")
    member.wait_for_load_state()
    assert (
        "Implemented: a score is a whole number from 0 to 100 in steps of 5."
        in member.locator("#scores-individual .invalid-feedback").inner_text()
    )
    assert member.input_value("#id_individual_attribute_sound") == "55"
    assert not Score.objects.filter(assessment=assessment).exists()
    assert member.csp_violations == []
