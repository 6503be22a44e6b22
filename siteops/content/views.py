"""The shop's side of content: help documents, the help centre, topic pages. Only live pages are
shown; drafts, pages in review and unpublished ones answer 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from siteops.core.errors import DomainError
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
        {"page": page, "blocks_html": render_blocks(page.blocks, page=page, request=request)},
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


def topic_page(request, slug, fragment_cache=None):
    """A live topic page. ``fragment_cache(name, compute)`` (the shop's per-version cache) keeps
    the page (its live content) and its rendered blocks between requests."""
    if fragment_cache is None:
        page = selectors.live_topic_page(slug)
    else:
        page = fragment_cache(f"content-topic:{slug}", lambda: selectors.live_topic_page(slug))
    if page is None:
        raise Http404
    blocks_html = render_blocks(
        page.blocks, page=page, fragment_cache=fragment_cache, request=request
    )
    return render(request, "content/topic_page.html", {"page": page, "blocks_html": blocks_html})


@require_GET
def stock(request, pk):
    """The live remaining stock of a product for the stock-figure block (never cached)."""
    from django.http import JsonResponse

    from .blocks import StockFigure

    response = JsonResponse({"remaining": StockFigure.remaining(pk)})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def signup(request, slug):
    """A sign-up through a live topic page's sign-up form: kept once per contact."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from . import signups

    page = selectors.live_topic_page(slug)
    if page is None or not any(b.get("type") == "signup" for b in page.blocks):
        raise Http404
    try:
        created = signups.signup_create(
            page=page, name=request.POST.get("name", ""), contact=request.POST.get("contact", ""),
            customer=request.user if request.user.is_authenticated else None,
        )  # fmt: skip
        messages.success(request, _("Thank you, you are signed up.") if created
                         else _("You had already signed up."))  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("storefront:topic", slug=page.slug)
