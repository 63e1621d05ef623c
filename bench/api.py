"""`GET /api/v1/findings/?cycle=<year>&limit=100` beside its floor: the same page as a bare
`JsonResponse` over `.values()` (the same rows, columns, order and count, no serializer,
no authentication, no access layer). Both are served through the whole middleware stack."""

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.test import Client, override_settings
from django.urls import include, path
from rest_framework.authtoken.models import Token

from assessments.models import Cycle, Finding

PAGE_SIZE = 100
COLUMNS = (
    "id",
    "assessment_id",
    "assessment__cycle__year",
    "assessment__organization__code",
    "sub_criterion__criterion__code",
    "sub_criterion_id",
    "sub_criterion__code",
    "kind",
    "stage",
    "author_id",
    "text",
    "created_at",
    "updated_at",
)


def findings_floor(request):
    findings = Finding.objects.filter(assessment__cycle__year=int(request.GET["cycle"])).order_by(
        "assessment_id", "id"
    )
    rows = list(findings.values(*COLUMNS)[:PAGE_SIZE])
    return JsonResponse({"count": findings.count(), "results": rows})


urlpatterns = [
    path("bench/findings-floor/", findings_floor),
    path("", include("excellence.urls")),
]


def run(*, cycle: Cycle, measure, ratio, repeat):
    user, _created = get_user_model().objects.get_or_create(
        username="bench-api", defaults={"is_superuser": True, "is_staff": True}
    )
    token = Token.objects.get_or_create(user=user)[0].key
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    query = f"?cycle={cycle.year}&limit={PAGE_SIZE}"

    with override_settings(ROOT_URLCONF="bench.api"):

        def api():
            response = client.get(f"/api/v1/findings/{query}")
            assert response.status_code == 200, response.content[:300]
            return response

        def floor():
            response = client.get(f"/bench/findings-floor/{query}")
            assert response.status_code == 200
            return response

        served, bare = api().json(), floor().json()
        assert [row["id"] for row in served["results"]] == [row["id"] for row in bare["results"]]
        assert served["count"] == bare["count"]
        product = measure(api, repeat=repeat)
        baseline = measure(floor, repeat=repeat)
    name = f"GET /api/v1/findings/?cycle={cycle.year}&limit={PAGE_SIZE}"
    return [
        {"name": "findings page: bare JsonResponse (floor)", "baseline": True, **baseline},
        {
            "name": name,
            **product,
            "floor_of": name,
            "product_vs_floor": ratio(product, baseline),
        },
    ]
