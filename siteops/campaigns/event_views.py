"""Work screens of an offline event (ACT-03): its page (roster, registration lists, photos, the
post-event summary), a registration list's preview, and their POST actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core import syncs
from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text, parse_datetime, parse_decimal, parse_int

from . import offline
from .choices import EventRole
from .models import OfflineEvent, RegistrationImport, RosterShift

IMPORT_TEMPLATE_HELP = "name, phone / 姓名, 手机"


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _event(pk) -> OfflineEvent:
    event = OfflineEvent.objects.select_related("campaign").filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def _fail(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def roster_choices() -> list[tuple[str, str, object, object]]:
    """(value, label, position, person) for the roster form: each position, and each person who
    holds or acts for it today (from the organisation chart; one pass)."""
    from siteops.org.selectors import org_chart

    out = []
    for dept in org_chart():
        for row in dept["rows"]:
            p = row["position"]
            out.append((p.code, f"{p.name} ({p.code})", p, None))
            people = list(row["holders"]) + [a.user for a in row["acting"]]
            for u in people:
                name = getattr(u, "display_name", "") or u.get_username()
                out.append((f"{p.code}:{u.pk}", f"{p.name} · {name}", p, u))
    return out


def urlpatterns(site):
    def page(request, pk):
        _require(request, "campaigns.view_offlineevent")
        event = _event(pk)
        user = request.user
        can_change = user.has_perm(offline.EVENT_PERM) and event.closed_at is None
        summary = getattr(event, "summary", None) if event.closed_at else None
        return site.render(
            request,
            "campaigns/event.html",
            {
                "event": event,
                "roster": list(
                    event.roster.select_related("position", "person").order_by("starts_at", "pk")
                ),
                "imports": list(event.imports.select_related("actor").order_by("-pk")[:20])
                if user.has_perm("campaigns.view_registration")
                else [],
                "photos": list(event.photos.order_by("pk")[:60]),
                "summary": summary,
                "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
                "roles": EventRole.choices,
                "who_options": [(v, label) for v, label, _p, _u in roster_choices()]
                if can_change
                else [],
                "can_change": can_change,
                "can_import": user.has_perm("campaigns.add_registration")
                and event.closed_at is None,
                "can_close": can_change and event.ends_at <= timezone.now(),
                "day": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
                "day_end": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
                "columns": IMPORT_TEMPLATE_HELP,
            },
            title=event.title,
        )

    def _post(perm, action):
        @require_POST
        def view(request, pk):
            _require(request, perm)
            event = _event(pk)
            try:
                result = action(request, event)
            except (DomainError, ValidationError, InputError) as exc:
                if isinstance(exc, DomainError) and exc.status_code == 403:
                    raise PermissionDenied from exc
                _fail(request, exc)
            else:
                if isinstance(result, str):
                    messages.success(request, result)
                else:
                    return result
            return redirect("admin:campaigns_event", event.pk)

        return view

    def import_upload(request, event):
        upload = request.FILES.get("file")
        if upload is None:
            raise InputError(_("Choose the file to upload."))
        batch, created = offline.registration_import_preview(
            actor=request.user, event=event, upload=upload
        )
        if not created:
            messages.info(request, _("This file was uploaded before; here is what it did."))
        return redirect("admin:campaigns_import", batch.pk)

    def roster(request, event):
        if request.POST.get("action") == "remove":
            shift = RosterShift.objects.filter(
                event=event, pk=parse_int(request.POST.get("shift"), lo=1, hi=2**31)
            ).first()
            if shift is None:
                raise DomainError(_("No such shift."))
            offline.roster_remove(actor=request.user, shift=shift)
            return _("The shift is removed.")
        who = request.POST.get("who", "")
        match = [c for c in roster_choices() if c[0] == who]
        if not match:
            raise InputError(_("Choose a position or a person."))
        _v, _label, position, person = match[0]
        offline.roster_add(
            actor=request.user, event=event, position=position, person=person,
            role=request.POST.get("role", ""),
            starts_at=parse_datetime(request.POST.get("starts_at")),
            ends_at=parse_datetime(request.POST.get("ends_at")),
            note=clean_text(request.POST.get("note", ""), max_length=200),
        )  # fmt: skip
        return _("The shift is on the roster.")

    def photo(request, event):
        image = request.FILES.get("image")
        if image is None:
            raise InputError(_("Choose the photo to upload."))
        offline.photo_add(
            actor=request.user, event=event, image=image,
            caption=clean_text(request.POST.get("caption", ""), max_length=120),
        )  # fmt: skip
        return _("The photo is kept.")

    def close(request, event):
        cost = parse_decimal(request.POST.get("actual_cost"), lo=0, hi=10**9)
        offline.event_close(
            actor=request.user, event=event, actual_cost=cost,
            notes=request.POST.get("notes", ""),
        )  # fmt: skip
        return _("The summary is written and the event is closed.")

    def batch_page(request, pk):
        _require(request, "campaigns.view_registration")
        batch = RegistrationImport.objects.select_related("event", "actor").filter(pk=pk).first()
        if batch is None:
            raise Http404
        event = batch.event
        only_errors = request.GET.get("status") == syncs.SyncRowStatus.ERROR
        return site.render(
            request,
            "campaigns/import.html",
            {
                "batch": batch,
                "event": event,
                "only_errors": only_errors,
                "rows": list(
                    syncs.preview(batch, limit=1000, status="error" if only_errors else "")
                ),
                "places_left": max(event.capacity - event.registered, 0),
                "can_apply": request.user.has_perm("campaigns.add_registration")
                and offline.import_is_open(batch),
            },
            title=_("Registration list"),
        )

    @require_POST
    def batch_apply(request, pk):
        _require(request, "campaigns.add_registration")
        batch = RegistrationImport.objects.select_related("event").filter(pk=pk).first()
        if batch is None:
            raise Http404
        try:
            if request.POST.get("action") == "discard":
                offline.registration_import_discard(actor=request.user, batch=batch)
                messages.success(request, _("The list is discarded; nobody was registered."))
            else:
                offline.registration_import_apply(actor=request.user, batch=batch)
                messages.success(
                    request,
                    _("%(n)s people registered; %(e)s rows not.")
                    % {"n": batch.rows_applied, "e": batch.rows_error},
                )
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied from exc
            _fail(request, exc)
        return redirect("admin:campaigns_import", batch.pk)

    change = offline.EVENT_PERM
    return [
        site.view("campaigns/events/<int:pk>/", page, "campaigns_event"),
        site.view(
            "campaigns/events/<int:pk>/import/",
            _post("campaigns.add_registration", import_upload),
            "campaigns_event_import",
        ),
        site.view("campaigns/events/<int:pk>/roster/", _post(change, roster), "campaigns_roster"),
        site.view("campaigns/events/<int:pk>/photos/", _post(change, photo), "campaigns_photo"),
        site.view("campaigns/events/<int:pk>/close/", _post(change, close), "campaigns_close"),
        site.view("campaigns/imports/<int:pk>/", batch_page, "campaigns_import"),
        site.view("campaigns/imports/<int:pk>/apply/", batch_apply, "campaigns_import_apply"),
    ]
