"""Reads of documents and pages: the shop sees only live ones."""

from __future__ import annotations

from django.db.models import Q

from .choices import HELP_KINDS, FooterGroup, PageKind
from .models import Page

SEARCH_LIMIT = 50


def live_pages():
    """Pages the public may see: a revision is live (drafts, reviews, unpublished: none)."""
    return Page.objects.filter(live_revision__isnull=False)


def live_help_page(slug: str) -> Page | None:
    return live_pages().filter(slug=slug, kind__in=HELP_KINDS).first()


def live_topic_page(slug: str) -> Page | None:
    return live_pages().filter(slug=slug, kind=PageKind.TOPIC).first()


def page_by_slug(slug: str) -> Page | None:
    """The page at ``slug``, live or not (e.g. a campaign's topic page its design request is
    about, while it is still a draft)."""
    return Page.objects.filter(slug=slug).first()


def footer_groups() -> list[tuple[str, list[Page]]]:
    """The footer's groups of live documents, in their order (one query)."""
    pages = (
        live_pages()
        .filter(kind__in=HELP_KINDS)
        .exclude(footer_group="")
        .only("slug", "title", "title_en", "footer_group", "order", "kind")
        .order_by("order", "pk")[:60]
    )
    by_group: dict[str, list[Page]] = {}
    for page in pages:
        by_group.setdefault(page.footer_group, []).append(page)
    return [(FooterGroup(g).label, by_group[g]) for g in FooterGroup.values if g in by_group]


def help_search(q: str):
    """Live documents whose title or text (either language) contains ``q``."""
    qs = live_pages().filter(kind__in=HELP_KINDS)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(title_en__icontains=q) | Q(body__icontains=q)
            | Q(body_en__icontains=q)
        )  # fmt: skip
    return qs.order_by("footer_group", "order", "pk")[:SEARCH_LIMIT]


def pages_for(user):
    """The back office's list: everyone with the view permission sees all pages (no secrets)."""
    if not user.has_perm("content.view_page"):
        return Page.objects.none()
    return Page.objects.select_related("latest_revision", "live_revision")


def slogan_used_in(slogan) -> list[Page]:
    """Pages whose live content or newest draft places ``slogan`` (the "used in" list shown
    before a slogan is edited or deleted)."""
    used = []
    pages = Page.objects.filter(kind__in=(PageKind.TOPIC, PageKind.STATIC))
    for page in pages.select_related("latest_revision"):
        draft_blocks = page.latest_revision.data.get("blocks") if page.latest_revision else None
        for blocks in (page.blocks, draft_blocks or []):
            if any(b.get("type") == "slogan" and b.get("slogan") == slogan.code for b in blocks):
                used.append(page)
                break
    return used


def live_region_pages() -> list[Page]:
    """The shop's own regions that are live (what ``live_regions`` renders)."""
    return list(
        live_pages().filter(kind=PageKind.REGION).only(
            "slug", "body", "body_en", "blocks", "live_revision_id"
        )
    )  # fmt: skip


def live_regions(pages: list[Page] | None = None) -> dict[str, str]:
    """ART-03: the live content of the shop's own regions, as HTML per region address, in the
    reader's language (one query unless ``pages`` are given, e.g. from a per-version cache;
    rendered here every time, since a region's countdown or slogan may change without a new
    version; a block that fails renders nothing)."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    from .blocks import render_blocks

    out = {}
    for page in live_region_pages() if pages is None else pages:
        body = page.display_body
        html = format_html('<div class="region-text">{}</div>', mark_safe(body)) if body else ""
        out[page.slug] = mark_safe(f"{html}{render_blocks(page.blocks)}")  # noqa: S308 - clean_html on save
    return out
