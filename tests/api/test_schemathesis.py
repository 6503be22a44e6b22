"""Property-based fuzzing of the v1 API against its own OpenAPI schema (schemathesis).

Every operation of ``/api/v1/openapi.json`` gets generated requests (valid and invalid bodies,
parameters, headers) sent in-process through the WSGI application, on the throwaway test
database, with a valid client token of a department that may use the API. Each answer must:

- not be a server error (5xx);
- have a status code the operation documents;
- have a content type and a body that conform to the documented response schema;
- if it is an error, be JSON ``{"code": str, "detail": str}`` (``error_body_shape``).

Runs in ``make test`` (a few seconds per operation; ``SCHEMATHESIS_EXAMPLES`` raises the count).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))


def error_body_shape(ctx, response, case):
    """Every error answer is the documented Error object: a non-empty ``code`` and ``detail``,
    both strings (whatever the operation declares, and for the framework's own refusals)."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("Content-Type", response.headers.get("content-type", ""))
    if isinstance(content_type, list):
        content_type = content_type[0] if content_type else ""
    assert str(content_type).startswith("application/json"), (
        f"{response.status_code} answered {content_type!r}, not JSON"
    )
    body = response.json()
    assert isinstance(body, dict), f"error body is not an object: {body!r}"
    for key in ("code", "detail"):
        assert isinstance(body.get(key), str) and body[key], f"error body lacks {key!r}: {body!r}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_body_shape,
]


# The schema exactly as the API serves it at /api/v1/openapi.json, loaded at collection so that each
# operation is its own test (serving the schema needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection_open(db):
    # Requests go through the real WSGI handler, which closes the database connection when a
    # request ends; inside a test that would end the test's transaction. Django's own test
    # client detaches the same handler.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(api_client_for):
    # Purchasing's system: the department that uses most of the API (requests, submissions,
    # syncs). Other operations answer it 403, which must be documented too.
    _client, token = api_client_for("PUR-COL")
    return token


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
