"""The pick / dispatch list of a batch, for Logistics: XLSX and CSV, no prices or costs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from siteops.core.spreadsheets import csv_text, workbook
from siteops.orders.choices import PaymentMethod
from siteops.orders.models import OrderLine

from .models import DeliveryBatch


def header() -> list[str]:
    return [
        _("Batch"), _("Order number"), _("Recipient"), _("Phone"), _("Province"), _("City"),
        _("District"), _("Street address"), _("Postal code"), _("Promised date"),
        _("SKU code"), _("Product"), _("Specification"), _("Quantity"),
        _("Cash to collect (CNY)"), _("Customer note"),
    ]  # fmt: skip


def rows(batch: DeliveryBatch):
    """One row per order line; the cash to collect (COD) is on the order's first line."""
    lines = (
        OrderLine.objects.filter(order__batch_entries__batch=batch)
        .select_related("order")
        .only(
            "order__number",
            "order__recipient",
            "order__phone",
            "order__province",
            "order__city",
            "order__district",
            "order__address_line",
            "order__postal_code",
            "order__promised_date",
            "order__payment_method",
            "order__total",
            "order__customer_note",
            "sku_code",
            "title",
            "spec",
            "quantity",
            "order_id",
        )  # fmt: skip
        .order_by("order__province", "order__city", "order__number", "pk")
    )
    seen = set()
    for line in lines.iterator(chunk_size=2000):
        o = line.order
        collect = ""
        if o.pk not in seen:
            seen.add(o.pk)
            collect = str(o.total) if o.payment_method == PaymentMethod.COD else "0.00"
        yield [
            batch.number, o.number, o.recipient, o.phone, o.province, o.city, o.district,
            o.address_line, o.postal_code, o.promised_date.isoformat() if o.promised_date else "",
            line.sku_code, line.title, line.spec, line.quantity, collect, o.customer_note,
        ]  # fmt: skip


def picklist_xlsx(batch: DeliveryBatch) -> bytes:
    return workbook([(batch.number, header(), rows(batch))])


def picklist_csv(batch: DeliveryBatch) -> str:
    return csv_text(header(), rows(batch))
