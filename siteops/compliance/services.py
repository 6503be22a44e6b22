"""Writes of the compliance area: the licence register, its obligations (filings), evidence, and
the department's policies and documents. Every write checks the actor's position, runs in one
transaction, stamps an event row and changes status only along the transition tables."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core import versions
from siteops.core.errors import IllegalTransition
from siteops.core.events import Acting
from siteops.deadlines.services import deadline_done, deadline_register, kind_ensure
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.models import Position

from . import calendar
from .choices import (
    FILING_TRANSITIONS,
    HELD,
    LICENCE_TRANSITIONS,
    FilingKind,
    FilingOutcome,
    FilingStatus,
    LicenceEventKind,
    LicenceStatus,
)
from .models import ChecklistItem, Evidence, Filing, Licence, LicenceEvent

CHANGE = "compliance.change_licence"
# The fields a person edits on a licence (its status moves only by licence_transition).
LICENCE_FIELDS = (
    "kind", "name", "number", "authority", "holder", "covered", "link", "issued_on",
    "valid_until", "position", "stats_frequency", "stats_day", "show_in_footer",
)  # fmt: skip
FOOTER_FIELDS = ("number", "link", "show_in_footer", "status", "kind")


def _event(licence, kind, who: Acting, message: str = "") -> None:
    LicenceEvent.objects.create(
        licence=licence, kind=kind, message=message[:500], **who.event_fields()
    )


def bump_shop_version() -> None:
    """The shop caches pages by its version number; the footer shows licence numbers, so a
    change of a shown number must change the version (in the same transaction)."""
    sql = versions.bump_sql("storefront_shop_version")
    if sql is None:
        return
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    except DatabaseError:  # no shop on this database: nothing is cached
        pass


# --- licences ----------------------------------------------------------------------------------


@transaction.atomic
def licence_save(*, actor, data: dict, licence: Licence | None = None, who=None) -> Licence:
    """Register a licence or change its details; a shown number changes the shop's footer."""
    who = who or acting_for(actor, CHANGE)
    created = licence is None
    licence = licence or Licence()
    before = {f: getattr(licence, f) for f in FOOTER_FIELDS}
    was_shown = licence.show_in_footer
    changed = []
    for field in LICENCE_FIELDS:
        if field in data:
            old = getattr(licence, field)
            if old != data[field]:
                changed.append(field)
            setattr(licence, field, data[field])
    licence.full_clean()
    if not created and not changed:
        return licence  # nothing to record: no history row, no event, the footer unchanged
    with audited(who):
        licence.save()
    if created:
        _event(licence, LicenceEventKind.CREATED, who, str(licence))
    elif changed:
        _event(licence, LicenceEventKind.CHANGED, who, ", ".join(changed))
    after = {f: getattr(licence, f) for f in FOOTER_FIELDS}
    if (was_shown or licence.show_in_footer) and before != after:
        bump_shop_version()
    return licence


@transaction.atomic
def licence_transition(*, actor, licence: Licence, to: str, note: str = "", who=None) -> Licence:
    """Move a licence along LICENCE_TRANSITIONS (e.g. granted → change pending)."""
    who = who or acting_for(actor, CHANGE)
    old = licence.status
    if to not in LICENCE_TRANSITIONS.get(old, ()):
        raise IllegalTransition(
            _("A licence cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": LicenceStatus(old).label,
                "new": LicenceStatus(to).label if to in LicenceStatus.values else to,
            }
        )
    if to in HELD and not licence.number:
        raise ValidationError(_("A granted licence has a number."))
    with audited(who):
        if not Licence.objects.filter(pk=licence.pk, status=old).update(status=to):
            raise IllegalTransition(_("The licence was changed meanwhile; reload and try again."))
    licence.status = to
    msg = f"{LicenceStatus(old).label} → {LicenceStatus(to).label}"
    _event(licence, LicenceEventKind.STATUS, who, f"{msg} {note}".strip())
    if licence.show_in_footer and ((old in HELD) != (to in HELD)):
        bump_shop_version()
    return licence


# --- obligations (filings) ---------------------------------------------------------------------


def ensure_deadline_kinds() -> None:
    for code, name, leads in calendar.DEADLINE_KINDS.values():
        kind_ensure(code=code, name=name, lead_days=leads)


def responsible_position(licence: Licence) -> Position:
    return licence.position or Position.objects.get(code="MGR")


def _filing_title(licence: Licence, due: calendar.Due) -> str:
    what = FilingKind(due.kind).label
    if due.kind in (FilingKind.RENEWAL, FilingKind.REAPPLICATION):
        return f"{licence} · {what}（{licence.valid_until}到期）"
    return f"{licence} · {due.period_key} {what}"


def filings_open(*, today: datetime.date | None = None) -> list[Filing]:
    """The daily job: every occurrence that has opened becomes a filing (once), its due date a
    deadline; a renewal opening marks the licence "renewal due"; a lapsed validity "expired"."""
    today = today or timezone.localdate()
    ensure_deadline_kinds()
    made = []
    system = system_acting()
    for licence in Licence.objects.filter(status__in=HELD).select_related("position"):
        since = today - datetime.timedelta(days=400)  # catch-up window for missed runs
        registered = timezone.localtime(licence.created_at).date()
        have = set(licence.filings.values_list("kind", "period_key"))
        for due in calendar.opened_by(licence, today, since):
            if (due.kind, due.period_key) in have or due.due < registered:
                continue
            try:
                with transaction.atomic():
                    filing = Filing.objects.create(
                        licence=licence, kind=due.kind, period_key=due.period_key,
                        opens_on=due.opens, due_date=due.due, title=_filing_title(licence, due)[:200],
                    )  # fmt: skip
                    ChecklistItem.objects.bulk_create(
                        ChecklistItem(filing=filing, label=label, order=n)
                        for n, label in enumerate(calendar.CHECKLISTS[due.kind])
                    )
                    deadline_register(
                        subject=filing, kind=calendar.DEADLINE_KINDS[due.kind][0],
                        due_date=due.due, position=responsible_position(licence), title=filing.title,
                        who=system,
                    )  # fmt: skip
                    _event(licence, LicenceEventKind.FILING_OPENED, system, filing.title)
                    if due.kind in (FilingKind.RENEWAL, FilingKind.REAPPLICATION) and (
                        licence.status == LicenceStatus.GRANTED
                    ):
                        licence_transition(
                            actor=None, licence=licence, to=LicenceStatus.RENEWAL_DUE, who=system
                        )
            except IntegrityError:
                continue  # made meanwhile by another run
            made.append(filing)
    for licence in Licence.objects.filter(status__in=HELD, valid_until__lt=today):
        licence_transition(actor=None, licence=licence, to=LicenceStatus.EXPIRED, who=system)
    return made


def _filing_move(filing: Filing, to: str, **fields) -> None:
    if to not in FILING_TRANSITIONS[filing.status]:
        raise IllegalTransition(
            _("This obligation is “%(status)s”; that step is not possible now.")
            % {"status": FilingStatus(filing.status).label}
        )
    if not Filing.objects.filter(pk=filing.pk, status=filing.status).update(status=to, **fields):
        raise IllegalTransition(_("The obligation was changed meanwhile; reload and try again."))
    filing.refresh_from_db()


@transaction.atomic
def filing_check(*, actor, filing: Filing, item_id: int, done: bool) -> ChecklistItem:
    """Tick (or untick) a material on an open obligation's checklist."""
    acting_for(actor, CHANGE)
    if filing.status != FilingStatus.OPEN:
        raise IllegalTransition(_("The checklist of a submitted obligation is fixed."))
    item = filing.checklist.filter(pk=item_id).first()
    if item is None:
        raise ValidationError(_("No such checklist item."))
    item.done = bool(done)
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def filing_submit(
    *, actor, filing: Filing, submitted_on: datetime.date, receipt_number: str, upload=None
) -> Filing:
    """Record the submission (date, receipt number, optionally the screenshot as evidence)."""
    who = acting_for(actor, CHANGE)
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise ValidationError(_("Give the receipt number of the submission."))
    if submitted_on > timezone.localdate():
        raise ValidationError(_("The submission date cannot be in the future."))
    with audited(who):
        _filing_move(
            filing,
            FilingStatus.SUBMITTED,
            submitted_on=submitted_on,
            receipt_number=receipt_number[:100],
        )
    _event(
        filing.licence, LicenceEventKind.FILING_SUBMITTED, who, f"{filing.title} {receipt_number}"
    )
    if upload is not None:
        evidence_add(actor=actor, licence=filing.licence, filing=filing, title=_("Submission receipt"),
                     dated=submitted_on, upload=upload, who=who)  # fmt: skip
    return filing


@transaction.atomic
def filing_close(
    *, actor, filing: Filing, outcome: str, note: str = "", new_valid_until=None
) -> Filing:
    """Record the authority's answer. Accepted: the obligation is met (its due date closes; a
    renewal moves the licence's validity). Rejected: back to open, to file again."""
    who = acting_for(actor, CHANGE)
    if outcome not in FilingOutcome.values:
        raise ValidationError(_("Choose the outcome."))
    if outcome == FilingOutcome.REJECTED:
        if not (note or "").strip():
            raise ValidationError(_("Say why the submission was rejected."))
        with audited(who):
            _filing_move(filing, FilingStatus.OPEN, outcome_note=note[:2000])
        _event(filing.licence, LicenceEventKind.FILING_CLOSED, who, f"{filing.title}: {note}")
        return filing
    licence = filing.licence
    renews = filing.kind in (FilingKind.RENEWAL, FilingKind.REAPPLICATION)
    if renews and (
        not new_valid_until or (licence.valid_until and new_valid_until <= licence.valid_until)
    ):
        raise ValidationError(_("Give the new validity end, after the current one."))
    with audited(who):
        _filing_move(filing, FilingStatus.CLOSED, outcome=outcome, outcome_note=(note or "")[:2000],
                     closed_at=timezone.now())  # fmt: skip
    label = FilingOutcome(outcome).label
    deadline_done(
        actor=actor, subject=filing, kind=calendar.DEADLINE_KINDS[filing.kind][0],
        outcome=f"{label} {filing.receipt_number} {note}".strip(), who=who,
    )  # fmt: skip
    _event(licence, LicenceEventKind.FILING_CLOSED, who, f"{filing.title}: {label}")
    if renews:
        licence = licence_save(
            actor=actor, licence=licence, data={"valid_until": new_valid_until}, who=who
        )
        if licence.status == LicenceStatus.RENEWAL_DUE:
            licence_transition(actor=actor, licence=licence, to=LicenceStatus.GRANTED, who=who)
    return filing


# --- evidence ----------------------------------------------------------------------------------

MAX_EVIDENCE = 20 * 1024 * 1024


@transaction.atomic
def evidence_add(*, actor, licence: Licence, upload, title: str, dated: datetime.date,
                 filing: Filing | None = None, who=None) -> Evidence:  # fmt: skip
    """Keep a dated file for the licence (or one of its obligations, while it is not closed)."""
    from siteops.core.uploads import files_or_nothing

    who = who or acting_for(actor, CHANGE)
    if filing is not None and (filing.licence_id != licence.pk):
        raise ValidationError(_("That obligation belongs to another licence."))
    if filing is not None and filing.is_closed:
        raise ValidationError(_("Evidence of a closed obligation cannot be changed."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the evidence a title."))
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError(_("Choose a file."))
    if upload.size > MAX_EVIDENCE:
        raise ValidationError(_("The file is larger than 20 MB."))
    ev = Evidence(licence=licence, filing=filing, title=title[:200], dated=dated,
                  uploaded_by=who.user if who.user_id else None)  # fmt: skip
    with files_or_nothing() as put:
        put(ev.file, upload.name[-100:], upload)
        ev.full_clean()
        ev.save()
    _event(licence, LicenceEventKind.EVIDENCE, who, title)
    return ev
