"""Work screens of content: a page's screen (state, live vs draft, workflow actions, history) and
the editor (every save a revision)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import parse_int

from . import design, services
from .blocks import REGISTRY
from .choices import DesignStatus, PageKind, PageStatus, RoundDecision, ShopRegion
from .forms import DecideForm, DesignRequestForm, PageForm, ProofForm, ScheduleForm, SubmitForm
from .models import KIND_AUTHORS, DesignRequest, ProofRound
from .selectors import pages_for


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _page(request, pk: int):
    _require(request, "content.view_page")
    page = pages_for(request.user).filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def _detail(page):
    return redirect("admin:content_page_detail", pk=page.pk)


def _errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}: {e}" if label else e)


def urlpatterns(site):
    def detail(request, pk):
        page = _page(request, pk)
        user = request.user
        can_write = user.has_perm("content.change_page")
        can_publish = user.has_perm("content.publish_page")
        approval = services.pending_approval(page)
        return site.render(
            request,
            "content/page_detail.html",
            {
                "page": page,
                "events": page.events.select_related("actor")[:50],
                "approval": approval,
                "can_edit": can_write and page.status != PageStatus.IN_REVIEW,
                "can_submit": can_write
                and page.status in (PageStatus.DRAFT, PageStatus.UNPUBLISHED)
                and page.latest_revision_id != page.live_revision_id,
                "can_withdraw": approval is not None and approval.actor_id == user.pk,
                "can_publish": can_publish
                and page.status in (PageStatus.APPROVED, PageStatus.SCHEDULED),
                "can_schedule": can_publish and page.status == PageStatus.APPROVED,
                "can_unschedule": can_publish and page.publish_at and page.scheduled_revision_id,
                "can_unpublish": can_publish and page.is_live,
                "rollback_to": services.previous_live_revision(page)
                if can_publish and page.is_live
                else None,
                "submit_form": SubmitForm(),
                "schedule_form": ScheduleForm(),
                "history_url": reverse("admin:core_revisions", args=["content", "page", page.pk]),
                "shop_url": shop_url(page),
            },
            title=page.title,
        )

    def edit(request, pk=None):
        _require(request, "content.add_page" if pk is None else "content.change_page")
        page = _page(request, pk) if pk is not None else None
        if request.method == "POST":
            form = PageForm(request.POST, page=page)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if page is None:
                        page = services.page_create(
                            actor=request.user, kind=d["kind"], slug=d["slug"],
                            data=form.content(), footer_group=d["footer_group"] or "",
                            order=d["order"], needs_design=d["needs_design"],
                        )  # fmt: skip
                        messages.success(request, _("Saved as a draft."))
                    else:
                        rev = services.page_save(
                            actor=request.user, page=page, data=form.content(),
                            message=d["message"] or "",
                        )  # fmt: skip
                        services.page_settings(
                            actor=request.user, page=page, footer_group=d["footer_group"] or "",
                            order=d["order"], needs_design=d["needs_design"],
                        )  # fmt: skip
                        messages.success(
                            request, _("Saved as revision #%(n)s.") % {"n": rev.number}
                        )
                    return _detail(page)
                except DomainError as exc:
                    messages.error(request, str(exc))
            else:
                _errors(request, form)
        else:
            initial = {}
            if page is not None:
                current = page.as_of(page.latest_revision) if page.latest_revision_id else page
                initial = {
                    n: getattr(current, n)
                    for n in ("title", "title_en", "body", "body_en", "seo_title",
                              "seo_description")
                }  # fmt: skip
                initial.update(
                    kind=page.kind, slug=page.slug, footer_group=page.footer_group,
                    order=page.order, needs_design=page.needs_design,
                    blocks=json.dumps(current.blocks, ensure_ascii=False, indent=1)
                    if current.blocks else "",
                )  # fmt: skip
            else:  # "New" from the regions screen: kind and address filled in
                initial = {k: str(request.GET.get(k, ""))[:80] for k in ("kind", "slug")}
            form = PageForm(initial=initial, page=page)
        return site.render(
            request,
            "content/page_edit.html",
            {
                "form": form,
                "page": page,
                "block_types": [(n, c.label) for n, c in REGISTRY.items()],
                "kind_authors": KIND_AUTHORS,
            },  # fmt: skip
            title=_("Edit “%(page)s”") % {"page": page} if page else _("New document or page"),
        )

    def _action(perm, fn, done):
        @require_POST
        def view(request, pk):
            _require(request, perm)
            page = _page(request, pk)
            try:
                fn(request, page)
                messages.success(request, done)
            except DomainError as exc:
                messages.error(request, str(exc))
            return _detail(page)

        return view

    def _submit(request, page):
        form = SubmitForm(request.POST)
        if not form.is_valid():
            raise DomainError("; ".join(e for errs in form.errors.values() for e in errs))
        services.page_submit(
            actor=request.user, page=page, publish_at=form.cleaned_data["publish_at"],
            message=form.cleaned_data["message"] or "",
        )  # fmt: skip

    def _schedule(request, page):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise DomainError("; ".join(e for errs in form.errors.values() for e in errs))
        services.page_schedule(
            actor=request.user, page=page, publish_at=form.cleaned_data["publish_at"]
        )

    def design_detail(request, pk):
        _require(request, "content.view_designrequest")
        req = (
            DesignRequest.objects.select_related("page", "requested_by", "final_asset")
            .filter(pk=pk)
            .first()
        )
        if req is None:
            raise Http404
        rounds = list(req.rounds.select_related("actor", "decided_by"))
        pending = next((r for r in rounds if r.decision == RoundDecision.PENDING), None)
        return site.render(
            request,
            "content/design_detail.html",
            {
                "req": req,
                "rounds": rounds,
                "pending": pending,
                "can_proof": request.user.has_perm("content.add_proofround")
                and req.status in (DesignStatus.OPEN,)
                and pending is None,
                "can_decide": request.user.has_perm("content.decide_proof") and pending is not None,
                "proof_form": ProofForm(),
                "decide_form": DecideForm(),
            },
            title=req.title,
        )

    def design_new(request):
        _require(request, "content.add_designrequest")
        page = None
        page_pk = request.GET.get("page") or request.POST.get("page")
        if page_pk and page_pk.isdigit():
            page = pages_for(request.user).filter(pk=parse_int(page_pk, lo=1, hi=2**62)).first()
        if request.method == "POST":
            form = DesignRequestForm(request.POST)
            if form.is_valid():
                try:
                    req = design.request_open(actor=request.user, page=page, **form.cleaned_data)
                    messages.success(request, _("Sent to the art editor."))
                    return redirect("admin:content_design_detail", pk=req.pk)
                except DomainError as exc:
                    messages.error(request, str(exc))
            else:
                _errors(request, form)
        else:
            form = DesignRequestForm(initial={"title": page.title if page else ""})
        return site.render(request, "content/design_new.html", {"form": form, "page": page},
                           title=_("New design request"))  # fmt: skip

    @require_POST
    def proof(request, pk):
        _require(request, "content.add_proofround")
        req = DesignRequest.objects.filter(pk=pk).first()
        if req is None:
            raise Http404
        form = ProofForm(request.POST, request.FILES)
        if not form.is_valid():
            _errors(request, form)
        else:
            try:
                d = form.cleaned_data
                design.proof_submit(actor=request.user, req=req, kind=d["kind"], image=d["image"],
                                    note=d["note"] or "")  # fmt: skip
                messages.success(request, _("Proof handed in."))
            except (DomainError, ValidationError) as exc:
                messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("admin:content_design_detail", pk=req.pk)

    def _decide(approve):
        @require_POST
        def view(request, pk, number):
            _require(request, "content.decide_proof")
            rnd = ProofRound.objects.filter(request_id=pk, number=number).first()
            if rnd is None:
                raise Http404
            form = DecideForm(request.POST)
            feedback = form.cleaned_data["feedback"] if form.is_valid() else ""
            try:
                design.round_decide(actor=request.user, rnd=rnd, approve=approve, feedback=feedback)
                messages.success(
                    request, _("Approved.") if approve else _("Declined; the art editor is told.")
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            return redirect("admin:content_design_detail", pk=pk)

        return view

    def block_add(request, pk):
        """MNT-02: place a block through its settings form; the page gets a new revision."""
        from .block_forms import block_from_form, form_for

        _require(request, "content.change_page")
        page = _page(request, pk)
        kind = str(request.POST.get("type") or request.GET.get("type") or "")[:40]
        form_class = form_for(kind)
        form = None
        if form_class is not None:
            form = form_class(request.POST or None)
            if request.method == "POST" and form.is_valid():
                try:
                    block = block_from_form(kind, form)
                    current = page.as_of(page.latest_revision) if page.latest_revision_id else page
                    rev = services.page_save(actor=request.user, page=page,
                                             data={"blocks": [*current.blocks, block]},
                                             message=_("Added a block"))  # fmt: skip
                    messages.success(request, _("Saved as revision #%(n)s.") % {"n": rev.number})
                    return _detail(page)
                except DomainError as exc:
                    messages.error(request, str(exc))
            elif request.method == "POST":
                _errors(request, form)
        types = [(n, c.label) for n, c in REGISTRY.items() if form_for(n) is not None]
        return site.render(request, "content/block_add.html",
                           {"page": page, "form": form, "kind": kind, "types": types},
                           title=_("Add a block"))  # fmt: skip

    def regions(request):
        """ART-03: the shop's own regions as editable content: each one's state and revisions."""
        _require(request, "content.view_page")
        pages = {
            p.slug: p for p in pages_for(request.user).filter(kind=PageKind.REGION).order_by("slug")
        }
        rows = [(code, label, pages.pop(code, None)) for code, label in ShopRegion.choices]
        rows += [(slug, _("Banner of the category “%(c)s”") % {"c": slug.removeprefix(
            "category-banner-")}, page) for slug, page in pages.items()]  # fmt: skip
        return site.render(request, "content/regions.html", {"rows": rows},
                           title=_("Shop regions"))  # fmt: skip

    from . import preview_views, release_views

    base = "content/pages/<int:pk>/"
    return [
        *release_views.urlpatterns(site),
        *preview_views.urlpatterns(site),
        site.view("content/regions/", regions, "content_regions"),
        site.view("content/pages/<int:pk>/blocks/add/", block_add, "content_block_add"),
        site.view("content/design/new/", design_new, "content_design_new"),
        site.view("content/design/<int:pk>/", design_detail, "content_design_detail"),
        site.view("content/design/<int:pk>/proof/", proof, "content_design_proof"),
        site.view(
            "content/design/<int:pk>/rounds/<int:number>/approve/",
            _decide(True),
            "content_design_approve",
        ),  # fmt: skip
        site.view(
            "content/design/<int:pk>/rounds/<int:number>/decline/",
            _decide(False),
            "content_design_decline",
        ),  # fmt: skip
        site.view("content/pages/new/", edit, "content_page_new"),
        site.view(base, detail, "content_page_detail"),
        site.view(base + "edit/", edit, "content_page_edit"),
        site.view(
            base + "submit/",
            _action("content.change_page", _submit, _("Sent for review.")),
            "content_page_submit",
        ),  # fmt: skip
        site.view(
            base + "withdraw/",
            _action(
                "content.change_page",
                lambda r, p: services.page_withdraw(actor=r.user, page=p),
                _("Withdrawn from review."),
            ),
            "content_page_withdraw",
        ),  # fmt: skip
        site.view(
            base + "publish/",
            _action(
                "content.publish_page",
                lambda r, p: services.page_publish_approved(actor=r.user, page=p),
                _("Published."),
            ),
            "content_page_publish",
        ),  # fmt: skip
        site.view(
            base + "schedule/",
            _action("content.publish_page", _schedule, _("Scheduled.")),
            "content_page_schedule",
        ),  # fmt: skip
        site.view(
            base + "unschedule/",
            _action(
                "content.publish_page",
                lambda r, p: services.page_unschedule(actor=r.user, page=p),
                _("Schedule cancelled."),
            ),
            "content_page_unschedule",
        ),  # fmt: skip
        site.view(
            base + "rollback/",
            _action(
                "content.publish_page",
                lambda r, p: services.page_rollback(actor=r.user, page=p),
                _("Rolled back: the earlier revision is live again."),
            ),
            "content_page_rollback",
        ),  # fmt: skip
        site.view(
            base + "unpublish/",
            _action(
                "content.publish_page",
                lambda r, p: services.page_unpublish(actor=r.user, page=p),
                _("Taken off the shop."),
            ),
            "content_page_unpublish",
        ),  # fmt: skip
    ]


def shop_url(page) -> str:
    if page.kind == "region":
        return "/"
    if page.kind == "topic":
        return reverse("storefront:topic", args=[page.slug])
    return reverse("storefront:page", args=[page.slug])
