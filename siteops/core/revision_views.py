"""Back-office screens of any revisioned record: history, diff (any two, or against the live
one), restore and publish (POST). Permission: the model's change permission (publish: its
publish permission); the model's own rules are applied by the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import revisions
from .errors import DomainError
from .inputs import InputError, parse_int

HISTORY_LIMIT = 200


def _record(request, app_label: str, model_name: str, pk: int):
    model = revisions.revisioned_model(app_label, model_name)
    if model is None:
        raise Http404
    if not request.user.has_perm(model.change_perm()):
        raise PermissionDenied
    obj = model.revision_queryset(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return model, obj


def _history_url(obj) -> str:
    from django.urls import reverse

    meta = obj._meta
    return reverse("admin:core_revisions", args=[meta.app_label, meta.model_name, obj.pk])


def urlpatterns(site):
    def history(request, app_label, model_name, pk):
        model, obj = _record(request, app_label, model_name, pk)
        rows = list(revisions.revisions_of(obj)[:HISTORY_LIMIT])
        published: dict[int, list] = {}
        for pub in revisions.publications_of(obj)[:HISTORY_LIMIT]:
            if pub.revision_id:
                published.setdefault(pub.revision_id, []).append(pub)
        for rev in rows:
            rev.published_at = published.get(rev.pk, [])
        return site.render(
            request,
            "core/revisions/history.html",
            {
                "obj": obj,
                "opts": model._meta,
                "rows": rows,
                "may_publish": request.user.has_perm(model.publish_perm()),
            },
            title=_("History of “%(object)s”") % {"object": obj},
        )

    def compare(request, app_label, model_name, pk):
        model, obj = _record(request, app_label, model_name, pk)
        try:
            a_n = parse_int(request.GET.get("a", ""), lo=1, hi=10**9, default=0)
            b_n = parse_int(request.GET.get("b", ""), lo=1, hi=10**9, default=0)
        except InputError as exc:
            messages.error(request, str(exc))
            return redirect(_history_url(obj))
        rev_b = revisions.revision_of(obj, b_n) if b_n else obj.latest_revision
        if rev_b is None:
            raise Http404
        if a_n:
            rev_a = revisions.revision_of(obj, a_n)
            if rev_a is None:
                raise Http404
        elif obj.live_revision_id and obj.live_revision_id != rev_b.pk:
            rev_a = obj.live_revision
        else:
            rev_a = revisions.revisions_of(obj).filter(number__lt=rev_b.number).first()
        return site.render(
            request,
            "core/revisions/diff.html",
            {
                "obj": obj,
                "opts": model._meta,
                "rev_a": rev_a,
                "rev_b": rev_b,
                "fields": revisions.diff(rev_a, rev_b),
                "numbers": list(revisions.revisions_of(obj).values_list("number", flat=True)[:500]),
                "history_url": _history_url(obj),
            },
            title=_("Changes of “%(object)s”") % {"object": obj},
        )

    def _act(request, app_label, model_name, pk, number, action):
        model, obj = _record(request, app_label, model_name, pk)
        rev = revisions.revision_of(obj, number)
        if rev is None:
            raise Http404
        try:
            if action == "restore":
                new = revisions.revision_restore(actor=request.user, obj=obj, revision=rev)
                messages.success(
                    request,
                    _("Revision #%(old)s restored as the new draft #%(new)s.")
                    % {"old": rev.number, "new": new.number},
                )
            else:
                revisions.revision_publish(actor=request.user, obj=obj, revision=rev)
                messages.success(request, _("Revision #%(n)s is live.") % {"n": rev.number})
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect(_history_url(obj))

    @require_POST
    def restore(request, app_label, model_name, pk, number):
        return _act(request, app_label, model_name, pk, number, "restore")

    @require_POST
    def publish(request, app_label, model_name, pk, number):
        return _act(request, app_label, model_name, pk, number, "publish")

    base = "revisions/<str:app_label>/<str:model_name>/<int:pk>/"
    return [
        site.view(base, history, "core_revisions"),
        site.view(base + "diff/", compare, "core_revisions_diff"),
        site.view(base + "<int:number>/restore/", restore, "core_revisions_restore"),
        site.view(base + "<int:number>/publish/", publish, "core_revisions_publish"),
    ]
