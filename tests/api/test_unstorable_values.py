"""Values a database cannot store are refused with 400, never a server error (found by fuzzing)."""

import pytest

pytestmark = pytest.mark.django_db


def test_date_far_outside_the_range_is_not_a_server_error(client, api_client_for):
    _c, token = api_client_for("PUR-COL")
    r = client.get(
        "/api/v1/catalog/products",
        {"updated_since": "0968-08-30T18:15:41.415-18:15"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code in (200, 400) and r.json(), r.content


def test_nul_character_in_a_sync_is_refused_and_nothing_written(client, api_client_for):
    from siteops.catalog.models import SyncBatch

    _c, token = api_client_for("PUR-COL")
    r = client.post(
        "/api/v1/catalog/sync-batches",
        {"source": "purchasing", "rows": [{"op": "delete", "code": "A\u0000B", "value": ""}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="nul-1",
    )
    assert r.status_code < 500
    if r.status_code == 400:
        assert not SyncBatch.objects.exists()
