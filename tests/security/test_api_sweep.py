"""Every API operation (from the OpenAPI schema) × no token, a bad token, each client system.

- without a token, or with a wrong or revoked one: 401 with the Error shape, nothing done;
- with the token of any department's system (their own or another's operations): never a server
  error, and only statuses the operation documents.
Operations come from the live schema, so new endpoints are covered as they land.
"""

import pytest

from siteops.org.data.org import POSITIONS

from .sweep import api_operations

CLIENT_POSITIONS = [p[0] for p in POSITIONS]


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def _call(client, method, path, **headers):
    kwargs = {"HTTP_IDEMPOTENCY_KEY": "sweep-key", **headers}
    if method in {"post", "put", "patch"}:
        return getattr(client, method)(path, data="{}", content_type="application/json", **kwargs)
    return getattr(client, method)(path, **kwargs)


@pytest.mark.django_db
def test_every_operation_refuses_missing_wrong_and_revoked_tokens(client, schema, api_client_for):
    revoked_client, revoked = api_client_for("WH-STK")
    revoked_client.is_active = False
    revoked_client.save()
    tokens = {"none": None, "malformed": "nonsense", "wrong": "so_00000000_" + "x" * 43,
              "revoked": revoked}  # fmt: skip
    problems = []
    for method, path, _op in api_operations(schema):
        for label, token in tokens.items():
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
            r = _call(client, method, path, **headers)
            if r.status_code != 401 or set(r.json()) != {"code", "detail"}:
                problems.append(f"{method.upper()} {path} with {label} token → {r.status_code}")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", CLIENT_POSITIONS)
def test_any_client_system_gets_documented_answers_and_no_server_error(
    client, schema, api_client_for, code
):
    _api_client, token = api_client_for(code)
    problems = []
    for method, path, op in api_operations(schema):
        r = _call(client, method, path, HTTP_AUTHORIZATION=f"Bearer {token}")
        if r.status_code >= 500:
            problems.append(f"{method.upper()} {path} → {r.status_code}")
        elif str(r.status_code) not in op["responses"]:
            problems.append(f"{method.upper()} {path} → undocumented {r.status_code}")
    assert problems == []
