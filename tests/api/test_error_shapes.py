"""Every API answer, errors included, is JSON of the documented ``Error`` shape (#9 item 6) —
also errors raised before an endpoint runs — and the schema says which headers are required."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert isinstance(body.get("code"), str) and body["code"]
    assert isinstance(body.get("detail"), str) and body["detail"]
    return body


@pytest.fixture
def logistics_token(api_client_for):
    return api_client_for("LOG-DSP")[1]


def test_an_unknown_api_path_answers_json_404(client, logistics_token):
    r = client.get("/api/v1/no-such-thing/", HTTP_AUTHORIZATION=f"Bearer {logistics_token}")
    assert _error(r, 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/x/y/z"), 404)["code"] == "not_found"


def test_fulfilment_404_has_a_code(client, logistics_token):
    r = client.get(
        "/api/v1/fulfilment/batches/NOPE", HTTP_AUTHORIZATION=f"Bearer {logistics_token}"
    )
    assert _error(r, 404)["code"] == "not_found"


def test_a_wrong_method_answers_json_405(client, logistics_token):
    r = client.delete("/api/v1/fulfilment/shipment-events",
                      HTTP_AUTHORIZATION=f"Bearer {logistics_token}")  # fmt: skip
    assert _error(r, 405)["code"] == "method_not_allowed"
    assert "POST" in r["Allow"]


def test_no_token_and_bad_json_answer_json(client, logistics_token):
    assert _error(client.get("/api/v1/fulfilment/batches/X"), 401)["code"] == "unauthorized"
    r = client.post("/api/v1/fulfilment/shipment-events", data="{not json",
                    content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {logistics_token}",
                    HTTP_IDEMPOTENCY_KEY="k1")  # fmt: skip
    _error(r, 400)


def test_a_body_over_the_limit_answers_json(client, logistics_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = client.post("/api/v1/fulfilment/shipment-events", data="x=" + "a" * 5000,
                    content_type="application/x-www-form-urlencoded",
                    HTTP_AUTHORIZATION=f"Bearer {logistics_token}")  # fmt: skip
    assert r.status_code >= 400
    _error(r, r.status_code)


def test_a_csrf_or_server_error_page_under_api_is_json():
    strict = Client(enforce_csrf_checks=True)
    r = strict.post("/api/v1/nope/", {"a": 1})
    assert r["Content-Type"].startswith("application/json")


def test_every_idempotent_write_documents_the_key_as_required(client):
    schema = client.get("/api/v1/openapi.json").json()
    found = 0
    for item in schema["paths"].values():
        for op in item.values():
            for p in op.get("parameters", []):
                if p["name"] == "Idempotency-Key":
                    found += 1
                    assert p["required"] is True and p["schema"]["minLength"] == 1
    assert found >= 5
