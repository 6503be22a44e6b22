"""Published documents and topic pages for the app or a partner site (/api/v1/content/…).

Read-only and public content: any active client token may read; only live revisions are served
(drafts, pages in review and unpublished pages answer 404). Both languages are returned (English
empty when there is none: show the Chinese)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from siteops.api.schemas import Error

from . import selectors
from .blocks import render_blocks
from .choices import PageKind

PREFIX = "content"
router = Router(tags=["content"])
LIST_LIMIT = 200


class PageSummaryOut(Schema):
    slug: str
    kind: str
    kind_label: str
    title: str
    title_en: str
    footer_group: str
    updated_at: datetime.datetime


class PageOut(PageSummaryOut):
    body: str = Field(description="Sanitised HTML (Chinese)")
    body_en: str = Field(description="Sanitised HTML (English; empty: use the Chinese)")
    seo_title: str
    seo_description: str
    blocks_html: str = Field(description="The page's blocks rendered (topic and static pages)")
    revision: int


def _summary(page) -> dict:
    return {
        "slug": page.slug,
        "kind": page.kind,
        "kind_label": str(page.get_kind_display()),
        "title": page.title,
        "title_en": page.title_en,
        "footer_group": page.footer_group,
        "updated_at": page.updated_at,
    }


@router.get(
    "/pages",
    response={200: list[PageSummaryOut], 400: Error, 401: Error},
    summary="Published documents and topic pages",
)
def page_list(request, kind: PageKind | None = None):
    """Every live page (at most 200), optionally of one kind."""
    qs = selectors.live_pages().order_by("kind", "order", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    return 200, [_summary(p) for p in qs[:LIST_LIMIT]]


@router.get(
    "/pages/{slug}",
    response={200: PageOut, 400: Error, 401: Error, 404: Error},
    summary="One published document or topic page",
)
def page_detail(request, slug: str):
    page = selectors.live_pages().select_related("live_revision").filter(slug=slug[:80]).first()
    if page is None:
        return 404, {"code": "not_found", "detail": _("No such published page.")}
    return 200, {
        **_summary(page),
        "body": page.body,
        "body_en": page.body_en,
        "seo_title": page.seo_title,
        "seo_description": page.seo_description,
        "blocks_html": str(render_blocks(page.blocks)),
        "revision": page.live_revision.number,
    }
