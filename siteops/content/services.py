"""Writes of documents and pages. Every content change is a revision (siteops.core.revisions);
review goes through approvals (copy editor → chief editor; topic pages: activity planner →
chief editor); publication by the approval, by the schedule, or by a publisher's rollback.

Workflow of the newest revision (``Page.status``), a table + conditional UPDATEs:

    draft ──submit──▶ in review ──approve──▶ approved ──schedule──▶ scheduled ──(job)──▶ published
      ▲                  │ reject / withdraw        ◀──unschedule──              published ──▶ unpublished
      └──────────────────┘
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.revisions import revision_publish, revision_save, revision_unpublish
from siteops.core.sanitize import clean_html
from siteops.org.acting import acting_for, audited, system_acting

from .blocks import clean_blocks
from .choices import PageAction, PageKind, PageStatus, ShopRegion, is_region_slug
from .models import KIND_AUTHORS, Page, PageEvent

log = logging.getLogger(__name__)

PAGE_KIND = "content.page"  # approval kinds (registered in apps.py)
TOPIC_KIND = "content.topicpage"

# action -> (from statuses, to status)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "edit": (
        (
            PageStatus.DRAFT,
            PageStatus.APPROVED,
            PageStatus.SCHEDULED,
            PageStatus.PUBLISHED,
            PageStatus.UNPUBLISHED,
        ),
        PageStatus.DRAFT,
    ),  # fmt: skip
    "submit": ((PageStatus.DRAFT, PageStatus.UNPUBLISHED), PageStatus.IN_REVIEW),
    "reject": ((PageStatus.IN_REVIEW,), PageStatus.DRAFT),
    "withdraw": ((PageStatus.IN_REVIEW,), PageStatus.DRAFT),
    "approve": ((PageStatus.IN_REVIEW,), PageStatus.APPROVED),
    "schedule": ((PageStatus.APPROVED,), PageStatus.SCHEDULED),
    "unschedule": ((PageStatus.SCHEDULED,), PageStatus.APPROVED),
}

EDITABLE_FIELDS = (
    "title", "title_en", "body", "body_en", "seo_title", "seo_description", "blocks",
)  # fmt: skip


def _move(page: Page, action: str, **fields) -> None:
    olds, new = TRANSITIONS[action]
    n = Page.objects.filter(pk=page.pk, status__in=olds).update(status=new, **fields)
    if n != 1:
        raise IllegalTransition(
            _("“%(page)s” is %(status)s: that cannot be done now.")
            % {"page": page, "status": page.get_status_display()}
        )
    page.status = new
    for name, value in fields.items():
        setattr(page, name, value)


def _event(page, who, action, *, revision=None, comment: str = "") -> PageEvent:
    return PageEvent.objects.create(
        page=page,
        action=action,
        revision_number=getattr(revision, "number", None),
        comment=comment[:2000],
        **who.event_fields(),
    )


def _check_kind(who, kind: str) -> None:
    if who.position and who.position not in KIND_AUTHORS[kind]:
        raise NotAllowed(_("Your position does not write pages of this kind."))


def _clean(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    for name in ("body", "body_en"):
        if name in data:
            data[name] = clean_html(data[name])
    if "blocks" in data:
        data["blocks"] = clean_blocks(data["blocks"])
    return data


def approval_kind(page: Page) -> str:
    return TOPIC_KIND if page.kind == PageKind.TOPIC else PAGE_KIND


# --- writing ---------------------------------------------------------------------------------


def page_create(
    *,
    actor,
    kind: str,
    slug: str,
    data: dict,
    footer_group: str = "",
    order: int = 0,
    needs_design: bool = False,
) -> Page:
    """A new document or page with its first revision (a draft, not on the shop)."""
    who = acting_for(actor, "content.add_page")
    if kind not in PageKind.values:
        raise DomainError(_("Choose the kind of page."))
    _check_kind(who, kind)
    if (kind == PageKind.REGION) != is_region_slug(slug or ""):
        raise DomainError(
            _("A shop region's address is its region (%(codes)s, or category-banner-<category>); "
              "no other page may use such an address.") % {"codes": ", ".join(ShopRegion.values)}
        )  # fmt: skip
    if Page.objects.filter(slug=slug).exists():
        raise DomainError(_("Another page already uses the address “%(slug)s”.") % {"slug": slug})
    with transaction.atomic(), audited(who):
        page = Page(
            kind=kind,
            slug=slug,
            footer_group=footer_group,
            order=order,
            needs_design=needs_design,
            author=actor if getattr(actor, "pk", None) else None,
            **_clean(data),
        )
        from siteops.core.revisions import _validate  # the same validation as every revision

        _validate(page)
        page.save()
        rev = revision_save(obj=page, who=who, message=_("Created"))
        _event(page, who, PageAction.CREATED, revision=rev)
        if needs_design:
            design_request_open(page=page, who=who)
    return page


def page_save(*, actor, page: Page, data: dict, message: str = "", who=None):
    """Keep the edited content as a new revision (the live page is unchanged until published)."""
    who = who or acting_for(actor, "content.change_page")
    with transaction.atomic(), audited(who):
        before = page.latest_revision_id
        rev = revision_save(obj=page, data=_clean(data), message=message, who=who)
        if rev.pk != before:
            if page.status != PageStatus.DRAFT:
                _move(page, "edit")
            _event(page, who, PageAction.SAVED, revision=rev, comment=message)
    return rev


def page_settings(*, actor, page: Page, footer_group: str, order: int, needs_design: bool):
    """Where the document sits in the shop's footer; whether it needs a designed page."""
    who = acting_for(actor, "content.change_page")
    _check_kind(who, page.kind)
    with transaction.atomic(), audited(who):
        opened = needs_design and not page.needs_design
        Page.objects.filter(pk=page.pk).update(
            footer_group=footer_group, order=order, needs_design=needs_design
        )
        page.footer_group, page.order, page.needs_design = footer_group, order, needs_design
        if opened:
            design_request_open(page=page, who=who)


def design_request_open(*, page: Page, who) -> None:
    """CPY-05 / ART-04: a page that needs a designed page opens a design request to the art
    editor, linked to it (siteops.content.design)."""
    from . import design

    design.request_open(
        who=who,
        page=page,
        title=_("Designed page for “%(page)s”") % {"page": page.title},
        purpose=_("The page “%(page)s” (/%(slug)s/) needs a designed page.")
        % {"page": page.title, "slug": page.slug},
    )


# --- review ----------------------------------------------------------------------------------


def page_submit(*, actor, page: Page, publish_at: datetime.datetime | None = None, message=""):
    """Send the newest revision to review; ``publish_at`` (optional) is when it should go live
    once approved (empty: as soon as it is approved)."""
    from siteops.approvals.services import approval_submit

    who = acting_for(actor, "content.change_page")
    _check_kind(who, page.kind)
    if publish_at is not None and publish_at <= timezone.now():
        raise DomainError(_("The go-live time must be in the future."))
    page.refresh_from_db()
    if page.latest_revision_id is None or page.latest_revision_id == page.live_revision_id:
        raise DomainError(_("Nothing to review: the newest revision is already live."))
    with transaction.atomic(), audited(who):
        _move(page, "submit", publish_at=publish_at)
        approval = approval_submit(
            obj=page,
            kind=approval_kind(page),
            revision=page.latest_revision,
            message=message,
            who=who,
        )
        _event(page, who, PageAction.SUBMITTED, revision=page.latest_revision, comment=message)
    return approval


def pending_approval(page: Page):
    from django.contrib.contenttypes.models import ContentType

    from siteops.approvals.choices import ApprovalStatus
    from siteops.approvals.models import Approval

    return Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(Page),
        object_id=page.pk,
        status=ApprovalStatus.PENDING,
    ).first()


def page_withdraw(*, actor, page: Page, reason: str = ""):
    """The author takes the page back from review (it is then editable again)."""
    from siteops.approvals.services import approval_cancel

    approval = pending_approval(page)
    if approval is None:
        raise IllegalTransition(_("This page is not waiting for review."))
    approval_cancel(actor=actor, approval=approval, reason=reason)
    page.refresh_from_db()


def _page_of(approval) -> Page:
    return Page.objects.select_for_update().get(pk=approval.object_id)


def on_approved(approval, who) -> None:
    """The approval passed: publish now, or keep the approved revision for its go-live time."""
    page = _page_of(approval)
    revision = approval.revision
    _move(page, "approve", scheduled_revision=revision)
    _event(page, who, PageAction.APPROVED, revision=revision)
    if page.publish_at and page.publish_at > timezone.now():
        _move(page, "schedule")
        _event(page, who, PageAction.SCHEDULED, revision=revision)
    else:
        revision_publish(obj=page, revision=revision, who=who)


def on_rejected(approval, who) -> None:
    page = _page_of(approval)
    comment = approval.events.filter(action="rejected").values_list("comment", flat=True).first()
    _move(page, "reject", publish_at=None)
    _event(page, who, PageAction.REJECTED, revision=approval.revision, comment=comment or "")


def on_cancelled(approval, who) -> None:
    page = _page_of(approval)
    _move(page, "withdraw", publish_at=None)
    _event(page, who, PageAction.WITHDRAWN, revision=approval.revision)


# --- schedule and publication ------------------------------------------------------------------


def page_schedule(*, actor, page: Page, publish_at: datetime.datetime) -> None:
    who = acting_for(actor, "content.publish_page")
    if publish_at <= timezone.now():
        raise DomainError(_("The go-live time must be in the future."))
    with transaction.atomic(), audited(who):
        _move(page, "schedule", publish_at=publish_at)
        _event(page, who, PageAction.SCHEDULED, revision=page.scheduled_revision)


def page_unschedule(*, actor, page: Page) -> None:
    """Cancel a schedule in one action (the approved revision waits to be published)."""
    who = acting_for(actor, "content.publish_page")
    with transaction.atomic(), audited(who):
        scheduled = Page.objects.filter(pk=page.pk, publish_at__isnull=False).exclude(
            scheduled_revision=None
        )
        if page.status == PageStatus.SCHEDULED:
            _move(page, "unschedule", publish_at=None)
        elif scheduled.update(publish_at=None) == 1:  # edited since: a newer draft is in work
            page.publish_at = None
        else:
            raise IllegalTransition(_("Nothing is scheduled for this page."))
        _event(page, who, PageAction.UNSCHEDULED, revision=page.scheduled_revision)


def page_publish_approved(*, actor, page: Page) -> None:
    """Publish the approved (or scheduled) revision now."""
    who = acting_for(actor, "content.publish_page")
    page.refresh_from_db()
    if page.status not in (PageStatus.APPROVED, PageStatus.SCHEDULED) or not (
        page.scheduled_revision_id
    ):
        raise IllegalTransition(_("Only an approved revision can be published."))
    with audited(who):
        revision_publish(obj=page, revision=page.scheduled_revision, who=who)


def page_unpublish(*, actor, page: Page) -> None:
    """Take the page off the shop (it answers 404 from the next request)."""
    who = acting_for(actor, "content.publish_page")
    with audited(who):
        revision_unpublish(obj=page, who=who)


def previous_live_revision(page: Page):
    """The revision that was live before the current one (what a rollback puts back)."""
    from siteops.core.revisions import publications_of

    seen_current = False
    for pub in publications_of(page).select_related("revision")[:200]:
        if pub.revision_id is None:
            continue
        if not seen_current:
            if pub.revision_id == page.live_revision_id:
                seen_current = True
            continue
        if pub.revision_id != page.live_revision_id:
            return pub.revision
    return None


def page_rollback(*, actor, page: Page):
    """One click: put the previously live revision back on the shop (a redesign that went wrong
    is undone at once; the newer revisions stay in the history)."""
    who = acting_for(actor, "content.publish_page")
    page.refresh_from_db()
    revision = previous_live_revision(page) if page.is_live else None
    if revision is None:
        raise IllegalTransition(_("No earlier live revision to roll back to."))
    with audited(who):
        revision_publish(obj=page, revision=revision, who=who)
    return revision


def scheduled_publish_run(now: datetime.datetime | None = None) -> int:
    """Publish every scheduled revision that is due, each exactly once (the row is locked and the
    schedule cleared in the publishing transaction). Returns how many went live."""
    now = now or timezone.now()
    done = 0
    due = Page.objects.filter(scheduled_revision__isnull=False, publish_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(due[:500]):
        try:
            with transaction.atomic():
                page = (
                    Page.objects.select_for_update()
                    .filter(pk=pk, publish_at__lte=now)
                    .exclude(scheduled_revision=None)
                    .first()
                )
                if page is None:
                    continue  # another run took it
                revision_publish(obj=page, revision=page.scheduled_revision, who=system_acting())
                done += 1
        except DomainError:  # e.g. already live by hand: the schedule has nothing left to do
            log.exception("scheduled publication of page %s failed", pk)
            Page.objects.filter(pk=pk).update(publish_at=None, scheduled_revision=None)
    return done
