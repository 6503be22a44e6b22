"""The hand-off: the batch's pick list as XLSX and CSV — formula-safe, without costs or prices."""

import csv
import io

import pytest
from openpyxl import load_workbook

from siteops.fulfilment import services

from . import factories as f

pytestmark = pytest.mark.django_db


def test_pick_list_is_formula_safe_and_has_no_costs(client, process_editor, logistics):
    evil = f.place(recipient='=HYPERLINK("http://x")', line="+1 road", district="@SUM(A1)")
    plain = f.place()
    batch = services.batch_create(actor=process_editor, order_ids=[evil.pk, plain.pk])
    client.force_login(logistics)
    r = client.get(f"/backoffice/fulfilment/batches/{batch.number}/picklist.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert '\'=HYPERLINK("http://x")' in cells
    header = [c.value for c in ws[1]]
    assert not any("成本" in h or "cost" in h.lower() or "单价" in h for h in header)
    assert ws.max_row == 3
    r = client.get(f"/backoffice/fulfilment/batches/{batch.number}/picklist.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert all(not v.startswith(("=", "+", "-", "@")) for row in rows for v in row)
    assert "12.34" not in r.content.decode("utf-8-sig")  # the SKU cost
    assert (
        client.get(f"/backoffice/fulfilment/batches/{batch.number}/picklist.pdf").status_code == 404
    )
