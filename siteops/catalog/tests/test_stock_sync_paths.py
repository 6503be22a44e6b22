"""Warehouse batches have a fast path (they can only hold stock rows) next to the general path.

Both must record the same rows (old -> new, status, error) and leave the same stock and in-stock
flags for the same input: errors, repeated codes, adjustments, reserved stock, odd values, rows
that are not stock rows — when applied at once (API) and when previewed and then applied (file).
"""

import datetime

import pytest
from django.db import transaction

from siteops.catalog import services
from siteops.catalog.choices import SyncSource
from siteops.catalog.models import SKU, Product, SyncRow
from siteops.catalog.services import syncs

from .factories import product_with_sku

pytestmark = pytest.mark.django_db

ROW_FIELDS = ("line", "op", "key", "sku_id", "product_id", "old_value", "new_value",
              "effective_at", "status", "error", "warning")  # fmt: skip


@pytest.fixture
def skus():
    return {
        "a": product_with_sku(stock_on_hand=5),
        "b": product_with_sku(stock_on_hand=5, stock_reserved=4),
        "c": product_with_sku(stock_on_hand=0),  # sold out: comes back
        "d": product_with_sku(stock_on_hand=3),  # sells out, then comes back
    }


def _rows(s):
    a, b, c, d = (s[k].code for k in "abcd")
    return [
        {"op": "stock_set", "code": a, "value": "9"},
        {"op": "stock_set", "code": b, "value": "1"},  # below reserved
        {"op": "stock_set", "code": "NO-SUCH", "value": "1"},  # unknown
        {"op": "stock_adjust", "code": a, "value": "-2"},  # from this batch's 9: 7
        {"op": "stock_set", "code": c, "value": "5", "effective_at": None},  # crosses zero
        {"op": "stock_set", "code": d, "value": 0},  # crosses zero; not a string
        {"op": "stock_adjust", "code": b, "value": "-2"},  # 3 < 4 reserved
        {"op": "stock_adjust", "code": b, "value": "+1"},  # from 5, not from the refused 3
        {"op": "stock_set", "code": a, "value": "abc"},  # not a number
        {"op": "stock_set", "code": a, "value": "7.9"},  # a whole number the Decimal way: 7
        {"op": "stock_adjust", "code": a, "value": "-10"},  # below zero
        {"op": " STOCK_ADJUST ", "code": f" {a} ", "value": " 3 "},  # normalised: 10
        {"op": "stock_set", "code": a, "value": "007"},  # recorded as 7
        {"op": "stock_set", "code": a, "value": "５"},  # a full-width digit  # noqa: RUF001
        {"op": "stock_adjust", "code": d, "value": "2"},  # back in stock
        {"op": "stock_set", "code": a, "value": "Infinity"},  # not a whole number
        {"op": "stock_set", "code": a, "value": "3000000000"},  # beyond the column
        {"op": "stock_adjust", "code": a, "value": "99999999999999999999999"},  # far beyond
        {"op": "stock_adjust", "code": c, "value": ""},  # no value
        {"op": "stock_set", "key": b, "value": "6", "effective_at": ""},  # "key", blank time
        # not plain stock rows:
        {"op": "price", "code": a, "value": "11"},  # not a Warehouse change
        {"op": "bogus", "code": a, "value": "1"},  # unknown change
        {"op": "stock_set", "code": "  ", "value": "1"},  # no code
        {"op": "stock_set", "code": a, "value": "1", "effective_at": "2030-01-01 10:00"},
        {"op": "stock_set", "code": a, "value": "1", "effective_at": "not a date"},
        {"op": "stock_set", "code": a, "value": "4", "effective_at": "   "},  # blank: applies
        {
            "op": "stock_adjust",
            "code": b,
            "value": "1",
            "effective_at": datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        },
    ]


def _state(batch, s):
    batch.refresh_from_db()
    rows = list(SyncRow.objects.filter(batch=batch).order_by("line").values(*ROW_FIELDS))
    decided = list(
        SyncRow.objects.filter(batch=batch).order_by("line").values_list("decided_at", flat=True)
    )
    return {
        "rows": rows,
        "decided": [d is not None for d in decided],
        "batch": (
            batch.status,
            batch.rows_total,
            batch.rows_applied,
            batch.rows_review,
            batch.rows_error,
            batch.rows_scheduled,
        ),  # fmt: skip
        "stock": {
            k: SKU.objects.values_list("stock_on_hand", "stock_reserved").get(pk=v.pk)
            for k, v in s.items()
        },  # fmt: skip
        "in_stock": {k: Product.objects.get(pk=v.product_id).in_stock for k, v in s.items()},
    }


def _fail(*args, **kwargs):
    raise AssertionError("the other path ran")


def _run(monkeypatch, actor, s, rows, *, general: bool, apply: bool) -> list[dict]:
    """Send the rows through one path; return what it recorded and left, then roll it back."""
    sid = transaction.savepoint_create()
    try:
        with monkeypatch.context() as m:
            if general:
                m.setattr(syncs, "_FAST_STOCK_PATH", False)
                m.setattr(syncs, "_decide_stock", _fail)
            else:
                m.setattr(syncs, "_decide", _fail)
            batch = services.sync_batch_create(
                actor=actor, source=SyncSource.WAREHOUSE, rows=rows, apply=apply
            )
            states = [_state(batch, s)]
            if not apply:
                services.sync_batch_apply(actor=actor, batch=batch)
                states.append(_state(batch, s))
        return states
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.parametrize("apply", [True, False], ids=["api", "file-preview-then-apply"])
def test_fast_and_general_paths_record_and_apply_the_same(monkeypatch, warehouse, skus, apply):
    rows = _rows(skus)
    fast = _run(monkeypatch, warehouse, skus, rows, general=False, apply=apply)
    general = _run(monkeypatch, warehouse, skus, rows, general=True, apply=apply)
    assert fast == general

    final = fast[-1]
    statuses = [r["status"] for r in final["rows"]]
    assert statuses == ["applied", "error", "error", "applied", "applied", "applied", "error",
                        "applied", "error", "applied", "error", "applied", "applied", "applied",
                        "applied", "error", "error", "error", "error", "applied",
                        "error", "error", "error", "error", "error", "applied", "error"]  # fmt: skip
    assert [(r["old_value"], r["new_value"]) for r in final["rows"]][:4] == [
        ("5", "9"), ("5", "1"), ("", "1"), ("9", "7")
    ]  # fmt: skip
    assert final["rows"][11]["op"] == "stock_adjust" and final["rows"][11]["key"] == skus["a"].code
    assert final["rows"][12]["new_value"] == "7" and final["rows"][13]["new_value"] == "5"
    assert [r["op"] for r in final["rows"][20:22]] == ["price", "stock_adjust"]
    assert final["rows"][23]["effective_at"] is not None  # kept, with the error
    assert final["stock"] == {"a": (4, 0), "b": (6, 4), "c": (5, 0), "d": (2, 0)}
    assert final["in_stock"] == {"a": True, "b": True, "c": True, "d": True}
    assert final["batch"][1:5] == (27, 12, 0, 15)
    assert all(r["error"] for r in final["rows"] if r["status"] == "error")
    if not apply:
        assert fast[0]["stock"]["a"] == (5, 0)  # the preview applied nothing
        assert {r["status"] for r in fast[0]["rows"]} == {"pending", "error"}


def test_stock_level_crossing_zero_refreshes_in_stock_on_both_paths(monkeypatch, warehouse, skus):
    rows = [{"op": "stock_set", "code": skus["a"].code, "value": "0"}]
    for general in (False, True):
        state = _run(monkeypatch, warehouse, skus, rows, general=general, apply=True)[0]
        assert state["in_stock"]["a"] is False and state["stock"]["a"] == (0, 0)


def test_a_level_beyond_the_column_is_a_row_error_not_a_failed_batch(warehouse, skus):
    code = SKU.objects.order_by("pk").values_list("code", flat=True)[0]
    batch = services.sync_batch_create(actor=warehouse, source="warehouse", rows=[
        {"op": "stock_set", "code": code, "value": "3000000000"},
        {"op": "stock_set", "code": code, "value": "20"},
    ])  # fmt: skip
    rows = list(SyncRow.objects.filter(batch=batch).order_by("line").values_list("status", "error"))
    assert rows[0][0] == "error" and "2147483647" in rows[0][1]
    assert rows[1] == ("applied", "") and SKU.objects.get(code=code).stock_on_hand == 20
