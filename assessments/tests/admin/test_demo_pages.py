"""Every admin changelist and add page with the demo programme (seed_demo) loaded: 200, and the
changelist's queries do not depend on how many rows it shows."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment

from .test_pages import NOT_ADDED_BY_HAND, REGISTERED, admin_url, label


@pytest.fixture(scope="module")
def demo_programme(django_db_setup, django_db_blocker):
    """The demo programme, built once for this module and removed after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def changelist(client, model, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_of_the_demo_programme(demo_programme, admin_client, model):
    # given the demo programme: its first page, and a page of at most one row
    full, full_queries = changelist(admin_client, model)
    rows = full.context["cl"].result_list
    single, single_queries = changelist(admin_client, model, id__exact=rows[0].pk if rows else 0)

    # then both load, with the same number of queries
    assert single.context["cl"].result_count == min(1, full.context["cl"].result_count)
    assert full_queries == single_queries


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_add_page_with_the_demo_programme(demo_programme, admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (403 if model in NOT_ADDED_BY_HAND else 200)


@pytest.mark.django_db
def test_demo_assessment_page_and_reopen_page(demo_programme, admin_client):
    released = Assessment.objects.filter(status=Assessment.Status.RELEASED).order_by("-cycle__year").first()

    page = admin_client.get(admin_url(Assessment, "change", released.pk))
    reopen = admin_client.get(admin_url(Assessment, "reopen", released.pk))

    assert page.status_code == 200
    assert admin_url(Assessment, "reopen", released.pk) in page.content.decode()
    assert reopen.status_code == 200
