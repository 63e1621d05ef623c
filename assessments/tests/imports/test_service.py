"""The import service and the batch finding service: the access layer and the state rules first, then
the file; a batch is saved whole or not at all."""

import io

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Assessment, Finding
from assessments.services.findings import finding_create_many
from assessments.services.imports import findings_import
from assessments.tests.factories import SubCriterionFactory
from excellence.errors import ApplicationError
from excellence.roles import AccessDenied

from .conftest import findings_state, workbook

pytestmark = pytest.mark.usefixtures("english")


def test_who_may_import_is_asked_before_the_file_is_read(setup):
    with pytest.raises(AccessDenied):
        findings_import(
            actor=setup.stranger.user,
            assessment=setup.assessment,
            file=io.BytesIO(b"not even a workbook"),
            name="x.xlsx",
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.stranger,
        )


def test_an_assessor_may_not_import_as_a_teammate_even_calling_the_service(setup):
    before = findings_state()
    with pytest.raises(AccessDenied):
        findings_import(
            actor=setup.member.user,
            assessment=setup.assessment,
            file=io.BytesIO(workbook([("1a", "strength", "x")])),
            name="x.xlsx",
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.leader,
        )
    assert findings_state() == before


def test_an_individual_import_by_the_office_needs_a_team_member(setup):
    with pytest.raises(ApplicationError) as refused:
        findings_import(
            actor=setup.office,
            assessment=setup.assessment,
            file=io.BytesIO(workbook([("1a", "strength", "x")])),
            name="x.xlsx",
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.stranger,
        )
    assert "is not on the team of this assessment" in refused.value.messages[0]


def test_a_file_refusal_is_an_error_on_the_file_field(setup):
    with pytest.raises(ApplicationError) as refused:
        findings_import(
            actor=setup.member.user,
            assessment=setup.assessment,
            file=io.BytesIO(b"plain text"),
            name="x.xlsx",
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.member,
        )
    assert list(refused.value.error_dict) == ["file"]


def test_the_batch_service_refuses_an_assessor_out_of_their_stage(setup):
    setup.set_status(Assessment.Status.CONSENSUS)
    before = findings_state()
    with pytest.raises(AccessDenied):
        finding_create_many(
            actor=setup.member.user,
            assessment=setup.assessment,
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.member,
            rows=[(setup.fw.subs["1a"], Finding.Kind.STRENGTH, "x")],
        )
    assert findings_state() == before


def test_the_batch_service_saves_nothing_when_one_row_breaks_a_rule(setup):
    foreign = SubCriterionFactory(code="9z")  # of another framework
    before = findings_state()
    with pytest.raises(ApplicationError) as refused:
        finding_create_many(
            actor=setup.member.user,
            assessment=setup.assessment,
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.member,
            rows=[(setup.fw.subs["1a"], Finding.Kind.STRENGTH, "x"), (foreign, Finding.Kind.STRENGTH, "y")],
        )
    assert "belongs to another framework" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        finding_create_many(
            actor=setup.member.user,
            assessment=setup.assessment,
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.member,
            rows=[(setup.fw.subs["1a"], Finding.Kind.STRENGTH, "x"), (setup.fw.subs["1b"], "weakness", "y")],
        )
    assert findings_state() == before


def test_the_batch_service_records_each_finding_with_its_history(setup):
    findings = finding_create_many(
        actor=setup.office,
        assessment=setup.assessment,
        stage=Finding.Stage.CONSENSUS,
        rows=[
            (setup.fw.subs["1a"], Finding.Kind.STRENGTH, " يك "),
            (setup.fw.subs["2a"], Finding.Kind.IMPROVEMENT, "دو"),
        ],
    )
    assert [finding.pk is not None for finding in findings] == [True, True]
    assert list(Finding.objects.order_by("pk").values_list("text", "stage", "author")) == [
        ("یک", "consensus", None),
        ("دو", "consensus", None),
    ]
    assert [record.history_user for record in Finding.history.all()] == [setup.office, setup.office]
