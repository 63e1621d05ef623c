"""An export sends the same number of queries for three units as for six: nothing per unit or row."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.exports.declarations import declaration_programme_write
from excellence.roles import COMMAND_LINE

from .programme import admin_user, unit_build


def programme_queries(cycle) -> int:
    with CaptureQueriesContext(connection) as queries:
        declaration_programme_write(user=COMMAND_LINE, cycle=cycle, output=io.BytesIO())
    return len(queries)


def test_the_programme_workbook_needs_a_fixed_number_of_queries(units, fw):
    # given three units, then six
    with_three = programme_queries(fw.cycle)
    for code in ("PARK", "WATER", "ART"):
        unit_build(fw, code=code)

    # then the export asks the database the same number of times
    assert programme_queries(fw.cycle) == with_three
    assert with_three <= 25


def test_the_declarations_page_needs_a_fixed_number_of_queries(client, units, fw):
    client.force_login(admin_user())

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("declarations")).status_code == 200
        return len(queries)

    with_three = page_queries()
    for code in ("PARK", "WATER", "ART"):
        unit_build(fw, code=code)
    assert page_queries() == with_three
