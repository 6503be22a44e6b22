"""Preview screens: the back office's desktop/phone preview of a revision, the shareable links
(create, revoke), and the public read-only page a link opens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from siteops.core.errors import DomainError
from siteops.core.revisions import revision_of

from . import previews
from .blocks import render_blocks
from .models import Page, PreviewLink
from .selectors import pages_for


class ShareForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("for whom"), max_length=120, required=False)
    hours = forms.IntegerField(label=gettext_lazy("valid for (hours)"), min_value=1,
                               max_value=previews.MAX_HOURS, initial=72)  # fmt: skip


def render_revision(request, page: Page, revision, *, expires_at=None):
    """The shop's rendering of ``revision`` of ``page`` (never cached, never indexed)."""
    draft = page.as_of(revision)
    response = render(
        request,
        "content/preview.html",
        {"page": draft, "revision": revision, "expires_at": expires_at,
         "blocks_html": render_blocks(draft.blocks)},
    )  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def shared_preview(request, token):
    """The page a shareable link opens: no account needed; 404 once expired or revoked."""
    link = previews.link_for_token(token)
    if link is None:
        raise Http404
    return render_revision(request, link.page, link.revision, expires_at=link.expires_at)


def _page(request, pk) -> Page:
    if not request.user.has_perm("content.view_page"):
        raise PermissionDenied
    page = pages_for(request.user).filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def _revision(page, request):
    raw = str(request.GET.get("rev", ""))[:9]
    revision = revision_of(page, int(raw)) if raw.isdigit() else page.latest_revision
    if revision is None:
        raise Http404
    return revision


def urlpatterns(site):
    def preview(request, pk):
        page = _page(request, pk)
        revision = _revision(page, request)
        links = page.preview_links.select_related("revision")[:50]
        return site.render(
            request,
            "content/page_preview.html",
            {
                "page": page,
                "revision": revision,
                "frame_url": reverse("admin:content_preview_frame", args=[page.pk])
                + f"?rev={revision.number}",
                "links": [(link, request.build_absolute_uri(
                    reverse("content:preview", args=[previews.token_for(link)]))) for link in links],
                "now": timezone.now(),
                "can_share": request.user.has_perm("content.change_page"),
                "share_form": ShareForm(),
            },
            title=_("Preview"),
        )  # fmt: skip

    @xframe_options_sameorigin
    def frame(request, pk):
        page = _page(request, pk)
        return render_revision(request, page, _revision(page, request))

    @require_POST
    def share(request, pk):
        page = _page(request, pk)
        if not request.user.has_perm("content.change_page"):
            raise PermissionDenied
        form = ShareForm(request.POST)
        if form.is_valid():
            try:
                previews.link_create(actor=request.user, page=page,
                                     hours=form.cleaned_data["hours"],
                                     note=form.cleaned_data["note"] or "")  # fmt: skip
                messages.success(request, _("Link created: copy it from the list."))
            except DomainError as exc:
                messages.error(request, str(exc))
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
        return redirect("admin:content_page_preview", pk=page.pk)

    @require_POST
    def revoke(request, pk, link_pk):
        page = _page(request, pk)
        if not request.user.has_perm("content.change_page"):
            raise PermissionDenied
        link = PreviewLink.objects.filter(page=page, pk=link_pk).first()
        if link is None:
            raise Http404
        try:
            previews.link_revoke(actor=request.user, link=link)
            messages.success(request, _("Link revoked: it no longer opens."))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("admin:content_page_preview", pk=page.pk)

    base = "content/pages/<int:pk>/preview/"
    return [
        site.view(base, preview, "content_page_preview"),
        site.view(base + "frame/", frame, "content_preview_frame"),
        site.view(base + "share/", share, "content_preview_share"),
        site.view(base + "links/<int:link_pk>/revoke/", revoke, "content_preview_revoke"),
    ]
