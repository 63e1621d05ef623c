"""Every workspace page runs the same number of queries whatever the number of findings,
scores, hours and assessors: the pages are measured on a small and a large team's work."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Assignment, Finding, Score, TimeEntry
from assessments.services.assessments import assignment_create
from assessments.services.findings import finding_create
from assessments.services.hours import time_entry_create
from assessments.services.scores import score_set
from assessments.tests.factories import AssessorFactory
from excellence.roles import COMMAND_LINE

from .conftest import build_programme

HTMX = {"HTTP_HX_REQUEST": "true"}


def fill(programme, *, findings_per_sub_criterion, extra_assessors):
    """Each team member: `findings_per_sub_criterion` findings and a full score on every sub-criterion,
    and as many time entries; then the consensus: one consensus finding merging two, per sub-criterion."""
    for _ in range(extra_assessors):
        assignment_create(actor=COMMAND_LINE, assessment=programme.assessment, assessor=AssessorFactory())
    team = [assignment.assessor for assignment in Assignment.objects.filter(assessment=programme.assessment)]
    for assessor in team:
        for sub in programme.sub_criteria:
            attributes = (
                programme.enabler_attributes
                if sub.criterion.kind == "enabler"
                else programme.result_attributes
            )
            # Plain rows, as the service would write them: the page's reads are what is measured.
            Finding.objects.bulk_create(
                Finding(
                    assessment=programme.assessment,
                    sub_criterion=sub,
                    kind=list(Finding.Kind)[index % 4],
                    stage=Finding.Stage.INDIVIDUAL,
                    text=f"یافته {index}",
                    author=assessor,
                    evidence=Finding.Evidence.DOCUMENT,
                )
                for index in range(findings_per_sub_criterion)
            )
            score_set(
                actor=assessor.user,
                assessment=programme.assessment,
                sub_criterion=sub,
                stage=Score.Stage.INDIVIDUAL,
                values={attribute.code: 5 * (index + 10) for index, attribute in enumerate(attributes)},
                expected_updated_at=None,
                assessor=assessor,
            )
        for day in range(findings_per_sub_criterion):
            time_entry_create(
                actor=assessor.user,
                assessment=programme.assessment,
                assessor=assessor,
                date=datetime.date(2022, 8, 1) + datetime.timedelta(days=day),
                hours="1.5",
                activity=TimeEntry.Activity.DOCUMENT_REVIEW,
            )


def go_to_consensus(programme):
    programme.set_status(Assessment.Status.CONSENSUS)
    for sub in programme.sub_criteria:
        individual = list(Finding.objects.filter(assessment=programme.assessment, sub_criterion=sub)[:2])
        finding_create(
            actor=programme.leader.user,
            assessment=programme.assessment,
            sub_criterion=sub,
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.CONSENSUS,
            text="یافته اجماعی",
            merged_from=individual,
        )


def pages(programme):
    pk = programme.assessment.pk
    return {
        "workspace": ("get", reverse("workspace"), {}),
        "overview": ("get", reverse("workspace-assessment", args=[pk]), {}),
        "sub-criterion": ("get", reverse("workspace-sub-criterion", args=[pk, "1a"]), {}),
        "findings fragment": ("get", reverse("workspace-sub-criterion", args=[pk, "1a"]), HTMX),
        "score preview": (
            "post",
            reverse("workspace-score-preview", args=[pk, "1a"]),
            {"data": {"stage": "consensus", "attribute_sound": "50"}, **HTMX},
        ),
    }


def count_queries(client, user, programme):
    client.force_login(user)
    counts = {}
    for name, (method, url, extra) in pages(programme).items():
        extra = dict(extra)
        data = extra.pop("data", None)
        with CaptureQueriesContext(connection) as captured:
            response = (
                getattr(client, method)(url, data, **extra) if data else getattr(client, method)(url, **extra)
            )
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured.captured_queries)
    return counts


@pytest.fixture
def small_and_large(db):
    small = build_programme(year=1401)
    fill(small, findings_per_sub_criterion=2, extra_assessors=0)
    large = build_programme(year=1402)
    fill(large, findings_per_sub_criterion=20, extra_assessors=3)
    return small, large


@pytest.mark.parametrize("who", ["member", "leader"])
def test_individual_stage_pages_run_a_fixed_number_of_queries(client, small_and_large, who):
    small, large = small_and_large

    on_small = count_queries(client, getattr(small, who).user, small)
    on_large = count_queries(client, getattr(large, who).user, large)

    assert on_small == on_large, (on_small, on_large)
    # The sub-criterion page's findings take two queries whatever their number (rows and merge
    # links), and the permissions none beyond the team the page loads.
    assert max(on_small.values()) <= 21, on_small


@pytest.mark.parametrize("who", ["member", "leader"])
def test_consensus_stage_pages_run_a_fixed_number_of_queries(client, small_and_large, who):
    small, large = small_and_large
    go_to_consensus(small)
    go_to_consensus(large)

    on_small = count_queries(client, getattr(small, who).user, small)
    on_large = count_queries(client, getattr(large, who).user, large)

    assert on_small == on_large, (on_small, on_large)
    assert max(on_small.values()) <= 27, on_small
    assert Finding.objects.filter(assessment=large.assessment).count() == 6 * 3 * 20 + 3
