"""The FilterSets behind the API lists (shared with the pages), ordering and limit/offset pages."""

import datetime

import pytest
from django.urls import reverse

from assessments.filters import FindingFilterSet, ImprovementProjectFilterSet
from assessments.models import Finding, ImprovementProject
from assessments.tests.factories import FindingFactory, ImprovementProjectFactory

from .conftest import ids

pytestmark = pytest.mark.django_db


def findings(client, query):
    return ids(client.get(f"{reverse('api:finding-list')}?{query}"))


def test_findings_filter_by_cycle_organization_kind_stage_and_criterion(clients, programme):
    admin = clients["admin"]
    p = programme
    assert findings(admin, "cycle=1401") == {p.member_finding.pk, p.leader_finding.pk}
    assert findings(admin, "cycle=۱۴۰۰") == {p.released_finding.pk}
    assert findings(admin, "organization=fire&kind=strength") == {p.member_finding.pk}
    assert findings(admin, "stage=consensus") == {p.released_finding.pk}
    assert findings(admin, "criterion=1&sub_criterion=1a") == {
        p.member_finding.pk,
        p.leader_finding.pk,
        p.released_finding.pk,
    }
    assert findings(admin, "criterion=9") == set()
    assert findings(admin, f"author={p.leader.pk}") == {p.leader_finding.pk}
    assert findings(admin, "organization=METRO") == set()


def test_the_text_query_finds_either_spelling_of_yeh_and_kaf(clients, programme):
    admin = clients["admin"]
    # Stored with Persian ی; searched with Arabic ي and ك (an Arabic keyboard), or Persian letters.
    assert findings(admin, "q=استراتژي") == {programme.leader_finding.pk}
    assert findings(admin, "q=استراتژی") == {programme.leader_finding.pk}
    assert findings(admin, "q=شاخص‌هاي كليدي") == {programme.released_finding.pk}
    # Every word must match: the two words never stand in one finding.
    assert findings(admin, "q=مأموریت شاخص") == set()


def test_filters_keep_to_the_persons_scope(clients, programme):
    # The member filters among what they may see: the leader's finding never shows.
    assert findings(clients["member"], "cycle=1401") == {programme.member_finding.pk}


def test_date_ranges_read_iso_and_jalali_dates(clients, programme):
    admin = clients["admin"]
    url = reverse("api:time-entry-list")
    entry = programme.member_hours.pk  # 2022-08-01 = 1401/05/10
    assert ids(admin.get(f"{url}?date_after=2022-08-01&date_before=2022-08-01")) == {entry}
    assert ids(admin.get(f"{url}?date_after=۱۴۰۱/۰۵/۱۰")) == {entry}
    assert ids(admin.get(f"{url}?date_after=1401/05/11")) == set()
    assert ids(admin.get(f"{url}?assessor_kind=internal")) == set()


def test_projects_filter_by_category_status_overdue_and_linked_criterion(clients, programme):
    p = programme
    linked = ImprovementProjectFactory(
        organization=p.fire,
        cycle=p.earlier_cycle,
        category=ImprovementProject.Category.INDICATORS,
        due_date=datetime.date(2020, 1, 1),
        status=ImprovementProject.Status.IN_PROGRESS,
    )
    linked.improvement_points.set([p.released_finding])
    url = reverse("api:improvement-project-list")
    admin = clients["admin"]
    assert ids(admin.get(f"{url}?category=indicators")) == {linked.pk}
    assert ids(admin.get(f"{url}?overdue=true")) == {linked.pk}
    assert ids(admin.get(f"{url}?overdue=false")) == {p.project.pk}
    assert ids(admin.get(f"{url}?criterion=1&cycle=1400")) == {linked.pk}
    assert ids(admin.get(f"{url}?status=proposed&organization_kind=organization")) == {p.project.pk}
    assert ids(admin.get(f"{url}?q=دانش")) == {p.project.pk}


def test_the_project_filterset_serves_a_page_as_well(programme, rf):
    # The same FilterSet `/projects/` builds from its query string, without the API.
    request = rf.get("/projects/", {"cycle": "۱۴۰۱", "q": "دانش"})
    request.user = programme.users["admin"]
    filterset = ImprovementProjectFilterSet(
        request.GET, queryset=ImprovementProject.objects.all(), request=request
    )
    assert filterset.is_valid(), filterset.errors
    assert list(filterset.qs) == [programme.project]
    assert "<select" in str(filterset.form["cycle"])  # the page offers the cycles as choices


def test_an_invalid_filter_names_its_parameter(programme):
    from django.http import QueryDict

    filterset = FindingFilterSet(QueryDict("cycle=abc&kind=x"), queryset=Finding.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"cycle", "kind"}


def test_ordering_and_its_stable_tie_break(clients, programme):
    url = reverse("api:finding-list")
    rows = clients["admin"].get(f"{url}?ordering=-kind").json()["results"]
    assert [row["kind"] for row in rows] == sorted((row["kind"] for row in rows), reverse=True)
    ordered = clients["admin"].get(f"{url}?ordering=stage").json()["results"]
    same_stage = [row["id"] for row in ordered if row["stage"] == "individual"]
    assert same_stage == sorted(same_stage)


def test_limit_offset_pages_with_a_maximum_page_size(clients, programme):
    for number in range(7):
        FindingFactory(
            assessment=programme.released, sub_criterion=programme.sub_criterion, text=f"یافته {number}"
        )
    url = reverse("api:finding-list")
    total = Finding.objects.count()
    first = clients["admin"].get(f"{url}?limit=۴").json()
    assert first["count"] == total and len(first["results"]) == 4
    assert "offset=4" in first["next"] and first["previous"] is None
    seen = [row["id"] for row in first["results"]]
    page = first
    while page["next"]:
        page = clients["admin"].get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    # Page after page, every row once, in one order.
    assert seen == sorted(Finding.objects.values_list("pk", flat=True))
    # A page of a million is cut to the maximum (500), not refused and not unbounded.
    huge = clients["admin"].get(f"{url}?limit=1000000").json()
    assert len(huge["results"]) == total
    assert "limit=500" in (clients["admin"].get(f"{url}?limit=1000000&offset=1").json()["previous"] or "")


def test_the_default_page_holds_fifty_rows(clients, programme):
    for number in range(55):
        FindingFactory(
            assessment=programme.released, sub_criterion=programme.sub_criterion, text=f"یافته {number}"
        )
    page = clients["admin"].get(reverse("api:finding-list")).json()
    assert len(page["results"]) == 50
    assert page["count"] == Finding.objects.count()
