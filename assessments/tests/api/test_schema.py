"""The OpenAPI schema builds without a warning, and the API keeps to it (Schemathesis).

Schemathesis generates requests for every operation of the schema — valid ones and
edge cases — and sends each as the programme office and as a team leader; no answer may
be a server error, and every answer must be one the schema documents, in its shape.
"""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_schema_builds_and_validates_without_warnings(tmp_path):
    # Fails on any warning drf-spectacular raises (an unnamed serializer, an unknown type…).
    output = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(output))
    text = output.read_text()
    assert "/api/v1/findings/" in text and "/api/v1/cycles/{year}/ratings/" in text


def test_the_schema_is_served_only_to_signed_in_clients(clients):
    url = reverse("api-schema")
    assert clients["anonymous"].get(url).status_code == 401
    response = clients["member"].get(url, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert len([op for path in schema["paths"].values() for op in path]) == 60


def test_the_docs_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/docs/")


def _programme_schema() -> dict:
    with translation.override("en"):
        generated = SchemaGenerator().get_schema(request=None, public=True)
        return json.loads(OpenApiJsonRenderer().render(generated))


SCHEMA = schemathesis.openapi.from_dict(_programme_schema())
SCHEMA.app = get_wsgi_application()


@pytest.fixture
def keep_the_test_connection():
    """Schemathesis calls the WSGI app, not Django's test client: like the client, keep the start and
    end of each request from closing the connection that holds the test's transaction (PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@SCHEMA.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_the_schema_for_an_admin_and_an_assessor(
    case, programme, keep_the_test_connection
):
    for user in (programme.users["admin"], programme.leader.user):
        token = Token.objects.get_or_create(user=user)[0].key
        headers = {"Authorization": f"Token {token}"}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CONFORMANCE, headers=headers)
