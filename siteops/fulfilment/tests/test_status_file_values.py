"""Status files: impossible times are row errors (not a 500); the type is told by the content."""

import io

import pytest
from openpyxl import Workbook

from siteops.fulfilment import services, sync
from siteops.fulfilment.models import SyncBatch

from . import factories as f

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name: str, source="logistics"):
    data = io.BytesIO(content)
    data.name = name
    return client.post("/backoffice/fulfilment/files/", {"source": source, "file": data},
                       follow=True)  # fmt: skip


@pytest.mark.parametrize("when", ["2026-02-30 09:00", "2026-11-20 25:61", "20261120", "1e300000"])
def test_impossible_time_is_a_row_error(client, logistics, process_editor, when):
    a = f.place()
    services.batch_create(actor=process_editor, order_ids=[a.pk])
    text = f"order_number,event,tracking_number,occurred_at\n{a.number},picked_up,YT1,{when}\n"
    client.force_login(logistics)
    r = _upload(client, text.encode(), "logistics.csv")
    assert r.status_code == 200
    batch = SyncBatch.objects.get()
    [(status, error)] = batch.rows.values_list("status", "error")
    assert status == "error" and error
    assert batch.rows_error == 1 and batch.sender_label


def test_a_workbook_named_csv_is_read_as_a_workbook(client, logistics, process_editor):
    a = f.place()
    services.batch_create(actor=process_editor, order_ids=[a.pk])
    wb = Workbook()
    wb.active.append(["Order number", "Event", "Tracking number", "Occurred at"])
    wb.active.append([a.number, "picked_up", "YT9", "2026-11-20 09:00"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(logistics)
    _upload(client, buf.getvalue(), "named-wrongly.csv")
    batch = SyncBatch.objects.get()
    assert list(batch.rows.values_list("key", "status")) == [(a.number, "pending")]


def test_same_file_with_a_key_is_one_batch_other_file_is_refused(logistics, process_editor):
    from siteops.core.idempotency import IdempotencyMismatch

    a = f.place()
    services.batch_create(actor=process_editor, order_ids=[a.pk])
    content = (
        f"order_number,event,tracking_number,occurred_at\n{a.number},picked_up,Y,2026-11-20 09:00\n"
    )
    first = sync.sync_upload(actor=logistics, source="logistics", name="a.csv",
                             content=content.encode(), idempotency_key="day-1")  # fmt: skip
    again = sync.sync_upload(actor=logistics, source="logistics", name="a.csv",
                             content=content.encode(), idempotency_key="day-1")  # fmt: skip
    assert again.pk == first.pk and SyncBatch.objects.count() == 1
    with pytest.raises(IdempotencyMismatch):
        sync.sync_upload(actor=logistics, source="logistics", name="b.csv",
                         content=content.replace("Y,", "Z,").encode(), idempotency_key="day-1")  # fmt: skip
    assert first.position_code and first.actor_id == logistics.pk
