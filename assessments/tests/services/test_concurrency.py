"""Two saves arriving at the same moment: exactly one wins, the other is told, nothing is lost.

Each test holds the first save inside its transaction, just after it claimed the row,
and starts the second then: the second must wait for the first's row lock and, once
the first commits, find the version it loaded gone. Row locks are PostgreSQL's; CI runs
these tests there (SQLite serializes whole transactions and has no row to wait on).
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.utils import translation

from assessments.models import Assessment, AttributeScore, Finding, Score
from assessments.services import assessments as assessment_services
from assessments.services import findings, scores
from assessments.services.assessments import assessment_create
from assessments.services.findings import finding_create, finding_update
from assessments.services.scores import score_set
from excellence.errors import ApplicationError, StaleCopy
from excellence.roles import COMMAND_LINE
from organizations.tests.factories import OrganizationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs it"),
]

HOLD_SECONDS = 0.5


def run_together(monkeypatch, module, name, first, second):
    """Run `first` and, while it holds its claim (inside `module.name`), `second`; return both outcomes."""
    original = getattr(module, name)
    claimed = threading.Event()

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        if threading.current_thread().name == "first":
            claimed.set()
            time.sleep(HOLD_SECONDS)
        return result

    monkeypatch.setattr(module, name, held)
    outcomes = {}

    def run(label, call):
        try:
            with translation.override("en"):
                outcomes[label] = call()
        except Exception as error:  # the outcome under test
            outcomes[label] = error
        finally:
            connections.close_all()

    first_thread = threading.Thread(target=run, args=("first", first), name="first")
    first_thread.start()
    assert claimed.wait(10), f"the first save never reached {name}: {outcomes}"
    second_thread = threading.Thread(target=run, args=("second", second), name="second")
    started = time.monotonic()
    second_thread.start()
    first_thread.join(20)
    second_thread.join(20)
    outcomes["second_waited"] = time.monotonic() - started
    return outcomes


@pytest.fixture
def finding(programme):
    return finding_create(
        actor=COMMAND_LINE,
        assessment=programme.assessment,
        sub_criterion=programme.sub_criterion,
        kind=Finding.Kind.STRENGTH,
        stage=Finding.Stage.CONSENSUS,
        text="Strategy reviewed yearly.",
    )


def test_two_saves_of_the_same_finding_one_wins_the_other_is_refused(monkeypatch, finding):
    loaded = finding.updated_at

    def save(text):
        return lambda: finding_update(
            actor=COMMAND_LINE, finding=finding, expected_updated_at=loaded, data={"text": text}
        )

    outcomes = run_together(
        monkeypatch, findings, "ensure_assessment_editable", save("First editor"), save("Second editor")
    )

    assert isinstance(outcomes["first"], Finding), outcomes
    assert isinstance(outcomes["second"], StaleCopy), outcomes
    assert outcomes["second"].messages[0].startswith("Someone else changed this record at")
    assert outcomes["second_waited"] >= HOLD_SECONDS * 0.8, "the second save waited for the first's lock"
    assert Finding.objects.get(pk=finding.pk).text == "First editor"


def test_two_saves_of_the_same_score_one_wins_the_other_is_refused(monkeypatch, programme):
    def enter(value, loaded):
        return lambda: score_set(
            actor=COMMAND_LINE,
            assessment=programme.assessment,
            sub_criterion=programme.sub_criterion,
            stage=Score.Stage.CONSENSUS,
            values={"sound": value},
            expected_updated_at=loaded,
        )

    stored = enter(50, None)()
    outcomes = run_together(
        monkeypatch, scores, "_score_to_change", enter(60, stored.updated_at), enter(90, stored.updated_at)
    )

    assert isinstance(outcomes["first"], Score), outcomes
    assert isinstance(outcomes["second"], StaleCopy), outcomes
    assert list(AttributeScore.objects.values_list("value", flat=True)) == [60]


def test_two_first_scores_of_the_same_sub_criterion_one_wins_the_other_is_refused(monkeypatch, programme):
    def enter(value):
        return lambda: score_set(
            actor=COMMAND_LINE,
            assessment=programme.assessment,
            sub_criterion=programme.sub_criterion,
            stage=Score.Stage.CONSENSUS,
            values={"sound": value},
            expected_updated_at=None,
        )

    outcomes = run_together(monkeypatch, scores, "_score_to_change", enter(60), enter(90))

    assert isinstance(outcomes["first"], Score), outcomes
    assert isinstance(outcomes["second"], ApplicationError), outcomes
    assert outcomes["second"].message_dict["sub_criterion"] == [
        "Sub-criterion: the team already has a consensus score for 1a. Open that score to change it."
    ]
    assert Score.objects.count() == 1
    assert list(AttributeScore.objects.values_list("value", flat=True)) == [60]


def test_two_new_assessments_of_the_same_unit_one_is_created_the_other_refused(monkeypatch, programme):
    organization = OrganizationFactory(code="PARKS")

    def create():
        return assessment_create(actor=COMMAND_LINE, cycle=programme.cycle, organization=organization)

    # Hold the first just after its insert, uncommitted: the second finds no assessment yet.
    outcomes = run_together(monkeypatch, assessment_services, "save_new", create, create)

    assert isinstance(outcomes["first"], Assessment), outcomes
    assert isinstance(outcomes["second"], ApplicationError), outcomes
    assert outcomes["second"].message_dict["organization"] == [
        f"Organization: {organization} already has an assessment in cycle 1401."
    ]
    assert Assessment.objects.filter(organization=organization).count() == 1
