"""The permission matrix: each role × list, retrieve, create, update, delete and each action.

What a person lists and retrieves is the access layer's scope (outside it: 404); what
they may change is its predicates (403 with the action's message), the same for the API
as for the pages. Anonymous requests answer 401 everywhere.
"""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Finding, ImprovementProject, TimeEntry

from .conftest import ROLES, ids

pytestmark = pytest.mark.django_db

RESOURCES = [
    "organization",
    "framework",
    "rating-scheme",
    "cycle",
    "assessor",
    "assessment",
    "assignment",
    "time-entry",
    "finding",
    "score",
    "improvement-project",
    "result",
]


def list_url(resource):
    return reverse(f"api:{resource}-list")


def detail_url(resource, pk):
    key = "year" if resource == "cycle" else "pk"
    return reverse(f"api:{resource}-detail", kwargs={key: pk})


def version(client, resource, pk):
    response = client.get(detail_url(resource, pk))
    assert response.status_code == 200, response.content
    return response.json()["updated_at"]


# --------------------------------------------------------------------------- anonymous


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_requests_answer_401_with_the_token_challenge(clients, programme, resource):
    # Given no credentials, when listing or writing, then 401 in the one error format.
    for response in (
        clients["anonymous"].get(list_url(resource)),
        clients["anonymous"].post(list_url(resource)),
    ):
        assert response.status_code == 401
        body = response.json()
        assert body["status"] == 401 and body["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_answers_401(programme):
    from rest_framework.test import APIClient

    client = APIClient()
    for token in ("0" * 40, "short", "x" * 39 + "\x00"):
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        response = client.get(list_url("finding"))
        assert response.status_code == 401
        assert response.json()["code"] == "authentication_failed"


# --------------------------------------------------------------------------- lists


def visible_ids(programme):
    """resource → role → the ids that role must list (the access layer's scope, spelled out)."""
    p = programme
    team = {p.leader.pk, p.member.pk}
    expected = {
        "organization": {
            "leader": {p.fire.pk},
            "member": {p.fire.pk},
            "outsider": {p.metro.pk},
            "representative": {p.fire.pk},
            "other_representative": {p.metro.pk},
        },
        "assessor": {
            "leader": team,
            "member": team,
            "outsider": {p.outsider.pk},
            "representative": set(),
            "other_representative": set(),
        },
        "assessment": {
            "leader": {p.assessment.pk},
            "member": {p.assessment.pk},
            "outsider": {p.other_assessment.pk},
            "representative": {p.released.pk},
            "other_representative": set(),
        },
        "time-entry": {
            "leader": {p.member_hours.pk},
            "member": {p.member_hours.pk},
            "outsider": set(),
            "representative": set(),
            "other_representative": set(),
        },
        # Before consensus a member sees only their own findings; the leader the team's.
        "finding": {
            "leader": {p.member_finding.pk, p.leader_finding.pk},
            "member": {p.member_finding.pk},
            "outsider": set(),
            "representative": {p.released_finding.pk},
            "other_representative": set(),
        },
        "improvement-project": {
            "leader": {p.project.pk},
            "member": {p.project.pk},
            "outsider": set(),
            "representative": {p.project.pk},
            "other_representative": set(),
        },
        "result": {
            "leader": set(),
            "member": set(),
            "outsider": set(),
            "representative": {p.result.pk},
            "other_representative": set(),
        },
    }
    return expected


@pytest.mark.parametrize(
    "resource",
    ["organization", "assessor", "assessment", "time-entry", "finding", "improvement-project", "result"],
)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_exactly_its_scope(clients, programme, resource, role):
    expected = visible_ids(programme)
    listed = ids(clients[role].get(list_url(resource)))
    if role in ("admin", "manager"):
        # Those who read everything list every row of the table.
        from django.apps import apps

        model_name = {
            "organization": "organizations.Organization",
            "assessor": "assessments.Assessor",
            "assessment": "assessments.Assessment",
            "time-entry": "assessments.TimeEntry",
            "finding": "assessments.Finding",
            "improvement-project": "assessments.ImprovementProject",
            "result": "assessments.AssessmentResult",
        }[resource]
        assert listed == set(apps.get_model(model_name).objects.values_list("pk", flat=True))
        assert listed  # the fixture has rows of each
    else:
        assert listed == expected[resource][role]


@pytest.mark.parametrize("role", ROLES)
def test_frameworks_schemes_and_cycles_are_read_by_every_role(clients, programme, role):
    assert ids(clients[role].get(list_url("framework"))) == {programme.cycle.framework_id}
    assert ids(clients[role].get(list_url("rating-scheme"))) == {programme.cycle.rating_scheme_id}
    assert ids(clients[role].get(list_url("cycle"))) == {programme.cycle.pk, programme.earlier_cycle.pk}


def test_a_person_without_a_role_lists_nothing(programme):
    from organizations.tests.factories import UserFactory

    from .conftest import token_client

    client = token_client(UserFactory(username="nobody"))
    for resource in RESOURCES:
        assert ids(client.get(list_url(resource))) == set(), resource


# --------------------------------------------------------------------------- retrieve


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager", 200),
        ("leader", 200),
        ("member", 404),  # another member's own finding before consensus
        ("outsider", 404),
        ("representative", 404),  # unreleased
        ("other_representative", 404),
    ],
)
def test_retrieving_a_finding_outside_ones_scope_answers_404(clients, programme, role, status):
    response = clients[role].get(detail_url("finding", programme.leader_finding.pk))
    assert response.status_code == status
    if status == 404:
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": response.json()["detail"],
        }


@pytest.mark.parametrize("role", ROLES)
def test_a_representative_retrieves_only_their_units_released_result(clients, programme, role):
    response = clients[role].get(detail_url("result", programme.result.pk))
    assert response.status_code == (200 if role in ("admin", "manager", "representative") else 404)


def test_an_assessments_team_is_shown_only_to_those_who_may_see_the_team(clients, programme):
    # Given the representative sees the released assessment, its team is not theirs to see.
    released = clients["representative"].get(detail_url("assessment", programme.released.pk)).json()
    assert released["team"] == []
    shown = clients["member"].get(detail_url("assessment", programme.assessment.pk)).json()
    assert {row["assessor"] for row in shown["team"]} == {programme.leader.pk, programme.member.pk}
    assert {row["role"] for row in shown["team"]} == {"leader", "member"}


# --------------------------------------------------------------------------- set-up writes


def _new_unit() -> int:
    from organizations.tests.factories import OrganizationFactory

    return OrganizationFactory(code="PARKS").pk


SET_UP_CREATES = {
    "organization": lambda p: {"code": "parks", "name_fa": "سازمان پارک‌ها", "kind": "organization"},
    "assessment": lambda p: {"cycle": 1401, "organization": _new_unit()},
    "assignment": lambda p: {"assessment": p.other_assessment.pk, "assessor": p.member.pk},
}


@pytest.mark.parametrize("resource", sorted(SET_UP_CREATES))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_programme_office_creates_the_set_up(clients, programme, resource, role):
    payload = SET_UP_CREATES[resource](programme)
    response = clients[role].post(list_url(resource), payload, format="json")
    if role == "admin":
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "programme_manage"
        assert response.json()["detail"] == "فقط دفتر برنامه تعالی می‌تواند تنظیمات برنامه را تغییر دهد."


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programme_office_changes_a_unit(clients, programme, role):
    stamp = version(clients["admin"], "organization", programme.fire.pk)
    response = clients[role].patch(
        detail_url("organization", programme.fire.pk), {"updated_at": stamp, "name_en": "Fire"}, format="json"
    )
    if role == "admin":
        assert response.status_code == 200
        assert response.json()["name_en"] == "Fire"
    elif role in ("manager", "leader", "member", "outsider", "representative", "other_representative"):
        # Visible units answer 403; units outside the person's scope answer 404.
        visible = ids(clients[role].get(list_url("organization")))
        assert response.status_code == (403 if programme.fire.pk in visible else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programme_office_removes_a_team_member(clients, programme, role):
    assignment = programme.assessment.team.get(assessor=programme.leader)
    # The leader has recorded a finding: even the office is refused, with the service's reason.
    response = clients[role].delete(detail_url("assignment", assignment.pk))
    if role == "admin":
        assert response.status_code == 400
        assert response.json()["code"] == "assignment_has_work"
        assert "errors" in response.json() and "assessor" in response.json()["errors"]
    elif role in ("manager", "leader", "member"):
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_the_office_removes_a_team_member_without_work(clients, programme):
    from assessments.services.assessments import assignment_create
    from assessments.tests.factories import AssessorFactory
    from excellence.roles import COMMAND_LINE

    assignment = assignment_create(
        actor=COMMAND_LINE, assessment=programme.assessment, assessor=AssessorFactory()
    )
    response = clients["admin"].delete(detail_url("assignment", assignment.pk))
    assert response.status_code == 204
    assert not programme.assessment.team.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_cycles_open_and_close_only_by_the_office(clients, programme, role):
    response = clients[role].post(reverse("api:cycle-close", kwargs={"year": 1400}))
    if role == "admin":
        assert response.status_code == 200
        assert response.json()["status"] == "closed"
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "programme_manage"


# --------------------------------------------------------------------------- team work


def individual_finding(programme, **extra):
    return {
        "assessment": programme.assessment.pk,
        "sub_criterion": programme.sub_criterion.pk,
        "kind": "strength",
        "stage": "individual",
        "text": "فرایندهای کلیدی شناسایی شده‌اند.",
        **extra,
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 400),  # the office must name whose finding it is: it has no assessor of its own
        ("manager", 403),
        ("leader", 201),
        ("member", 201),
        ("outsider", 400),  # FIRE's assessment is not within the outsider's scope: no such assessment
        ("representative", 400),
        ("other_representative", 400),
    ],
)
def test_individual_findings_are_added_by_the_teams_assessors(clients, programme, role, status):
    response = clients[role].post(list_url("finding"), individual_finding(programme), format="json")
    assert response.status_code == status, response.content
    if status == 201:
        own = programme.leader if role == "leader" else programme.member
        assert response.json()["author"] == own.pk
        assert Finding.objects.get(pk=response.json()["id"]).author == own
    elif status == 403:
        assert response.json()["code"] == "finding_add_individual"
    elif role == "admin":
        assert response.json()["errors"] == {
            "author": ["نگارنده: یافته فردی باید ارزیاب نگارنده داشته باشد."]
        }
    else:
        assert list(response.json()["errors"]) == ["assessment"]


def test_the_office_records_an_individual_finding_on_an_assessors_behalf(clients, programme):
    payload = individual_finding(programme, author=programme.member.pk)
    response = clients["admin"].post(list_url("finding"), payload, format="json")
    assert response.status_code == 201
    assert response.json()["author"] == programme.member.pk


def test_a_member_cannot_write_a_finding_in_another_assessors_name(clients, programme):
    payload = individual_finding(programme, author=programme.leader.pk)
    response = clients["member"].post(list_url("finding"), payload, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "finding_add_individual"


def test_consensus_findings_are_the_leaders_during_consensus(clients, programme):
    payload = individual_finding(programme, stage="consensus")
    # During the individual stage nobody but the office adds a consensus finding.
    assert clients["leader"].post(list_url("finding"), payload, format="json").status_code == 403
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.CONSENSUS)
    from .conftest import token_client

    leader, member = token_client(programme.leader.user), token_client(programme.member.user)
    assert member.post(list_url("finding"), payload, format="json").status_code == 403
    response = leader.post(list_url("finding"), payload, format="json")
    assert response.status_code == 201
    assert response.json()["stage"] == "consensus" and response.json()["author"] is None


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager", 403),
        ("leader", 403),  # sees the member's finding, but it is the member's own
        ("member", 200),
        ("outsider", 404),
        ("representative", 404),
        ("other_representative", 404),
    ],
)
def test_an_individual_finding_is_changed_by_its_author(clients, programme, role, status):
    finding = programme.member_finding
    stamp = version(clients["admin"], "finding", finding.pk)
    response = clients[role].patch(
        detail_url("finding", finding.pk), {"updated_at": stamp, "text": "متن تازه"}, format="json"
    )
    assert response.status_code == status, response.content
    finding.refresh_from_db()
    assert (finding.text == "متن تازه") is (status == 200)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 204),
        ("manager", 403),
        ("leader", 403),
        ("member", 204),
        ("outsider", 404),
        ("representative", 404),
        ("other_representative", 404),
    ],
)
def test_an_individual_finding_is_deleted_by_its_author(clients, programme, role, status):
    response = clients[role].delete(detail_url("finding", programme.member_finding.pk))
    assert response.status_code == status
    assert Finding.objects.filter(pk=programme.member_finding.pk).exists() is (status != 204)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 400),  # the office logs hours for a named assessor only
        ("manager", 403),
        ("leader", 201),
        ("member", 201),
        ("outsider", 400),
        ("representative", 400),
        ("other_representative", 400),
    ],
)
def test_hours_are_logged_by_the_teams_assessors(clients, programme, role, status):
    payload = {
        "assessment": programme.assessment.pk,
        "date": "2022-08-02",
        "hours": "3",
        "activity": "site_visit",
    }
    response = clients[role].post(list_url("time-entry"), payload, format="json")
    assert response.status_code == status, response.content
    if status == 201:
        assert TimeEntry.objects.get(pk=response.json()["id"]).hours == 3


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 204),
        ("manager", 403),
        ("leader", 403),  # sees the member's hours, but they are the member's
        ("member", 204),
        ("outsider", 404),
        ("representative", 404),
        ("other_representative", 404),
    ],
)
def test_hours_are_deleted_by_their_assessor(clients, programme, role, status):
    response = clients[role].delete(detail_url("time-entry", programme.member_hours.pk))
    assert response.status_code == status
    assert TimeEntry.objects.filter(pk=programme.member_hours.pk).exists() is (status != 204)


def score_payload(programme, **extra):
    return {
        "assessment": programme.assessment.pk,
        "sub_criterion": programme.sub_criterion.pk,
        "stage": "individual",
        "values": {"sound": 50, "integrated": "۶۵"},
        **extra,
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 400),
        ("manager", 403),
        ("leader", 201),
        ("member", 201),
        ("outsider", 400),
        ("representative", 400),
        ("other_representative", 400),
    ],
)
def test_individual_scores_are_entered_by_the_teams_assessors(clients, programme, role, status):
    response = clients[role].post(list_url("score"), score_payload(programme), format="json")
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["values"] == {"sound": 50, "integrated": 65}


# --------------------------------------------------------------------------- projects


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 201),
        ("manager", 403),
        ("leader", 403),
        ("member", 403),
        ("outsider", 400),  # FIRE is outside the outsider's scope
        ("representative", 201),
        ("other_representative", 400),
    ],
)
def test_projects_are_defined_by_the_units_representatives_or_the_office(clients, programme, role, status):
    payload = {
        "organization": programme.fire.pk,
        "cycle": "۱۴۰۱",
        "title": "پروژه تازه",
        "category": "processes",
    }
    response = clients[role].post(list_url("improvement-project"), payload, format="json")
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["status"] == "proposed" and response.json()["cycle"] == 1401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager", 403),
        ("leader", 403),
        ("member", 403),
        ("outsider", 404),
        ("representative", 403),  # approving is the office's
        ("other_representative", 404),
    ],
)
def test_projects_are_approved_by_the_office(clients, programme, role, status):
    url = reverse("api:improvement-project-transition", kwargs={"pk": programme.project.pk})
    response = clients[role].post(url, {"to_status": "approved"}, format="json")
    assert response.status_code == status, response.content
    programme.project.refresh_from_db()
    assert (programme.project.status == ImprovementProject.Status.APPROVED) is (status == 200)


def test_a_representative_updates_their_units_project_progress(clients, programme):
    stamp = version(clients["representative"], "improvement-project", programme.project.pk)
    response = clients["representative"].patch(
        detail_url("improvement-project", programme.project.pk),
        {"updated_at": stamp, "progress": "۴۰"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 40


# --------------------------------------------------------------------------- assessment workflow


def transition(client, assessment, to_status):
    url = reverse("api:assessment-transition", kwargs={"pk": assessment.pk})
    return client.post(url, {"to_status": to_status}, format="json")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager", 403),
        ("leader", 200),
        ("member", 403),
        ("outsider", 404),
        ("representative", 404),
        ("other_representative", 404),
    ],
)
def test_the_leader_or_the_office_begins_the_consensus(clients, programme, role, status):
    response = transition(clients[role], programme.assessment, "consensus")
    assert response.status_code == status, response.content
    programme.assessment.refresh_from_db()
    assert (programme.assessment.status == Assessment.Status.CONSENSUS) is (status == 200)
    if status == 403:
        assert response.json()["code"] == "assessment_begin_consensus"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_reopens_and_releases(clients, programme, role):
    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.FINALIZED)
    release = clients[role].post(reverse("api:assessment-release", kwargs={"pk": programme.assessment.pk}))
    reopen = clients[role].post(
        reverse("api:assessment-reopen", kwargs={"pk": programme.assessment.pk}),
        {"reason": "نمره‌های معیار ۱ بازبینی شود."},
        format="json",
    )
    visible = role in ("admin", "manager", "leader", "member")
    if role == "admin":
        assert release.status_code == 200 and release.json()["status"] == "released"
        assert reopen.status_code == 200 and reopen.json()["status"] == "consensus"
    elif visible:
        assert (release.status_code, release.json()["code"]) == (403, "assessment_release")
        assert (reopen.status_code, reopen.json()["code"]) == (403, "assessment_reopen")
    else:
        assert release.status_code == 404 and reopen.status_code == 404


def test_an_impossible_move_answers_400_naming_the_status(clients, programme):
    response = transition(clients["admin"], programme.assessment, "released")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_transition"
    assert list(response.json()["errors"]) == ["status"]


# --------------------------------------------------------------------------- ratings and statistics


@pytest.mark.parametrize(
    ("role", "units"),
    [
        ("admin", {"FIRE", "METRO"}),
        ("manager", {"FIRE", "METRO"}),
        ("leader", {"FIRE"}),
        ("member", {"FIRE"}),
        ("outsider", {"METRO"}),
        ("representative", set()),  # FIRE's 1401 assessment is not released
        ("other_representative", set()),
    ],
)
def test_a_cycles_ratings_list_the_units_a_person_may_see(clients, programme, role, units):
    response = clients[role].get(reverse("api:cycle-ratings", kwargs={"year": 1401}))
    assert response.status_code == 200
    assert {row["code"] for row in response.json()} == units


def test_a_representative_reads_their_units_released_rating(clients, programme):
    rows = clients["representative"].get(reverse("api:cycle-ratings", kwargs={"year": 1400})).json()
    assert [(row["code"], row["total"], row["stars"], row["stored"]) for row in rows] == [
        ("FIRE", "412.5", 4, True)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_statistics_are_for_managers_and_the_office(clients, programme, role):
    response = clients[role].get(reverse("api:cycle-statistics", kwargs={"year": 1401}))
    if role in ("admin", "manager"):
        assert response.status_code == 200
        assert response.json()["units"] == 2
        assert response.json()["external_hours"] == "4.00"
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "dashboard_read"
