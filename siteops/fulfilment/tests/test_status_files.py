"""Status files: upload → preview with row errors → apply once; rows already applied do nothing."""

import io

import pytest
from openpyxl import Workbook

from siteops.fulfilment import services
from siteops.fulfilment.models import SyncBatch
from siteops.orders.models import Order

from . import factories as f

pytestmark = pytest.mark.django_db


def csv_file(rows, header="order_number,event,tracking_number,occurred_at,note"):
    text = header + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    return io.BytesIO(text.encode()), "logistics.csv"


def test_preview_shows_row_errors_and_apply_changes_only_good_rows(
    client, logistics, process_editor
):
    a, b = f.place(), f.place()
    services.batch_create(actor=process_editor, order_ids=[a.pk, b.pk])
    data, name = csv_file([
        [a.number, "picked_up", "YT1", "2026-11-20 09:00", ""],
        [b.number, "teleported", "", "2026-11-20 09:00", ""],
        ["NOPE", "picked_up", "", "2026-11-20 09:00", ""],
        [b.number, "delivered", "YT2", "2026-11-21 09:00", "held until pick-up"],
    ])  # fmt: skip
    data.name = name
    client.force_login(logistics)
    r = client.post("/backoffice/fulfilment/files/", {"source": "logistics", "file": data})
    assert r.status_code == 302
    batch = SyncBatch.objects.get()
    assert (batch.rows_total, batch.rows_error, batch.status) == (4, 2, "preview")
    page = client.get(r["Location"]).content.decode()
    assert "teleported" in page and "NOPE" in page
    assert Order.objects.get(pk=a.pk).status == "batched"  # preview changes nothing
    r = client.post(f"/backoffice/fulfilment/files/{batch.pk}/apply/")
    assert Order.objects.get(pk=a.pk).status == "shipped"
    assert Order.objects.get(pk=b.pk).status == "batched"  # held: delivered before pick-up
    assert dict(batch.rows.values_list("line", "status")) == {
        2: "applied",
        3: "error",
        4: "error",
        5: "held",
    }
    # Applying again is refused; the same rows in a new file are duplicates.
    client.post(f"/backoffice/fulfilment/files/{batch.pk}/apply/")
    assert SyncBatch.objects.get(pk=batch.pk).status == "applied"
    data, name = csv_file([[a.number, "picked_up", "YT1", "2026-11-20 09:00", ""]])
    data.name = name
    client.post("/backoffice/fulfilment/files/", {"source": "logistics", "file": data})
    second = SyncBatch.objects.latest("pk")
    client.post(f"/backoffice/fulfilment/files/{second.pk}/apply/")
    assert list(second.rows.values_list("status", flat=True)) == ["duplicate"]


def test_customer_service_xlsx_and_wrong_source(client, service, logistics):
    o = f.place()
    wb = Workbook()
    ws = wb.active
    ws.append(["order_number", "update", "ticket", "note"])
    ws.append([o.number, "cancel", "CS-77", "客户来电取消"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "cs.xlsx"
    client.force_login(service)
    r = client.post("/backoffice/fulfilment/files/", {"source": "customer_service", "file": buf})
    batch = SyncBatch.objects.get()
    client.post(f"/backoffice/fulfilment/files/{batch.pk}/apply/")
    assert Order.objects.get(pk=o.pk).status == "cancelled"
    # Logistics may neither see nor apply Customer Service's files.
    client.force_login(logistics)
    assert client.get(f"/backoffice/fulfilment/files/{batch.pk}/").status_code == 404
    del r


def test_bad_files_are_clear_errors(client, process_editor):
    client.force_login(process_editor)
    for content, name in [(b"\x00\x01junk", "x.xlsx"), (b"a,b\n1,2\n", "x.csv"), (b"hi", "x.txt")]:
        data = io.BytesIO(content)
        data.name = name
        r = client.post("/backoffice/fulfilment/files/", {"source": "logistics", "file": data},
                        follow=True)  # fmt: skip
        assert r.status_code == 200
        assert [m for m in r.context["messages"]], name
    assert not SyncBatch.objects.exists()
