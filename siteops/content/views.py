"""The shop's side of content: help documents, the help centre, topic pages. Only live pages are
shown; drafts, pages in review and unpublished ones answer 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from siteops.core.inputs import InputError, clean_text

from . import selectors
from .blocks import render_blocks


def help_page(request, slug):
    page = selectors.live_help_page(slug)
    if page is None:
        raise Http404
    return render(
        request,
        "content/help_page.html",
        {"page": page, "blocks_html": render_blocks(page.blocks)},
    )


def help_centre(request):
    try:
        q = clean_text(request.GET.get("q", ""), max_length=60).strip()
    except InputError:
        q = ""
    results = list(selectors.help_search(q)) if q else []
    return render(
        request,
        "content/help_centre.html",
        {"q_help": q, "results": results, "groups": selectors.footer_groups()},
    )


def topic_page(request, slug):
    page = selectors.live_topic_page(slug)
    if page is None:
        raise Http404
    return render(
        request,
        "content/topic_page.html",
        {"page": page, "blocks_html": render_blocks(page.blocks)},
    )
