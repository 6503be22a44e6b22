"""Previews of a revision: in the back office at desktop and phone width, and as a shareable
link for reviewers in other departments (no account needed, read-only, with an expiry,
revocable). The link's token is signed (django.core.signing) and names a PreviewLink row, so a
forged or altered token is refused and revoking the row ends the link at once."""

from __future__ import annotations

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition
from siteops.org.acting import acting_for

from .models import Page, PreviewLink

SALT = "siteops.content.preview"
MAX_HOURS = 24 * 30


def link_create(*, actor, page: Page, hours: int, note: str = "", revision=None) -> PreviewLink:
    """A link to ``revision`` (default: the newest) valid for ``hours``."""
    acting_for(actor, "content.change_page")
    if not 1 <= hours <= MAX_HOURS:
        raise DomainError(_("A preview link is valid for 1 hour to 30 days."))
    revision = revision or page.latest_revision
    if revision is None:
        raise DomainError(_("There is no revision to preview yet."))
    return PreviewLink.objects.create(
        page=page, revision=revision, note=(note or "")[:120], created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )  # fmt: skip


def link_revoke(*, actor, link: PreviewLink) -> None:
    acting_for(actor, "content.change_page")
    if (
        PreviewLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=timezone.now())
        != 1
    ):
        raise IllegalTransition(_("This link was already revoked."))
    link.refresh_from_db()


def token_for(link: PreviewLink) -> str:
    return signing.dumps({"l": link.pk}, salt=SALT, compress=False)


def link_for_token(token: str) -> PreviewLink | None:
    """The link a token names, if the token is genuine and the link still valid; else None."""
    try:
        data = signing.loads(str(token)[:200], salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    pk = data.get("l") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    link = PreviewLink.objects.select_related("page", "revision").filter(pk=pk).first()
    if link is None or not link.is_valid(timezone.now()):
        return None
    return link
