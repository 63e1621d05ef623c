"""A changelist's query count does not grow with its rows: three times the rows, the same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .programme import build_programme
from .test_pages import REGISTERED, admin_url, label


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return response.context["cl"].result_count, [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    # given a programme of one unit, and the queries of the changelist
    build_programme(1)
    few_rows, few_queries = changelist_queries(admin_client, model)

    # when the programme grows to three units
    build_programme(2)
    many_rows, many_queries = changelist_queries(admin_client, model)

    # then the page shows more rows with the same number of queries
    assert many_rows > few_rows
    assert len(many_queries) == len(few_queries), "\n".join(many_queries)
