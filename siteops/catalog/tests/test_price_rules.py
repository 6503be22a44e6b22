"""Sync rules for prices: beyond the threshold or below cost waits; effective-dated applies once."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from siteops.catalog import services
from siteops.catalog.choices import SyncSource
from siteops.catalog.models import SKU, PriceHistory, ScheduledAction, SyncRow

from .factories import product_with_sku

pytestmark = pytest.mark.django_db


def _send(actor, rows):
    return services.sync_batch_create(actor=actor, source=SyncSource.PURCHASING, rows=rows)


def test_price_beyond_threshold_waits_for_the_editor(purchasing, product_editor):
    sku = product_with_sku(price=Decimal("100"), cost=Decimal("50"))
    batch = _send(purchasing, [{"op": "price", "code": sku.code, "value": "125"}])
    row = batch.rows.get()
    assert row.status == "review" and "20" in row.warning
    assert batch.status == "review"
    assert SKU.objects.get(pk=sku.pk).price == Decimal("100.00")
    services.syncrow_approve(actor=product_editor, row=row)
    assert SKU.objects.get(pk=sku.pk).price == Decimal("125.00")
    batch.refresh_from_db()
    assert batch.status == "done"
    ph = PriceHistory.objects.filter(sku=sku).first()
    assert ph.old_price == Decimal("100.00") and ph.via == "sync"


def test_small_change_applies_and_threshold_is_configurable(purchasing):
    sku = product_with_sku(price=Decimal("100"), cost=Decimal("50"))
    assert (
        _send(purchasing, [{"op": "price", "code": sku.code, "value": "110"}]).rows.get().status
        == "applied"
    )
    with override_settings(SITEOPS={"PRICE_REVIEW_THRESHOLD_PERCENT": 5}):
        assert (
            _send(purchasing, [{"op": "price", "code": sku.code, "value": "120"}]).rows.get().status
            == "review"
        )


def test_below_cost_waits_and_can_be_rejected(purchasing, product_editor):
    sku = product_with_sku(price=Decimal("100"), cost=Decimal("95"))
    row = _send(purchasing, [{"op": "price", "code": sku.code, "value": "90"}]).rows.get()
    assert row.status == "review"
    services.syncrow_reject(actor=product_editor, row=row, note="no")
    assert SyncRow.objects.get(pk=row.pk).status == "rejected"
    assert SKU.objects.get(pk=sku.pk).price == Decimal("100.00")


def test_scheduled_price_applies_exactly_once(purchasing):
    sku = product_with_sku(price=Decimal("100"))
    when = timezone.now() + datetime.timedelta(hours=2)
    row = _send(
        purchasing,
        [{"op": "price", "code": sku.code, "value": "105", "effective_at": when.isoformat()}],
    ).rows.get()
    assert row.status == "scheduled"
    assert services.scheduled_actions_run() == 0
    assert SKU.objects.get(pk=sku.pk).price == Decimal("100.00")
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        assert services.scheduled_actions_run() == 1
        assert services.scheduled_actions_run() == 0  # the next tick finds nothing to do
    assert SKU.objects.get(pk=sku.pk).price == Decimal("105.00")
    assert PriceHistory.objects.filter(sku=sku, via="scheduled", source="job").count() == 1
    assert SyncRow.objects.get(pk=row.pk).status == "applied"
    assert ScheduledAction.objects.get().status == "done"


def test_scheduled_publish_runs_once_and_a_failure_is_recorded(product_editor):
    sku = product_with_sku(status="draft")
    when = timezone.now() + datetime.timedelta(days=1)
    services.product_schedule(
        actor=product_editor, product=sku.product, kind="publish", due_at=when
    )
    services.product_schedule(
        actor=product_editor,
        product=sku.product,
        kind="publish",
        due_at=when + datetime.timedelta(minutes=5),
    )
    with time_machine.travel(when + datetime.timedelta(hours=1)):
        assert services.scheduled_actions_run() == 1  # the second is illegal (already published)
    sku.product.refresh_from_db()
    assert sku.product.status == "published"
    assert sorted(ScheduledAction.objects.values_list("status", flat=True)) == ["done", "failed"]
    assert sku.product.events.count() == 1


def test_rows_of_a_preview_cannot_be_decided(purchasing, product_editor):
    from siteops.core.errors import IllegalTransition

    sku = product_with_sku(price=Decimal("100"))
    batch = services.sync_batch_create(actor=purchasing, source=SyncSource.PURCHASING, apply=False,
                                       rows=[{"op": "price", "code": sku.code, "value": "300"}])  # fmt: skip
    row = batch.rows.get()
    assert row.status == "review"
    with pytest.raises(IllegalTransition):
        services.syncrow_approve(actor=product_editor, row=row)
    services.sync_batch_apply(actor=purchasing, batch=batch)
    services.syncrow_approve(actor=product_editor, row=row)
    assert SKU.objects.get(pk=sku.pk).price == Decimal("300.00")
