"""The upload page runs the same number of queries whatever the size of the team, the file or the
assessment's findings: measured on a small and a large case of each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Assignment, Finding

from .conftest import assessor, import_url, signed_in, target_of, upload, workbook


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code in (200, 400), response
    return len(captured.captured_queries)


def rows(count, *, bad_every=0):
    return [
        ("zz" if bad_every and n % bad_every == 0 else ("1a", "1b", "2a")[n % 3], "strength", f"یافته {n}")
        for n in range(count)
    ]


def grow_team(setup, extra):
    for n in range(extra):
        Assignment.objects.create(
            assessment=setup.assessment, assessor=assessor(f"extra{n}", "نام", f"خانوادگی {n}")
        )


def grow_findings(setup, count):
    Finding.objects.bulk_create(
        Finding(
            assessment=setup.assessment,
            sub_criterion=setup.fw.subs["1a"],
            kind=Finding.Kind.STRENGTH,
            stage=Finding.Stage.INDIVIDUAL,
            author=setup.member,
            text=f"ثبت‌شده {n}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("who", ["member", "office"])
def test_the_upload_page_reads_a_fixed_number_of_queries(client, setup, who):
    user = setup.member.user if who == "member" else setup.office
    client = signed_in(client, user)
    url = import_url(setup.assessment)
    small = queries(lambda: client.get(url))
    grow_team(setup, 6)
    grow_findings(setup, 50)
    assert queries(lambda: client.get(url)) == small
    assert small <= 8, small


def test_a_file_with_errors_is_checked_in_a_fixed_number_of_queries(client, setup):
    client = signed_in(client, setup.member.user)
    target = target_of(setup.member)
    small = queries(lambda: upload(client, setup.assessment, workbook(rows(5, bad_every=2)), target=target))
    large = queries(lambda: upload(client, setup.assessment, workbook(rows(400, bad_every=2)), target=target))
    assert large == small
    assert not Finding.objects.exists()


def test_a_good_file_is_saved_in_a_fixed_number_of_queries_per_batch(client, setup):
    # 60 rows: one batch of inserts on SQLite too, whose batches are of fewer rows than PostgreSQL's.
    client = signed_in(client, setup.member.user)
    target = target_of(setup.member)
    small = queries(lambda: upload(client, setup.assessment, workbook(rows(5)), target=target))
    grow_findings(setup, 200)
    large = queries(
        lambda: upload(
            client, setup.assessment, workbook([(c, k, t + " ب") for c, k, t in rows(60)]), target=target
        )
    )
    assert large == small
    assert small <= 25, small
    assert Finding.objects.filter(assessment=setup.assessment).count() == 5 + 200 + 60


def test_the_office_s_import_reads_no_more_with_a_larger_team(client, setup):
    Assessment.objects.filter(pk=setup.assessment.pk).update(status=Assessment.Status.CONSENSUS)
    client = signed_in(client, setup.office)
    small = queries(lambda: upload(client, setup.assessment, workbook(rows(5)), target="consensus"))
    grow_team(setup, 6)
    large = queries(
        lambda: upload(
            client, setup.assessment, workbook([(c, k, t + " ب") for c, k, t in rows(30)]), target="consensus"
        )
    )
    assert large == small
