"""Writes of offline events beyond registering one person (ACT-03): a registration list imported
from a spreadsheet (previewed, applied once, within the capacity), the staff roster, photos,
and the post-event summary that closes the event.

- The list goes through the shared reader (``core.spreadsheets``) and is a sync batch
  (``core.syncs``): the upload is previewed row by row (errors with their reasons, duplicates),
  applied once (``batch_claim``); every row registers through ``services.registration_add``,
  so the capacity is the same conditional UPDATE as for a customer on the topic page — rows
  beyond the last place are row errors ("the event is full"). The same file uploaded again for
  the same event is a replay: the first batch, nothing new.
- Photos are stored through ``core.uploads.files_or_nothing`` under the staff-only media folder
  ``campaigns/events/`` (``SITEOPS["STAFF_MEDIA"]``: readable with ``view_offlineevent``).
- The summary counts attendance from the check-ins, compares the cost with the event's budget,
  and closes the event: afterwards no registration, check-in, roster change or photo.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core import syncs
from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.inputs import InputError, clean_text
from siteops.core.spreadsheets import SpreadsheetError, read_records
from siteops.core.syncs import SyncBatchStatus, SyncRowStatus
from siteops.core.uploads import files_or_nothing
from siteops.org.acting import acting_for, audited

from .choices import EventRole, ImportKind
from .models import (
    EventPhoto,
    EventSummary,
    OfflineEvent,
    Registration,
    RegistrationImport,
    RegistrationImportRow,
    RosterShift,
)

IMPORT_COLUMNS = ["name", "phone"]
IMPORT_ALIASES = {
    "姓名": "name", "名字": "name", "手机": "phone", "手机号": "phone", "手机号码": "phone",
    "电话": "phone", "联系电话": "phone", "phone_number": "phone", "mobile": "phone",
}  # fmt: skip
PHONE_RE = re.compile(r"^\+?[0-9]{5,20}$")
MAX_IMPORT_ROWS = 5000
EVENT_PERM = "campaigns.change_offlineevent"


def _open(event: OfflineEvent) -> OfflineEvent:
    """The event as it is now; refused once its summary has closed it."""
    event = OfflineEvent.objects.select_for_update().get(pk=event.pk)
    if event.closed_at is not None:
        raise IllegalTransition(_("The event is closed: its summary is written."), code="closed")
    return event


def _digest(upload) -> str:
    h = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        h.update(chunk if isinstance(chunk, bytes) else chunk.encode())
    upload.seek(0)
    return h.hexdigest()


def _phone(text: str) -> str:
    return "".join(ch for ch in text if ch not in " -()\u3000")


# --- registration lists --------------------------------------------------------------------


def registration_import_preview(*, actor, event: OfflineEvent, upload):
    """Read the list and record each row as it would apply: (batch, created). The same file
    for the same event again finds the first batch (created False) and records nothing."""
    from siteops.core.spreadsheets import Limits

    who = acting_for(actor, "campaigns.add_registration")
    if event.closed_at is not None:
        raise IllegalTransition(_("The event is closed: its summary is written."), code="closed")
    try:
        digest = _digest(upload)
        records = read_records(
            upload, IMPORT_COLUMNS, required=IMPORT_COLUMNS, aliases=IMPORT_ALIASES,
            limits=Limits(max_rows=MAX_IMPORT_ROWS),
        )  # fmt: skip
    except SpreadsheetError as exc:
        raise DomainError(" ".join(exc.messages), code="file") from exc
    registered = set(Registration.objects.filter(event=event).values_list("phone", flat=True))
    rows, seen = [], set()
    for line, rec in records:
        row = RegistrationImportRow(line=line, status=SyncRowStatus.PENDING)
        try:
            name = clean_text(rec.get("name", ""), max_length=50).strip()
            phone = _phone(clean_text(rec.get("phone", ""), max_length=32))
        except InputError as exc:
            row.status, row.error = SyncRowStatus.ERROR, syncs.error_text(exc)
            rows.append(row)
            continue
        row.key, row.new_value = phone[:64], name
        if not name or not phone:
            row.status, row.error = SyncRowStatus.ERROR, _("Enter the name and the phone number.")
        elif not PHONE_RE.match(phone):
            row.status, row.error = SyncRowStatus.ERROR, _("This is not a phone number.")
        elif phone in seen:
            row.status, row.error = SyncRowStatus.DUPLICATE, _("The same phone is further up.")
        elif phone in registered:
            row.status, row.error = (
                SyncRowStatus.DUPLICATE,
                _("This phone number is already registered."),
            )
        seen.add(phone)
        rows.append(row)
    with transaction.atomic(), audited(who):
        batch, created = syncs.batch_open(
            RegistrationImport, kind=ImportKind.STAFF, who=who,
            idempotency_key=f"event-{event.pk}-{digest}", body={"event": event.pk, "sha": digest},
            channel=syncs.SyncChannel.FILE, filename=str(getattr(upload, "name", ""))[:200],
            rows_total=len(rows), event=event,
        )  # fmt: skip
        if not created:
            return batch, False
        for row in rows:
            row.batch = batch
        RegistrationImportRow.objects.bulk_create(rows)
        syncs.batch_count(batch)
    return batch, True


def registration_import_apply(*, actor, batch: RegistrationImport) -> RegistrationImport:
    """Register every pending row, once; rows beyond the event's capacity (or registered
    meanwhile) become row errors with their reason. A second apply is refused."""
    from . import services

    who = acting_for(actor, "campaigns.add_registration")
    with transaction.atomic(), audited(who):
        _open(batch.event)
        syncs.batch_claim(batch)
        for row in batch.rows.filter(status=SyncRowStatus.PENDING).order_by("line"):
            try:
                with transaction.atomic():
                    services.registration_add(
                        actor=actor, event=batch.event, name=row.new_value, phone=row.key
                    )
            except DomainError as exc:
                row.status, row.error = SyncRowStatus.ERROR, syncs.error_text(exc)
            else:
                row.status = SyncRowStatus.APPLIED
            row.save(update_fields=["status", "error"])
        syncs.batch_count(batch)
    return batch


def registration_import_discard(*, actor, batch: RegistrationImport) -> None:
    acting_for(actor, "campaigns.add_registration")
    with transaction.atomic():
        syncs.batch_discard(batch)


def import_is_open(batch: RegistrationImport) -> bool:
    return batch.status == SyncBatchStatus.PREVIEW and batch.event.closed_at is None


# --- roster --------------------------------------------------------------------------------


def roster_add(*, actor, event: OfflineEvent, position, role: str, starts_at, ends_at,
               person=None, note: str = "") -> RosterShift:  # fmt: skip
    """Put a position (and a person, when named) on the event's roster for a shift. A person
    cannot be on two overlapping shifts of the same event."""
    who = acting_for(actor, EVENT_PERM)
    if role not in EventRole.values:
        raise DomainError(_("Choose the role."))
    if person is not None and not person.is_staff:
        raise DomainError(_("Only the department's staff work an event."))
    shift = RosterShift(
        event=event, position=position, person=person, role=role, starts_at=starts_at,
        ends_at=ends_at, note=(note or "")[:200],
    )  # fmt: skip
    shift.full_clean()
    with transaction.atomic(), audited(who):
        _open(event)
        if (
            person is not None
            and RosterShift.objects.filter(
                event=event, person=person, starts_at__lt=ends_at, ends_at__gt=starts_at
            ).exists()
        ):
            raise DomainError(_("This person already has a shift at that time."))
        shift.save()
    return shift


def roster_remove(*, actor, shift: RosterShift) -> None:
    who = acting_for(actor, EVENT_PERM)
    with transaction.atomic(), audited(who):
        _open(shift.event)
        RosterShift.objects.filter(pk=shift.pk).delete()


# --- photos and the summary ----------------------------------------------------------------


def photo_add(*, actor, event: OfflineEvent, image, caption: str = "") -> EventPhoto:
    """Keep a photo of the event (checked as an image by its content, stored under a generated
    name in the staff-only media folder)."""
    from siteops.merch.validators import validate_ad_image

    who = acting_for(actor, EVENT_PERM)
    try:
        validate_ad_image(image)
        caption = clean_text(caption or "", max_length=120)
    except InputError as exc:
        raise DomainError(str(exc)) from None
    except Exception as exc:  # ValidationError: a translated message
        raise DomainError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
    with transaction.atomic(), audited(who):
        _open(event)
        photo = EventPhoto(event=event, caption=caption, uploaded_by=who.user)
        with files_or_nothing() as put:
            put(photo.image, image.name or "photo.jpg", image)
            photo.save()
    return photo


def event_close(*, actor, event: OfflineEvent, actual_cost: Decimal, notes: str) -> EventSummary:
    """Write the post-event summary and close the event (once; only after it has ended)."""
    who = acting_for(actor, EVENT_PERM)
    if actual_cost is None or actual_cost < 0:
        raise DomainError(_("Enter what the event cost (zero or more)."))
    try:
        notes = clean_text(notes or "", max_length=4000).strip()
    except InputError as exc:
        raise DomainError(str(exc)) from None
    if not notes:
        raise DomainError(_("Write what happened and what to keep or change next time."))
    with transaction.atomic(), audited(who):
        event = _open(event)
        now = timezone.now()
        if event.ends_at > now:
            raise IllegalTransition(_("The event has not ended yet."), code="not_over")
        regs = Registration.objects.filter(event=event)
        summary = EventSummary(
            event=event, registered=regs.count(),
            attended=regs.filter(checked_in_at__isnull=False).count(), budget=event.budget,
            actual_cost=actual_cost, notes=notes, **who.record_fields("closed"),
        )  # fmt: skip
        summary.full_clean(exclude=["event"])
        if not OfflineEvent.objects.filter(pk=event.pk, closed_at__isnull=True).update(
            closed_at=now
        ):
            raise IllegalTransition(_("The event is closed: its summary is written."))
        summary.save()
    return summary


__all__ = [
    "event_close",
    "import_is_open",
    "photo_add",
    "registration_import_apply",
    "registration_import_discard",
    "registration_import_preview",
    "roster_add",
    "roster_remove",
]
