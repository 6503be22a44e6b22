"""Status files from Logistics and Customer Service: upload → preview with row errors → apply.

A file becomes a SyncBatch with one SyncRow per line; nothing touches an order until someone
applies it. Applying runs each error-free row through the same service as the API
(``shipment_event_record`` / ``service_update_record``), so a row already applied — in this file,
another file or by API — does nothing new. A file is applied once (conditional UPDATE).
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.orders.models import Order

from . import services
from .choices import ServiceKind, ShipmentKind, SyncSource, SyncStatus, UpdateOutcome
from .models import ServiceUpdate, ShipmentEvent, SyncBatch, SyncRow

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = {
    SyncSource.LOGISTICS: ["order_number", "event", "tracking_number", "occurred_at", "note"],
    SyncSource.CUSTOMER_SERVICE: [
        "order_number", "update", "ticket", "note", "recipient", "phone", "province", "city",
        "district", "address_line", "postal_code",
    ],
}  # fmt: skip
PERMS = {
    SyncSource.LOGISTICS: "fulfilment.add_shipmentevent",
    SyncSource.CUSTOMER_SERVICE: "fulfilment.add_serviceupdate",
}


def _read(name: str, content: bytes) -> list[dict]:
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than 5 MB."))
    if name.lower().endswith(".xlsx"):
        from django.core.exceptions import ValidationError
        from openpyxl import load_workbook

        from siteops.core.uploads import check_office_archive

        try:
            check_office_archive(io.BytesIO(content))  # wrong type behind .xlsx, zip bombs
        except ValidationError as exc:
            raise DomainError(exc.messages[0]) from None
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DomainError(_("This is not a readable XLSX file.")) from exc
        it = wb.active.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(it, [])]
        records = [
            {h: ("" if v is None else v) for h, v in zip(header, row, strict=False) if h}
            for row in it
            if any(v not in (None, "") for v in row)
        ]
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError as exc:
                raise DomainError(_("The CSV file must be UTF-8 or GB18030 text.")) from exc
        reader = csv.DictReader(io.StringIO(text))
        records = [
            {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            for row in reader
        ]
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."))
    if len(records) > MAX_ROWS:
        raise DomainError(_("At most %d rows per file.") % MAX_ROWS)
    return records


def _when(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        parsed = parse_datetime(str(value).strip().replace("/", "-"))
    if parsed is None:
        raise DomainError(_("“%s” is not a date and time (YYYY-MM-DD HH:MM).") % value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _preview_row(source: str, data: dict, orders: dict[str, Order]) -> dict:
    number = str(data.get("order_number") or "").strip()
    order = orders.get(number)
    if order is None:
        raise DomainError(_("There is no order %s.") % (number or "—"))
    if source == SyncSource.LOGISTICS:
        kind = str(data.get("event") or "").strip()
        if kind not in ShipmentKind.values:
            raise DomainError(
                _("Unknown event “%(value)s”; use one of: %(allowed)s")
                % {"value": kind, "allowed": ", ".join(ShipmentKind.values)}
            )
        when = _when(data.get("occurred_at"))
        if ShipmentEvent.objects.filter(
            order=order, kind=kind, occurred_at=when,
            outcome__in=[UpdateOutcome.APPLIED, UpdateOutcome.HELD],
        ).exists():  # fmt: skip
            return {"order": order, "new": order.status, "note": "", "duplicate": True}
        outcome, new, reason = services.shipment_preview(order, kind)
    else:
        kind = str(data.get("update") or "").strip()
        if kind not in ServiceKind.values:
            raise DomainError(
                _("Unknown update “%(value)s”; use one of: %(allowed)s")
                % {"value": kind, "allowed": ", ".join(ServiceKind.values)}
            )
        if not str(data.get("ticket") or "").strip():
            raise DomainError(_("The Customer Service ticket number is required."))
        if kind == ServiceKind.ADDRESS_CHANGE:
            services.clean_address(data)
        if ServiceUpdate.objects.filter(
            order=order, kind=kind, reference=str(data.get("ticket")).strip()[:64],
            outcome=UpdateOutcome.APPLIED,
        ).exists():  # fmt: skip
            return {"order": order, "new": order.status, "note": "", "duplicate": True}
        outcome, new, reason = services.service_preview(order, kind)
    if outcome == UpdateOutcome.REFUSED:
        raise DomainError(reason)
    return {"order": order, "new": new, "note": reason}


@transaction.atomic
def sync_upload(*, actor, source: str, name: str, content: bytes) -> SyncBatch:
    """Read the file into a previewed batch; row errors are stored, no order is touched."""
    if source not in SyncSource.values:
        raise DomainError(_("Unknown source."))
    if not actor.has_perm(PERMS[source]):
        raise NotAllowed(_("Your positions do not allow this."))
    records = _read(name, content)
    if not records:
        raise DomainError(_("The file has no rows."))
    missing = [c for c in COLUMNS[source][:3] if c not in records[0]]
    if missing:
        raise DomainError(_("The file lacks the columns: %s") % ", ".join(missing))
    numbers = {str(r.get("order_number") or "").strip() for r in records}
    orders = {o.number: o for o in Order.objects.filter(number__in=numbers)}
    batch = SyncBatch.objects.create(
        source=source, filename=name[:200], uploaded_by=actor, row_count=len(records)
    )
    rows, errors = [], 0
    for i, data in enumerate(records, start=2):  # line 1 is the header
        clean = {k: str(v)[:300] for k, v in data.items() if k in COLUMNS[source]}
        row = SyncRow(
            sync=batch, line=i, data=clean, order_number=clean.get("order_number", "")[:20]
        )
        try:
            p = _preview_row(source, data, orders)
        except DomainError as exc:
            row.error = str(exc)[:300]
            errors += 1
            order = orders.get(row.order_number)
            row.current_status = order.status if order else ""
        else:
            row.current_status, row.new_status = p["order"].status, p["new"]
            if p.get("duplicate"):
                row.outcome = UpdateOutcome.DUPLICATE
            elif p["note"]:
                row.outcome = UpdateOutcome.HELD
        rows.append(row)
    SyncRow.objects.bulk_create(rows)
    SyncBatch.objects.filter(pk=batch.pk).update(error_count=errors)
    batch.error_count = errors
    return batch


def sync_apply(*, actor, batch: SyncBatch) -> dict[str, int]:
    """Apply the error-free rows once; returns how many rows had each outcome."""
    if not actor.has_perm(PERMS[batch.source]):
        raise NotAllowed(_("Your positions do not allow this."))
    with transaction.atomic():
        if not SyncBatch.objects.filter(pk=batch.pk, status=SyncStatus.PREVIEW).update(
            status=SyncStatus.APPLIED, applied_at=timezone.now()
        ):
            raise IllegalTransition(_("This file was already applied or discarded."))
        from siteops.org.selectors import acting_as

        assignment = acting_as(actor, PERMS[batch.source])
        position = assignment.position if assignment else None
        counts = {o: 0 for o in UpdateOutcome.values}
        for row in batch.rows.filter(error="").order_by("line"):
            d = row.data
            try:
                with transaction.atomic():
                    if batch.source == SyncSource.LOGISTICS:
                        result = services.shipment_event_record(
                            order_number=d["order_number"], kind=d["event"],
                            occurred_at=_when(d["occurred_at"]),
                            tracking_number=d.get("tracking_number", ""), note=d.get("note", ""),
                            actor=actor, position=position, sync_row=row,
                        )  # fmt: skip
                    else:
                        result = services.service_update_record(
                            order_number=d["order_number"], kind=d["update"],
                            reference=d["ticket"], data=d, note=d.get("note", ""),
                            actor=actor, sync_row=row,
                        )  # fmt: skip
            except DomainError as exc:
                SyncRow.objects.filter(pk=row.pk).update(
                    outcome=UpdateOutcome.REFUSED, error=str(exc)[:300]
                )
                counts[UpdateOutcome.REFUSED] += 1
                continue
            outcome = result.outcome if result else UpdateOutcome.DUPLICATE
            SyncRow.objects.filter(pk=row.pk).update(
                outcome=outcome, error=(result.reason if result and result.reason else "")[:300]
                if outcome == UpdateOutcome.REFUSED else "",
            )  # fmt: skip
            counts[outcome] += 1
    return counts


def sync_discard(*, actor, batch: SyncBatch) -> None:
    if not actor.has_perm(PERMS[batch.source]):
        raise NotAllowed(_("Your positions do not allow this."))
    if not SyncBatch.objects.filter(pk=batch.pk, status=SyncStatus.PREVIEW).update(
        status=SyncStatus.DISCARDED
    ):
        raise IllegalTransition(_("This file was already applied or discarded."))


__all__ = ["sync_apply", "sync_discard", "sync_upload"]
