"""My due dates: the open deadlines of the positions I work for, my digests, recording outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError

from . import selectors, services


def urlpatterns(site):
    def mine(request):
        today = timezone.localdate()
        own = list(selectors.deadlines_of(request.user).order_by("due_date", "pk")[:500])
        everyone = None
        if request.user.has_perm("deadlines.view_deadline"):
            everyone = list(
                selectors.deadlines_visible_to(request.user)
                .open()
                .exclude(pk__in=[d.pk for d in own])
                .order_by("due_date", "pk")[:200]
            )
        digests = selectors.digests_of(request.user)
        for d in own + (everyone or []):
            d.days_left = (d.due_date - today).days
        return site.render(
            request,
            "deadlines/mine.html",
            {"own": own, "everyone": everyone, "digests": digests, "today": today},
            title=_("My due dates"),
        )

    @require_POST
    def done(request, pk):
        deadline = selectors.deadlines_visible_to(request.user).open().filter(pk=pk).first()
        if deadline is None:
            raise Http404(_("No such open due date."))
        try:
            services.deadline_done(
                actor=request.user,
                deadline=deadline,
                outcome=request.POST.get("outcome", "")[:2000],
            )
        except (DomainError, ValidationError) as exc:
            for m in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, m)
            return redirect("admin:deadlines_mine")
        messages.success(request, _("Outcome recorded: %(title)s") % {"title": deadline.title})
        return redirect("admin:deadlines_mine")

    return [
        site.view("deadlines/", mine, "deadlines_mine"),
        site.view("deadlines/<int:pk>/done/", done, "deadlines_done"),
    ]
