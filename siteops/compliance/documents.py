"""Writes of the department's policies (MGR-09) and operations documents (MGR-10).

A document's text is revisioned (siteops.core.revisions): every edit is a revision, the row holds
the approved (live) text. Submitting sends the newest revision to approval (siteops.approvals,
leadership by default); approval publishes it as the next version, effective on its date, with
the next review due after the review interval (a deadline, so the owner gets the reminders); the
positions it applies to acknowledge each new version. An overdue review sets "needs review"."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.approvals.services import approval_submit
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.core.revisions import revision_publish, revision_save
from siteops.deadlines.services import deadline_register, kind_ensure
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.selectors import positions_of

from .choices import DOCUMENT_TRANSITIONS, DocumentStatus
from .models import Acknowledgement, Document, DocumentEvent

CHANGE = "compliance.change_document"
REVIEW_KIND = ("document_review", "制度/文档复审", "30,7")


def _event(document, kind: str, who, message: str = "") -> None:
    DocumentEvent.objects.create(
        document=document, kind=kind, message=message[:500], **who.event_fields()
    )


def _move(document: Document, to: str, **fields) -> None:
    old = document.status
    if to not in DOCUMENT_TRANSITIONS[old]:
        raise IllegalTransition(
            _("A document cannot go from “%(old)s” to “%(new)s”.")
            % {"old": DocumentStatus(old).label, "new": DocumentStatus(to).label}
        )
    if not Document.objects.filter(pk=document.pk, status=old).update(status=to, **fields):
        raise IllegalTransition(_("The document was changed meanwhile; reload and try again."))
    document.refresh_from_db()


def _months_later(day: datetime.date, months: int) -> datetime.date:
    import calendar

    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def document_create(*, actor, kind: str, title: str, body: str, owner, applies_to=(),
                    review_months: int = 12, licence=None) -> Document:  # fmt: skip
    who = acting_for(actor, "compliance.add_document")
    doc = Document(kind=kind, title=(title or "").strip()[:200], body=body or "", owner=owner,
                   review_months=review_months, licence=licence)  # fmt: skip
    doc.full_clean()
    with audited(who):
        doc.save()
        doc.applies_to.set(applies_to)
    revision_save(obj=doc, who=who, message=_("First draft"))
    _event(doc, "created", who, doc.title)
    return doc


@transaction.atomic
def document_edit(*, actor, document: Document, title: str, body: str, message: str = ""):
    """A new draft revision (an effective version stays in force until the new one is approved)."""
    who = acting_for(actor, CHANGE)
    if document.status in (DocumentStatus.IN_REVIEW, DocumentStatus.SUPERSEDED):
        raise IllegalTransition(_("A document in review or superseded cannot be edited."))
    rev = revision_save(
        obj=document, who=who, data={"title": title[:200], "body": body}, message=message
    )
    _event(document, "edited", who, message)
    return rev


@transaction.atomic
def document_submit(*, actor, document: Document, effective_date: datetime.date | None = None,
                    message: str = ""):  # fmt: skip
    """Send the newest revision to approval; it takes effect on ``effective_date`` (or on approval)."""
    who = acting_for(actor, CHANGE)
    if effective_date and effective_date < timezone.localdate():
        raise ValidationError(_("The effective date cannot be in the past."))
    if (
        document.latest_revision_id is None
        or document.latest_revision_id == document.live_revision_id
    ):
        raise ValidationError(_("There is no new version to submit; edit the document first."))
    with audited(who):
        _move(document, DocumentStatus.IN_REVIEW, effective_date=effective_date)
    approval = approval_submit(
        obj=document, revision=document.latest_revision, message=message, who=who
    )
    _event(document, "submitted", who, message)
    return approval


def on_approved(approval, who) -> None:
    """Approval passed (in the deciding transaction): publish the version; effective now or on
    its date."""
    document = Document.objects.select_for_update().get(pk=approval.object_id)
    revision_publish(obj=document, revision=approval.revision, who=who)
    document.refresh_from_db()
    _move(document, DocumentStatus.APPROVED)
    _event(document, "approved", who, "")
    if not document.effective_date or document.effective_date <= timezone.localdate():
        _take_effect(document, who)


def on_rejected(approval, who) -> None:
    document = Document.objects.get(pk=approval.object_id)
    if document.status == DocumentStatus.IN_REVIEW:
        _move(document, DocumentStatus.DRAFT if not document.version else DocumentStatus.EFFECTIVE)
    _event(document, "rejected", who, "")


def _take_effect(document: Document, who) -> None:
    today = timezone.localdate()
    nxt = _months_later(document.effective_date or today, document.review_months)
    _move(document, DocumentStatus.EFFECTIVE, version=document.version + 1,
          effective_date=document.effective_date or today, next_review_on=nxt)  # fmt: skip
    kind_ensure(code=REVIEW_KIND[0], name=REVIEW_KIND[1], lead_days=REVIEW_KIND[2])
    deadline_register(subject=document, kind=REVIEW_KIND[0], due_date=nxt, position=document.owner,
                      title=_("Review: %(title)s") % {"title": document.title}, who=who)  # fmt: skip
    _event(document, "effective", who, f"v{document.version}")


def documents_daily(*, today: datetime.date | None = None) -> dict:
    """The daily job: approved documents whose date came take effect; an effective document past
    its review date needs review."""
    today = today or timezone.localdate()
    system = system_acting()
    came = 0
    for doc in Document.objects.filter(status=DocumentStatus.APPROVED, effective_date__lte=today):
        with transaction.atomic():
            _take_effect(doc, system)
        came += 1
    overdue = 0
    for doc in Document.objects.filter(status=DocumentStatus.EFFECTIVE, next_review_on__lt=today):
        with transaction.atomic():
            _move(doc, DocumentStatus.NEEDS_REVIEW)
            _event(doc, "needs_review", system, str(doc.next_review_on))
        overdue += 1
    return {"effective": came, "needs_review": overdue}


@transaction.atomic
def document_supersede(*, actor, document: Document, note: str = "") -> Document:
    who = acting_for(actor, CHANGE)
    with audited(who):
        _move(document, DocumentStatus.SUPERSEDED)
    _event(document, "superseded", who, note)
    return document


@transaction.atomic
def document_acknowledge(*, actor, document: Document) -> Acknowledgement:
    """The person read the current version (only someone in a position it applies to)."""
    if document.status not in (DocumentStatus.EFFECTIVE, DocumentStatus.NEEDS_REVIEW):
        raise IllegalTransition(_("Only a document in force is acknowledged."))
    codes = set(document.applies_to.values_list("code", flat=True))
    mine = [a.position.code for a in positions_of(actor) if a.position.code in codes]
    if not mine:
        raise NotAllowed(_("This document does not apply to your position."))
    ack, _created = Acknowledgement.objects.get_or_create(
        document=document, version=document.version, user=actor, defaults={"position_code": mine[0]}
    )
    return ack
