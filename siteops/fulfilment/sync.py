"""Status files from Logistics and Customer Service: upload → preview with row errors → apply.

A file becomes a SyncBatch with one SyncRow per line; nothing touches an order until someone
applies it. Applying runs each error-free row through the same service as the API
(``shipment_event_record`` / ``service_update_record``), so a row already applied — in this file,
another file or by API — does nothing new. A file is applied once (conditional UPDATE).
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from siteops.core import spreadsheets
from siteops.core import syncs as core_syncs
from siteops.core.errors import DomainError, NotAllowed
from siteops.core.inputs import InputError, parse_datetime
from siteops.orders.models import Order

from . import services
from .choices import ServiceKind, ShipmentKind, SyncSource, UpdateOutcome
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
RowStatus = core_syncs.SyncRowStatus
# What applying a row did (the services' outcome) -> the row's status.
_STATUS_OF_OUTCOME = {
    UpdateOutcome.APPLIED: RowStatus.APPLIED,
    UpdateOutcome.HELD: RowStatus.HELD,
    UpdateOutcome.DUPLICATE: RowStatus.DUPLICATE,
    UpdateOutcome.REFUSED: RowStatus.ERROR,
}


def _read(source: str, content: bytes) -> list[tuple[int, dict]]:
    """The file's rows as (line, {column: text}), the type told by the content (not the name)."""
    try:
        return spreadsheets.read_records(
            content, COLUMNS[source], required=COLUMNS[source][:3],
            limits=spreadsheets.Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS),
        )  # fmt: skip
    except spreadsheets.SpreadsheetError as exc:
        raise DomainError(exc.messages[0]) from None


def _when(value) -> datetime.datetime:
    """A time in the file; an impossible one (2026-02-30, 25:61) is the row's error."""
    try:
        return parse_datetime(value)
    except InputError as exc:
        raise DomainError(exc.message) from None


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


def sync_upload(
    *, actor, source: str, name: str, content: bytes, idempotency_key: str = ""
) -> SyncBatch:
    """Read the file into a previewed batch; row errors are stored, no order is touched.

    The file is read and every row's values (times included) checked before the write
    transaction. With ``idempotency_key`` the same file again is the first batch (nothing new)
    and another file under that key is refused (422).
    """
    if source not in SyncSource.values:
        raise DomainError(_("Unknown source."))
    if not actor.has_perm(PERMS[source]):
        raise NotAllowed(_("Your positions do not allow this."))
    records = _read(source, content)
    if not records:
        raise DomainError(_("The file has no rows."))
    numbers = {r.get("order_number", "") for _line, r in records}
    orders = {o.number: o for o in Order.objects.filter(number__in=numbers)}
    previews = []
    for line, data in records:
        try:
            previews.append((line, data, _preview_row(source, data, orders), ""))
        except DomainError as exc:
            previews.append((line, data, None, core_syncs.error_text(exc)))
    from siteops.org.acting import acting_for

    who = acting_for(actor, PERMS[source])
    with transaction.atomic():
        batch, created = core_syncs.batch_open(
            SyncBatch, kind=source, who=who, idempotency_key=idempotency_key,
            body={"file": hashlib.sha256(content).hexdigest()}, channel=core_syncs.SyncChannel.FILE,
            filename=name[:200], rows_total=len(records),
        )  # fmt: skip
        if not created:
            return batch
        rows = []
        for line, data, p, error in previews:
            number = data.get("order_number", "")
            row = SyncRow(batch=batch, line=line, data=dict(data), key=number[:64])
            if error:
                row.status, row.error = RowStatus.ERROR, error
                order = orders.get(number)
                row.old_value = order.status if order else ""
            else:
                row.old_value, row.new_value = p["order"].status, p["new"]
                if p.get("duplicate"):
                    row.status = RowStatus.DUPLICATE
                elif p["note"]:
                    row.status = RowStatus.HELD
            rows.append(row)
        SyncRow.objects.bulk_create(rows)
        core_syncs.batch_count(batch)
    return batch


def sync_apply(*, actor, batch: SyncBatch) -> dict[str, int]:
    """Apply the error-free rows once; returns how many rows had each outcome."""
    if not actor.has_perm(PERMS[batch.kind]):
        raise NotAllowed(_("Your positions do not allow this."))
    with transaction.atomic():
        core_syncs.batch_claim(batch, message=_("This file was already applied or discarded."))
        from siteops.org.selectors import acting_as

        assignment = acting_as(actor, PERMS[batch.kind])
        position = assignment.position if assignment else None
        counts = {o: 0 for o in UpdateOutcome.values}
        for row in batch.rows.exclude(status=RowStatus.ERROR).order_by("line"):
            d = row.data
            try:
                with transaction.atomic():
                    if batch.kind == SyncSource.LOGISTICS:
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
                    status=RowStatus.ERROR, error=core_syncs.error_text(exc)
                )
                counts[UpdateOutcome.REFUSED] += 1
                continue
            outcome = result.outcome if result else UpdateOutcome.DUPLICATE
            reason = (result.reason if result and result.reason else "")[:300]
            SyncRow.objects.filter(pk=row.pk).update(
                status=_STATUS_OF_OUTCOME[outcome],
                error=reason if outcome == UpdateOutcome.REFUSED else "",
            )
            counts[outcome] += 1
        core_syncs.batch_count(batch)
    return counts


def sync_discard(*, actor, batch: SyncBatch) -> None:
    if not actor.has_perm(PERMS[batch.kind]):
        raise NotAllowed(_("Your positions do not allow this."))
    core_syncs.batch_discard(batch, message=_("This file was already applied or discarded."))


__all__ = ["sync_apply", "sync_discard", "sync_upload"]
