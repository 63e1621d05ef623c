"""The admin's findings list as the programme office opens it, beside a bare query of the same page.

Four pages: the whole list, a search for a common word, a search for a word no finding
holds (without an index it reads every finding) and a cycle filter; each is measured as a
whole request through Django's test client (signed in as a superuser), and beside it the
bare ORM query of the same 50 rows, which is the floor the page cannot go under.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

from assessments.admin.findings import text_contains
from assessments.models import Cycle, Finding
from bench.measure import measure_alternately

PAGE_SIZE = 50
SEARCH_WORD = "فرایند"
MISSING_WORD = "ناموجود۱۲۳"
BENCH_USERNAME = "bench-office"


def _office_client() -> Client:
    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def run(*, cycle: Cycle, measure, ratio, repeat):
    client = _office_client()
    pages = [
        ("findings list", {}, Finding.objects.all()),
        ("findings search", {"q": SEARCH_WORD}, Finding.objects.filter(text_contains(SEARCH_WORD))),
        (
            "findings search, no match",
            {"q": MISSING_WORD},
            Finding.objects.filter(text_contains(MISSING_WORD)),
        ),
        (
            f"findings of cycle {cycle.year}",
            {"assessment__cycle__id__exact": cycle.pk},
            Finding.objects.filter(assessment__cycle=cycle),
        ),
    ]
    cases = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for name, query, rows in pages:

            def page(query=query):
                response = client.get("/admin/assessments/finding/", query)
                assert response.status_code == 200, response.status_code

            def bare(rows=rows):
                return list(
                    rows.select_related("sub_criterion", "assessment__organization", "assessment__cycle")[
                        :PAGE_SIZE
                    ]
                )

            page()
            floor, shown = measure_alternately(bare, page, repeat=repeat)
            cases.append({"name": f"admin {name}: bare query", "baseline": True, **floor})
            cases.append(
                {
                    "name": f"admin {name}: page",
                    **shown,
                    "product_vs_floor": ratio(shown, floor),
                    "floor_of": f"admin {name}",
                }
            )
    return cases
