"""Issue 13: every admin address, given malformed ids and hostile query strings, answers without a 500."""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse

from .programme import build_unit

pytestmark = pytest.mark.django_db

MALFORMED_IDS = ("abc", "-1", "99999999999999999999", "1%27%20OR%201=1", "%E2%80%8C")
HOSTILE_QUERIES = (
    {"q": " ".join(f"word{n}" for n in range(2000))},
    {"q": "x" * 5000},
    {"q": "'\"%_\\"},
    {"p": "abc"},
    {"p": "-3"},
    {"p": "99999999"},
    {"o": "abc.-x.999"},
    {"no_such_field__exact": "1"},
    {"id__in": "a,b"},
    {"created_at__gte": "not-a-date"},
    {"assessment__cycle__id__exact": "abc"},
    {"_facets": "abc", "all": "1"},
    {"e": "1", "_to_field": "password"},
)


def _routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _filled(route: str, value: str) -> str:
    route = re.sub(r"<(?:\w+:)?\w+>|\(\[\^/\]\+\)", value, route)
    return "/admin/" + route.replace("^", "").replace("$", "")


def model_admin_routes():
    """Every route every registered model admin serves, with its placeholders (ids) in it."""
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if "<" in route or "(" in route:
                yield model, prefix + route


def test_every_route_with_a_placeholder_is_walked():
    routes = {route for _model, route in model_admin_routes()}
    # change, delete, history of each model, the history's versions, and the admins' own pages
    assert any(route.endswith("^([^/]+)/history/([^/]+)/$") for route in routes)
    assert _filled("assessments/finding/^([^/]+)/history/([^/]+)/$", "abc") == (
        "/admin/assessments/finding/abc/history/abc/"
    )
    assert any(route.endswith("<path:object_id>/reopen/") for route in routes)
    assert len(routes) >= 4 * len(admin.site._registry)


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_malformed_ids_never_give_a_server_error(admin_client, value):
    build_unit()
    admin_client.raise_request_exception = False
    answers = {}
    for _model, route in model_admin_routes():
        url = _filled(route, value)
        for method in (admin_client.get, admin_client.post):
            status = method(url).status_code
            answers[(method.__name__, url)] = status
    errors = {key: status for key, status in answers.items() if status >= 500}
    assert errors == {}
    assert len(answers) > 100


def test_hostile_query_strings_never_give_a_server_error(admin_client):
    build_unit()
    admin_client.raise_request_exception = False
    errors = {}
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for query in HOSTILE_QUERIES:
            status = admin_client.get(changelist, query).status_code
            if status >= 500:
                errors[(changelist, tuple(query))] = status
    for query in HOSTILE_QUERIES:
        status = admin_client.get(reverse("admin:autocomplete"), {"app_label": "x", **query}).status_code
        if status >= 500:
            errors[("autocomplete", tuple(query))] = status
    assert errors == {}


def test_every_admin_page_answers_the_app_pages_and_the_index(admin_client):
    build_unit()
    admin_client.raise_request_exception = False
    urls = [reverse("admin:index"), "/admin/no-such-app/", "/admin/assessments/no-such-model/"]
    urls += [
        reverse("admin:app_list", args=[label]) for label in {m._meta.app_label for m in admin.site._registry}
    ]
    statuses = {url: admin_client.get(url).status_code for url in urls}
    assert all(status < 500 for status in statuses.values()), statuses
    assert statuses[reverse("admin:index")] == 200


def test_a_history_page_of_a_malformed_id_is_not_found(admin_client):
    assert admin_client.get("/admin/assessments/finding/abc/history/").status_code == 404
    assert admin_client.get("/admin/assessments/finding/1/history/abc/").status_code == 404
