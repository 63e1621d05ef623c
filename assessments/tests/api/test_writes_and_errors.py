"""Writes go through the services and come back in the one error format: 400, 409, 404, 405, 429,
in the request's language; and nothing a client sends makes a 500."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Cycle, Finding, Score, TimeEntry

from .conftest import token_client

pytestmark = pytest.mark.django_db


def finding_url(pk):
    return reverse("api:finding-detail", kwargs={"pk": pk})


def test_an_update_on_a_stale_version_answers_409_and_changes_nothing(clients, programme):
    # Given the member read their finding, and the office changed it since.
    member = clients["member"]
    loaded = member.get(finding_url(programme.member_finding.pk)).json()["updated_at"]
    changed = clients["admin"].patch(
        finding_url(programme.member_finding.pk), {"updated_at": loaded, "text": "متن دفتر"}, format="json"
    )
    assert changed.status_code == 200
    # When the member saves on the version they read, then 409 and the office's text stays.
    response = member.patch(
        finding_url(programme.member_finding.pk), {"updated_at": loaded, "text": "متن ارزیاب"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == 409 and body["code"] == "stale_copy"
    assert body["detail"].startswith("کس دیگری این رکورد را در ")
    assert Finding.objects.get(pk=programme.member_finding.pk).text == "متن دفتر"


def test_an_update_must_name_its_version(clients, programme):
    response = clients["member"].patch(
        finding_url(programme.member_finding.pk), {"text": "تازه"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "required"
    assert response.json()["errors"] == {"updated_at": ["این مقدار لازم است."]}


def test_the_version_read_is_the_version_accepted(clients, programme):
    # The updated_at a read shows (in Tehran time) is accepted as it is, twice in a row.
    client = clients["member"]
    for text in ("نخست", "دوم"):
        stamp = client.get(finding_url(programme.member_finding.pk)).json()["updated_at"]
        response = client.patch(
            finding_url(programme.member_finding.pk), {"updated_at": stamp, "text": text}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["text"] == text
        assert response.json()["updated_at"] != stamp


def test_a_service_refusal_is_a_400_naming_the_field(clients, programme):
    payload = {
        "assessment": programme.assessment.pk,
        "date": "2022-08-02",
        "hours": "25",
        "activity": "other",
    }
    response = clients["member"].post(reverse("api:time-entry-list"), payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "hours_out_of_range"
    assert body["errors"] == {"hours": ["ساعت: باید بیشتر از ۰ و حداکثر ۲۴ باشد؛ ۲۵ وارد شده است."]}


def test_the_day_limit_of_24_hours_is_the_services(clients, programme):
    payload = {
        "assessment": programme.assessment.pk,
        "date": "2022-08-01",
        "hours": "21",
        "activity": "other",
    }
    response = clients["member"].post(reverse("api:time-entry-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "day_over_24"
    assert response.json()["errors"]["hours"][0].startswith("ساعت:")


def test_persian_digits_and_jalali_dates_are_read_wherever_a_number_or_date_is_typed(clients, programme):
    payload = {
        "assessment": "۱",
        "date": "۱۴۰۱/۰۵/۱۱",
        "hours": "۲٫۵",
        "activity": "report_writing",
        "note": "گزارش",
    }
    payload["assessment"] = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(programme.assessment.pk))
    response = clients["member"].post(reverse("api:time-entry-list"), payload, format="json")
    assert response.status_code == 201, response.content
    entry = TimeEntry.objects.get(pk=response.json()["id"])
    assert str(entry.hours) == "2.50"
    assert entry.date.isoformat() == "2022-08-02"
    assert response.json()["date"] == "2022-08-02"


def test_a_score_of_37_is_refused_by_the_service_with_its_rule(clients, programme):
    payload = {
        "assessment": programme.assessment.pk,
        "sub_criterion": programme.sub_criterion.pk,
        "stage": "individual",
        "values": {"sound": 37},
    }
    response = clients["member"].post(reverse("api:score-list"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "score_out_of_range"
    assert not Score.objects.exists()


def test_a_score_is_changed_on_its_version(clients, programme):
    created = clients["member"].post(
        reverse("api:score-list"),
        {
            "assessment": programme.assessment.pk,
            "sub_criterion": programme.sub_criterion.pk,
            "stage": "individual",
            "values": {"sound": 50},
        },
        format="json",
    )
    assert created.status_code == 201
    url = reverse("api:score-detail", kwargs={"pk": created.json()["id"]})
    stamp = created.json()["updated_at"]
    response = clients["member"].patch(
        url, {"updated_at": stamp, "values": {"integrated": 70}}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["values"] == {"sound": 50, "integrated": 70}
    stale = clients["member"].patch(url, {"updated_at": stamp, "values": {"sound": 5}}, format="json")
    assert stale.status_code == 409


def test_a_rating_scheme_with_a_gap_is_refused_and_a_whole_one_is_saved(clients, programme):
    bands = [
        {
            "min_points": 0,
            "max_points": 500,
            "level_code": "low",
            "level_fa": "پایین",
            "level_en": "Low",
            "stars": 0,
        },
        {
            "min_points": 502,
            "max_points": 1000,
            "level_code": "high",
            "level_fa": "بالا",
            "level_en": "High",
            "stars": 4,
        },
    ]
    payload = {"code": "city", "name_fa": "جدول شهر", "bands": bands}
    refused = clients["admin"].post(reverse("api:rating-scheme-list"), payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "bands_invalid"
    bands[1]["min_points"] = "۵۰۱"
    saved = clients["admin"].post(reverse("api:rating-scheme-list"), payload, format="json")
    assert saved.status_code == 201, saved.content
    assert [band["min_points"] for band in saved.json()["bands"]] == [0, 501]


def test_a_cycle_is_created_by_year_and_its_window_checked(clients, programme):
    payload = {
        "year": "۱۴۰۲",
        "framework": programme.cycle.framework_id,
        "rating_scheme": programme.cycle.rating_scheme_id,
        "window_start": "1402/05/01",
        "window_end": "1402/04/01",
    }
    refused = clients["admin"].post(reverse("api:cycle-list"), payload, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["window_end"]
    payload["window_end"] = "1402/06/15"
    created = clients["admin"].post(reverse("api:cycle-list"), payload, format="json")
    assert created.status_code == 201
    assert created.json()["year"] == 1402 and created.json()["status"] == "planning"
    assert Cycle.objects.get(year=1402).window_start.isoformat() == "2023-07-23"
    assert clients["admin"].get(reverse("api:cycle-detail", kwargs={"year": "۱۴۰۲"})).status_code == 200


def test_finalizing_stores_the_result_through_the_service(clients, programme):
    from assessments.models import Assessment

    Assessment.objects.filter(pk=programme.assessment.pk).update(status=Assessment.Status.CONSENSUS)
    leader = token_client(programme.leader.user)
    incomplete = leader.post(
        reverse("api:assessment-transition", kwargs={"pk": programme.assessment.pk}),
        {"to_status": "finalized"},
        format="json",
    )
    assert incomplete.status_code == 400
    assert incomplete.json()["code"] == "result_incomplete"
    scored = leader.post(
        reverse("api:score-list"),
        {
            "assessment": programme.assessment.pk,
            "sub_criterion": programme.sub_criterion.pk,
            "stage": "consensus",
            "values": {"sound": 60, "integrated": 40},
        },
        format="json",
    )
    assert scored.status_code == 201, scored.content
    final = leader.post(
        reverse("api:assessment-transition", kwargs={"pk": programme.assessment.pk}),
        {"to_status": "finalized"},
        format="json",
    )
    assert final.status_code == 200, final.content
    assert final.json()["status"] == "finalized"
    rows = clients["admin"].get(reverse("api:cycle-ratings", kwargs={"year": 1401})).json()
    fire = next(row for row in rows if row["code"] == "FIRE")
    assert (fire["total"], fire["stored"]) == ("50.0", True)


# --------------------------------------------------------------------------- the error format


def test_errors_are_in_english_when_the_client_asks_for_it(clients, programme):
    response = clients["member"].get(finding_url(programme.leader_finding.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found: there is nothing at this address that you may see."
    persian = clients["member"].get(finding_url(programme.leader_finding.pk))
    assert persian.json()["detail"] == "یافت نشد: در این نشانی چیزی نیست که شما بتوانید ببینید."


def test_the_language_cookie_wins_over_accept_language(clients, programme):
    client = clients["manager"]
    client.cookies["django_language"] = "fa"
    response = client.post(reverse("api:organization-list"), {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"] == "فقط دفتر برنامه تعالی می‌تواند تنظیمات برنامه را تغییر دهد."


def test_a_method_an_endpoint_does_not_have_answers_405(clients, programme):
    response = clients["admin"].delete(reverse("api:organization-detail", kwargs={"pk": programme.fire.pk}))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_an_unknown_address_under_api_answers_404_in_the_api_format(clients):
    for path in ("/api/v1/nothing/", "/api/v2/", "/api/v1/findings/abc/"):
        response = clients["admin"].get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"


def test_anonymous_and_signed_in_clients_are_throttled_with_429(clients, programme):
    rates = {"anon": "2/minute", "user": "3/minute"}
    from django.conf import settings

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        anonymous = [APIClient().get(reverse("api:finding-list")).status_code for _ in range(3)]
        member = [clients["member"].get(reverse("api:finding-list")).status_code for _ in range(4)]
        throttled = clients["member"].get(reverse("api:finding-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert anonymous == [401, 401, 429]
    assert member == [200, 200, 200, 429]
    assert throttled.json()["code"] == "throttled"
    assert throttled.json()["detail"].startswith("Too many requests: try again in ")
    assert int(throttled["Retry-After"]) > 0


def test_a_session_writes_only_with_its_csrf_token(programme):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(programme.users["member"])
    url = reverse("api:time-entry-list")
    payload = {"assessment": programme.assessment.pk, "date": "2022-08-03", "hours": "1", "activity": "other"}
    assert client.get(url).status_code == 200
    refused = client.post(url, payload, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF")
    client.get(
        reverse("api-docs") + "?script="
    )  # Swagger UI's script carries the CSRF token, as a page would
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, payload, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.content


# --------------------------------------------------------------------------- garbage in, no 500


GARBAGE_BODIES = [
    "not json",
    "[1, 2, 3]",
    '"a string"',
    "null",
    '{"assessment": "۱۲abc", "sub_criterion": true, "kind": 7, "stage": [], "text": {}}',
    '{"assessment": 99999999999999999999999999, "sub_criterion": -1, "kind": "strength", "stage": "x"}',
    '{"assessment": 1e400, "sub_criterion": 1.5, "kind": null, "stage": "individual", "text": "\\u0000"}',
    '{"merged_from": "1,2", "author": {"id": 1}}',
]


@pytest.mark.parametrize("body", GARBAGE_BODIES)
@pytest.mark.parametrize(
    "resource",
    ["finding", "time-entry", "score", "improvement-project", "assessment", "organization", "cycle"],
)
def test_garbage_bodies_answer_400_never_500(clients, programme, body, resource):
    response = clients["admin"].post(reverse(f"api:{resource}-list"), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["status"] == 400
    assert "errors" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "cycle=abc",
        "cycle=99999999999999999999999",
        "cycle=۱۴۰۱&organization=" + "X" * 500,
        "assessment=-5",
        "assessment=99999999999999999999999",
        "author=1.5",
        "created_after=not-a-date",
        "created_after=1401/13/40",
        "kind=nonsense",
        "q=" + "ی" * 300,
    ],
)
def test_garbage_filters_answer_400_never_500(clients, programme, query):
    response = clients["admin"].get(f"{reverse('api:finding-list')}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=-1",
        "limit=0",
        "offset=-7",
        "offset=99999999999999999999999999",
        "ordering=nonsense,--x",
    ],
)
def test_odd_paging_and_ordering_fall_back_to_the_defaults(clients, programme, query):
    response = clients["admin"].get(f"{reverse('api:finding-list')}?{query}")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == Finding.objects.count()


def test_ids_in_urls_beyond_any_id_answer_404(clients):
    for path in ("/api/v1/findings/99999999999999999999/", "/api/v1/findings/0/", "/api/v1/cycles/99999/"):
        assert clients["admin"].get(path).status_code == 404


def test_a_post_with_a_nul_in_text_is_refused(clients, programme):
    payload = {
        "assessment": programme.assessment.pk,
        "sub_criterion": programme.sub_criterion.pk,
        "kind": "strength",
        "stage": "individual",
        "text": "a\x00b",
    }
    response = clients["member"].post(reverse("api:finding-list"), payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["text"]


def test_the_office_names_whose_hours_it_logs(clients, programme):
    payload = {"assessment": programme.assessment.pk, "date": "2022-08-02", "hours": "3", "activity": "other"}
    response = clients["admin"].post(
        reverse("api:time-entry-list"), payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"assessor": ["Name the assessor whose hours these are."]}
    payload["assessor"] = programme.member.pk
    assert clients["admin"].post(reverse("api:time-entry-list"), payload, format="json").status_code == 201
