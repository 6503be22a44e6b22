"""Work screens of releases: assemble (pages' approved revisions, slogans' new texts, ads to
switch on), then publish now or at a time; a failed release lists what held it back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import releases
from .choices import PageStatus
from .models import Page, Release, ReleaseItem, Slogan


class NewReleaseForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=160)


class AddPageForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("approved page"),
        queryset=Page.objects.filter(
            status__in=(PageStatus.APPROVED, PageStatus.SCHEDULED), scheduled_revision__isnull=False
        ).order_by("title"),
    )


class AddSloganForm(forms.Form):
    slogan = forms.ModelChoiceField(label=gettext_lazy("slogan"), queryset=Slogan.objects.all())
    text = forms.CharField(label=gettext_lazy("new text (Chinese)"), max_length=200)
    text_en = forms.CharField(label=gettext_lazy("new text (English)"), max_length=200,
                              required=False)  # fmt: skip


class AddAdForm(forms.Form):
    ad = forms.ModelChoiceField(label=gettext_lazy("ad (switched off)"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from siteops.merch.models import Ad

        self.fields["ad"].queryset = Ad.objects.filter(is_active=False).order_by("-pk")


class ScheduleReleaseForm(forms.Form):
    publish_at = forms.DateTimeField(label=gettext_lazy("go live at"))


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _release(request, pk) -> Release:
    _require(request, "content.view_release")
    release = Release.objects.filter(pk=pk).first()
    if release is None:
        raise Http404
    return release


def _form_error(form) -> DomainError:
    return DomainError("; ".join(str(e) for errs in form.errors.values() for e in errs))


def urlpatterns(site):
    def new(request):
        _require(request, releases.PERM)
        form = NewReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                release = releases.release_create(
                    actor=request.user, name=form.cleaned_data["name"]
                )
                return redirect("admin:content_release_detail", pk=release.pk)
            except DomainError as exc:
                messages.error(request, str(exc))
        return site.render(request, "content/release_new.html", {"form": form},
                           title=_("New release"))  # fmt: skip

    def detail(request, pk):
        release = _release(request, pk)
        items = list(release.items.select_related("page", "revision", "slogan", "ad"))
        can = request.user.has_perm(releases.PERM)
        editable = can and release.status in releases.EDITABLE
        return site.render(
            request,
            "content/release_detail.html",
            {
                "release": release,
                "items": items,
                "editable": editable,
                "can_publish": can and release.status in releases.TRANSITIONS["publish"][0],
                "can_schedule": editable,
                "can_unschedule": can and release.status == "scheduled",
                "can_cancel": can and release.status in releases.TRANSITIONS["cancel"][0],
                "page_form": AddPageForm() if editable else None,
                "slogan_form": AddSloganForm() if editable else None,
                "ad_form": AddAdForm() if editable else None,
                "schedule_form": ScheduleReleaseForm(),
            },
            title=release.name,
        )

    def _action(fn, done):
        @require_POST
        def view(request, pk):
            _require(request, releases.PERM)
            release = _release(request, pk)
            try:
                result = fn(request, release)
                if result is False:
                    messages.error(request, _("Nothing was published: an item failed its check."))
                else:
                    messages.success(request, done)
            except DomainError as exc:
                messages.error(request, str(exc))
            return redirect("admin:content_release_detail", pk=release.pk)

        return view

    def _add(form_class, add):
        def fn(request, release):
            form = form_class(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            add(request, release, form.cleaned_data)

        return fn

    def _remove(request, release):
        raw = str(request.POST.get("item", ""))[:12]
        item = (
            ReleaseItem.objects.filter(release=release, pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if item is None:
            raise DomainError(_("Choose an item of this release."))
        releases.release_remove_item(actor=request.user, item=item)

    def _schedule(request, release):
        form = ScheduleReleaseForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        releases.release_schedule(actor=request.user, release=release,
                                  publish_at=form.cleaned_data["publish_at"])  # fmt: skip

    base = "content/releases/<int:pk>/"
    return [
        site.view("content/releases/new/", new, "content_release_new"),
        site.view(base, detail, "content_release_detail"),
        site.view(base + "add-page/", _action(_add(AddPageForm, lambda r, rel, d: releases.release_add_page(
            actor=r.user, release=rel, page=d["page"])), _("Added.")), "content_release_add_page"),
        site.view(base + "add-slogan/", _action(_add(AddSloganForm, lambda r, rel, d: releases.release_add_slogan(
            actor=r.user, release=rel, slogan=d["slogan"], text=d["text"], text_en=d["text_en"] or "")),
            _("Added.")), "content_release_add_slogan"),
        site.view(base + "add-ad/", _action(_add(AddAdForm, lambda r, rel, d: releases.release_add_ad(
            actor=r.user, release=rel, ad=d["ad"])), _("Added.")), "content_release_add_ad"),
        site.view(base + "remove/", _action(_remove, _("Removed.")), "content_release_remove"),
        site.view(base + "publish/", _action(
            lambda r, rel: releases.release_publish(actor=r.user, release=rel),
            _("Published: every item went live at the same instant.")), "content_release_publish"),
        site.view(base + "schedule/", _action(_schedule, _("Scheduled.")), "content_release_schedule"),
        site.view(base + "unschedule/", _action(
            lambda r, rel: releases.release_unschedule(actor=r.user, release=rel),
            _("Schedule cancelled.")), "content_release_unschedule"),
        site.view(base + "cancel/", _action(
            lambda r, rel: releases.release_cancel(actor=r.user, release=rel),
            _("Release cancelled.")), "content_release_cancel"),
    ]  # fmt: skip
