"""Sync batches through the API: idempotency (50 concurrent replays -> one batch), 422 on a
changed body, Warehouse limited to stock, row-by-row application."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from siteops.catalog.models import SKU, SyncBatch

from .factories import product_with_sku

URL = "/api/v1/catalog/sync-batches"


def _post(client, token, body, key):
    return client.post(URL, body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_same_key_fifty_times_concurrently_makes_one_batch(api_client_for):
    _c, token = api_client_for("WH-STK")
    sku = product_with_sku(stock_on_hand=5)
    body = {"source": "warehouse", "rows": [{"op": "stock_adjust", "code": sku.code, "value": "3"}]}
    barrier = threading.Barrier(50)
    statuses, errors = [], []

    def worker():
        try:
            barrier.wait()
            statuses.append(_post(Client(), token, body, "stock-1").status_code)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SyncBatch.objects.count() == 1
    assert sorted(set(statuses)) == [200, 201] and statuses.count(201) == 1
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 8  # the delta applied once, not 50 times


@pytest.mark.django_db
def test_replay_does_nothing_and_changed_body_is_422(api_client_for):
    _c, token = api_client_for("WH-STK")
    sku = product_with_sku(stock_on_hand=5)
    body = {"source": "warehouse", "rows": [{"op": "stock_adjust", "code": sku.code, "value": "2"}]}
    c = Client()
    first = _post(c, token, body, "k")
    again = _post(c, token, body, "k")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 7
    body["rows"][0]["value"] = "5"
    changed = _post(c, token, body, "k")
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency_mismatch"
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 7
    assert _post(c, token, body, "").status_code == 400


@pytest.mark.django_db
def test_warehouse_may_only_send_stock(api_client_for):
    _c, token = api_client_for("WH-STK")
    sku = product_with_sku(price=Decimal("10"))
    body = {"source": "purchasing", "rows": [{"op": "price", "code": sku.code, "value": "11"}]}
    assert _post(Client(), token, body, "p").status_code == 403
    # a price row smuggled into a warehouse batch is an error row, never applied
    body = {"source": "warehouse", "rows": [{"op": "price", "code": sku.code, "value": "11"}]}
    r = _post(Client(), token, body, "p2")
    assert r.status_code == 201 and r.json()["rows"][0]["status"] == "error"
    assert SKU.objects.get(pk=sku.pk).price == Decimal("10")


@pytest.mark.django_db
def test_batch_applies_row_by_row(api_client_for):
    """Documented: a bad row is an error with its reason; the other rows still apply."""
    _c, token = api_client_for("WH-STK")
    a = product_with_sku(stock_on_hand=5)
    b = product_with_sku(stock_on_hand=5, stock_reserved=4)
    body = {"source": "warehouse", "rows": [
        {"op": "stock_set", "code": a.code, "value": "9"},
        {"op": "stock_set", "code": b.code, "value": "1"},     # below reserved -> error
        {"op": "stock_set", "code": "NO-SUCH", "value": "1"},  # unknown -> error
        {"op": "stock_adjust", "code": a.code, "value": "-2"},  # against the new level: 7
    ]}  # fmt: skip
    r = _post(Client(), token, body, "rows")
    data = r.json()
    assert r.status_code == 201
    assert [row["status"] for row in data["rows"]] == ["applied", "error", "error", "applied"]
    assert data["rows_applied"] == 2 and data["rows_error"] == 2
    assert "reserved" in data["rows"][1]["error"] or "预留" in data["rows"][1]["error"]
    assert SKU.objects.get(pk=a.pk).stock_on_hand == 7
    assert SKU.objects.get(pk=b.pk).stock_on_hand == 5
    got = Client().get(f"{URL}/{data['id']}", headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200 and len(got.json()["rows"]) == 4


@pytest.mark.django_db
def test_batch_of_another_client_is_404(api_client_for):
    _c, token = api_client_for("WH-STK")
    _c2, other = api_client_for("PUR-COL")
    sku = product_with_sku()
    body = {"source": "warehouse", "rows": [{"op": "stock_set", "code": sku.code, "value": "3"}]}
    batch_id = _post(Client(), token, body, "x").json()["id"]
    r = Client().get(f"{URL}/{batch_id}", headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 404
    assert Client().get(f"{URL}/{batch_id}").status_code == 401
