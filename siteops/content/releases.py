"""Releases: pages, slogans and ads that go live together at one instant, all or nothing.

A publisher (chief editor, manager) assembles a release from approved page revisions, new slogan
texts and prepared ads, then publishes it now or schedules it (the job ``publish_due_releases``
runs it). Publishing first checks every item; if any fails, nothing is published, each failing
item keeps its problem and the release says which. Then everything is written in one
transaction, so the shop sees all of it or none of it.

    draft ──schedule──▶ scheduled ──(job / publish now)──▶ published
      │ ◀──unschedule──    │                         └──▶ failed (nothing published)
      └──cancel──▶ cancelled
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.revisions import revision_publish
from siteops.org.acting import acting_for, audited, system_acting

from .choices import PageAction, PageStatus, ReleaseItemKind, ReleaseStatus
from .models import Page, PageEvent, Release, ReleaseItem, Slogan

log = logging.getLogger(__name__)

PERM = "content.publish_release"

TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "schedule": ((ReleaseStatus.DRAFT, ReleaseStatus.FAILED), ReleaseStatus.SCHEDULED),
    "unschedule": ((ReleaseStatus.SCHEDULED,), ReleaseStatus.DRAFT),
    "publish": (
        (ReleaseStatus.DRAFT, ReleaseStatus.SCHEDULED, ReleaseStatus.FAILED),
        ReleaseStatus.PUBLISHED,
    ),  # fmt: skip
    "fail": (
        (ReleaseStatus.DRAFT, ReleaseStatus.SCHEDULED, ReleaseStatus.FAILED),
        ReleaseStatus.FAILED,
    ),  # fmt: skip
    "cancel": (
        (ReleaseStatus.DRAFT, ReleaseStatus.SCHEDULED, ReleaseStatus.FAILED),
        ReleaseStatus.CANCELLED,
    ),  # fmt: skip
}
EDITABLE = (ReleaseStatus.DRAFT, ReleaseStatus.FAILED)


def _move(release: Release, action: str, **fields) -> None:
    olds, new = TRANSITIONS[action]
    n = Release.objects.filter(pk=release.pk, status__in=olds).update(status=new, **fields)
    if n != 1:
        raise IllegalTransition(
            _("The release “%(r)s” is %(status)s: that cannot be done now.")
            % {"r": release, "status": release.get_status_display()}
        )
    release.status = new
    for name, value in fields.items():
        setattr(release, name, value)


def _editable(release: Release) -> None:
    release.refresh_from_db()
    if release.status not in EDITABLE:
        raise IllegalTransition(_("Only a release being assembled can be changed."))


# --- assembling ----------------------------------------------------------------------------


def release_create(*, actor, name: str) -> Release:
    acting_for(actor, PERM)
    name = (name or "").strip()[:160]
    if not name:
        raise DomainError(_("Give the release a name."))
    return Release.objects.create(name=name, created_by=actor)


def release_add_page(*, actor, release: Release, page: Page) -> ReleaseItem:
    """The page's approved revision (the one waiting to go live) joins the release."""
    acting_for(actor, PERM)
    _editable(release)
    page.refresh_from_db()
    if page.scheduled_revision_id is None or page.status not in (
        PageStatus.APPROVED, PageStatus.SCHEDULED,
    ):  # fmt: skip
        raise DomainError(_("“%(page)s” has no approved revision to release.") % {"page": page})
    with transaction.atomic():
        item, _created = ReleaseItem.objects.update_or_create(
            release=release, kind=ReleaseItemKind.PAGE, page=page,
            defaults={"revision_id": page.scheduled_revision_id, "error": ""},
        )  # fmt: skip
        # The release decides when it goes live: the page's own go-live time is cleared, so it
        # cannot go live on its own before the rest.
        if Page.objects.filter(pk=page.pk, status=PageStatus.SCHEDULED).update(
            status=PageStatus.APPROVED, publish_at=None
        ):
            PageEvent.objects.create(
                page=page, action=PageAction.UNSCHEDULED, revision_number=item.revision.number,
                comment=_("Goes live with the release “%(r)s”.") % {"r": release.name},
                **acting_for(actor, PERM).event_fields(),
            )  # fmt: skip
    return item


def release_add_slogan(*, actor, release: Release, slogan: Slogan, text: str, text_en: str = ""):
    """The slogan's new text, applied when the release goes live (checked then too)."""
    acting_for(actor, PERM)
    _editable(release)
    item, _created = ReleaseItem.objects.update_or_create(
        release=release, kind=ReleaseItemKind.SLOGAN, slogan=slogan,
        defaults={"text": (text or "")[:400], "text_en": (text_en or "")[:400], "error": ""},
    )  # fmt: skip
    return item


def release_add_ad(*, actor, release: Release, ad) -> ReleaseItem:
    """A prepared (switched-off) ad that the release switches on."""
    acting_for(actor, PERM)
    _editable(release)
    if ad.is_active:
        raise DomainError(_("The ad “%(ad)s” is already on.") % {"ad": ad})
    item, _created = ReleaseItem.objects.get_or_create(
        release=release, kind=ReleaseItemKind.AD, ad=ad
    )
    return item


def release_remove_item(*, actor, item: ReleaseItem) -> None:
    acting_for(actor, PERM)
    _editable(item.release)
    item.delete()


def release_schedule(*, actor, release: Release, publish_at: datetime.datetime) -> None:
    acting_for(actor, PERM)
    if publish_at <= timezone.now():
        raise DomainError(_("The go-live time must be in the future."))
    if not release.items.exists():
        raise DomainError(_("The release has nothing in it."))
    _move(release, "schedule", publish_at=publish_at, failure="")


def release_unschedule(*, actor, release: Release) -> None:
    acting_for(actor, PERM)
    _move(release, "unschedule", publish_at=None)


def release_cancel(*, actor, release: Release) -> None:
    acting_for(actor, PERM)
    _move(release, "cancel", publish_at=None)


# --- checking and publishing ----------------------------------------------------------------


def _problem(item: ReleaseItem) -> str:
    """Why ``item`` cannot go live now ("" when it can)."""
    if item.kind == ReleaseItemKind.PAGE:
        page = item.page
        if page.live_revision_id == item.revision_id:
            return _("This revision is already live.")
        if page.status not in (PageStatus.APPROVED, PageStatus.SCHEDULED) or (
            page.scheduled_revision_id != item.revision_id
        ):
            return _("The revision is no longer the approved one (the page is %(status)s).") % {
                "status": page.get_status_display()
            }
        try:
            page.as_of(item.revision).full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            return "; ".join(exc.messages)
        return ""
    if item.kind == ReleaseItemKind.SLOGAN:
        if not item.text.strip():
            return _("The new text is empty.")
        slogan = item.slogan
        slogan.text, slogan.text_en = item.text, item.text_en
        try:
            slogan.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            return "; ".join(exc.messages)
        return ""
    ad = item.ad
    ad.is_active = True
    try:
        ad.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return "; ".join(exc.messages)
    if ad.end is not None and ad.end <= timezone.now():
        return _("The ad's end time has passed.")
    return ""


def _apply(item: ReleaseItem, who) -> None:
    if item.kind == ReleaseItemKind.PAGE:
        revision_publish(obj=item.page, revision=item.revision, who=who)
    elif item.kind == ReleaseItemKind.SLOGAN:
        Slogan.objects.filter(pk=item.slogan_id).update(
            text=item.text, text_en=item.text_en, updated_at=timezone.now()
        )
    else:
        item.ad.is_active = True
        item.ad.save(update_fields=["is_active", "updated_at"])


def _items(release: Release) -> list[ReleaseItem]:
    return list(release.items.select_related("page", "revision", "slogan", "ad").order_by("pk"))


def release_publish(*, actor=None, release: Release, who=None) -> bool:
    """Publish every item of the release now, or none. Returns True when it went live; False when
    an item failed its check (the release is then "failed" and each failing item says why)."""
    who = who or acting_for(actor, PERM)
    with transaction.atomic(), audited(who):
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.status not in TRANSITIONS["publish"][0]:
            raise IllegalTransition(
                _("The release “%(r)s” is %(status)s: that cannot be done now.")
                % {"r": locked, "status": locked.get_status_display()}
            )
        items = _items(locked)
        if not items:
            raise DomainError(_("The release has nothing in it."))
        problems = {item.pk: _problem(item) for item in items}
        failed = None
        if not any(problems.values()):
            try:
                with transaction.atomic():  # one instant: all of it, or (on error) none of it
                    for item in items:
                        _apply(item, who)
                    _move(locked, "publish", published_at=timezone.now(), failure="")
            except (DomainError, ValidationError) as exc:
                failed = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        for item in items:
            if item.error != problems[item.pk]:
                ReleaseItem.objects.filter(pk=item.pk).update(error=problems[item.pk][:500])
        bad = [f"{item.label}: {problems[item.pk]}" for item in items if problems[item.pk]]
        if failed is not None:
            bad.append(failed)
        if bad:
            _move(locked, "fail", failure="\n".join(bad)[:4000])
    release.refresh_from_db()
    return not bad


def releases_due_run(now: datetime.datetime | None = None) -> int:
    """Publish every scheduled release that is due (each once: the row is locked and its status
    changed in the publishing transaction). Returns how many went live."""
    now = now or timezone.now()
    done = 0
    due = Release.objects.filter(status=ReleaseStatus.SCHEDULED, publish_at__lte=now)
    for release in list(due.order_by("publish_at", "pk")[:100]):
        try:
            if release_publish(release=release, who=system_acting()):
                done += 1
        except IllegalTransition:
            continue  # another run took it
    return done
