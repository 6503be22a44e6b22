"""A customer's claim through a live topic page's points claim block (MNT-02): the page must be
live and the block on its live revision; the points are loyalty's to give (``claims.points_claim``),
in the same transaction as these checks."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from siteops.content.selectors import live_topic_page
from siteops.core.errors import DomainError
from siteops.loyalty.claims import points_claim

from .blocks import PointsClaim, pool_ref


def live_claim_block(page, key: str) -> dict | None:
    """The points claim block with ``key`` on ``page``'s live revision (the row holds the live
    content; drafts live in revisions), or None."""
    for block in page.blocks or []:
        if block.get("type") == PointsClaim.name and block.get("key") == key:
            return block
    return None


def page_points_claim(*, customer, slug: str, key: str):
    """``customer`` claims the points of the claim block ``key`` of the live topic page ``slug``.
    Raises DomainError (``not_live``: no such live page or block on it; and loyalty's codes)."""
    with transaction.atomic():
        page = live_topic_page(slug)
        block = live_claim_block(page, key) if page is not None else None
        if block is None:
            raise DomainError(_("This points claim is not on a live page."), code="not_live")
        return points_claim(
            customer=customer, project_code=block["project"], ref=pool_ref(page, key),
            label=_("topic page “%(title)s”") % {"title": page.title}, points=block["points"],
            cap=block["cap"], link=f"/t/{page.slug}/",
        )  # fmt: skip
