"""The sync page says the sender *or the product editor* may apply a previewed file (issue 12 #17)."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.catalog import services
from siteops.catalog.choices import SyncSource
from siteops.catalog.models import SKU, SyncBatch
from siteops.core.errors import NotAllowed

from .factories import product_with_sku

pytestmark = pytest.mark.django_db


def _preview(actor, source, row):
    return services.sync_batch_create(actor=actor, source=source, rows=[row], apply=False)


@pytest.mark.parametrize("source", [SyncSource.WAREHOUSE, SyncSource.PURCHASING])
def test_product_editor_applies_a_file_sent_by_another_department(
    client, source, warehouse, purchasing, product_editor
):
    sku = product_with_sku(stock_on_hand=5)
    sender, row = (
        (warehouse, {"op": "stock_set", "code": sku.code, "value": "9"})
        if source == SyncSource.WAREHOUSE
        else (purchasing, {"op": "cost", "code": sku.code, "value": "55"})
    )
    batch = _preview(sender, source, row)
    product_editor.set_password("pw-ped-123")
    product_editor.save()
    client.force_login(product_editor)
    r = client.post(
        reverse("admin:catalog_syncbatch_action", args=[batch.pk, "apply"]), follow=True
    )
    assert r.status_code == 200
    assert SyncBatch.objects.get(pk=batch.pk).status == "applied"
    texts = [str(m) for m in r.context["messages"]]
    assert not any("无权" in t or "may not" in t for t in texts), texts
    sku.refresh_from_db()
    if source == SyncSource.WAREHOUSE:
        assert sku.stock_on_hand == 9


def test_another_sender_of_the_department_may_not_apply_someone_elses_batch(warehouse):
    sku = product_with_sku(stock_on_hand=5)
    batch = _preview(
        warehouse, SyncSource.WAREHOUSE, {"op": "stock_set", "code": sku.code, "value": "9"}
    )
    colleague = make_staff("warehouse2", "WH-STK")
    with pytest.raises(NotAllowed):
        services.sync_batch_apply(actor=colleague, batch=batch)
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 5
    services.sync_batch_apply(actor=warehouse, batch=batch)
    assert SKU.objects.get(pk=sku.pk).stock_on_hand == 9


def test_a_position_with_neither_right_may_not_apply(warehouse, copy_editor):
    sku = product_with_sku(stock_on_hand=5)
    batch = _preview(
        warehouse, SyncSource.WAREHOUSE, {"op": "stock_set", "code": sku.code, "value": "9"}
    )
    with pytest.raises(NotAllowed):
        services.sync_batch_apply(actor=copy_editor, batch=batch)
