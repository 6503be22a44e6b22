"""The timeline's CSV export: one view for every object that has events (``core.timeline``)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .timeline import MAX_EXPORT, csv_bytes, events_of, rows_for


def urlpatterns(site) -> list:
    def timeline_csv(request, app_label: str, model_name: str, pk: str):
        """The object's whole timeline as CSV. Allowed to whoever may view the object's model;
        where the model's manager restricts objects to a user (``visible_to``), to those."""
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            raise Http404(_("There is no such kind of record.")) from None
        if not model.__module__.startswith("siteops."):
            raise Http404(_("There is no such kind of record."))
        if not request.user.has_perm(f"{app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied(_("You may not see this record."))
        objects = model._default_manager.all()
        if hasattr(objects, "visible_to"):
            objects = objects.visible_to(request.user)
        try:
            obj = get_object_or_404(objects, pk=pk)
        except (ValueError, TypeError, ValidationError):
            raise Http404(_("There is no such record.")) from None
        querysets = events_of(obj)
        if not querysets:
            raise Http404(_("This record has no timeline."))
        response = HttpResponse(
            csv_bytes(rows_for(querysets, limit=MAX_EXPORT)), content_type="text/csv; charset=utf-8"
        )
        name = f"{app_label}-{model._meta.model_name}-{obj.pk}-timeline.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return [
        site.view(
            "timeline/<str:app_label>/<str:model_name>/<str:pk>.csv",
            timeline_csv,
            "core_timeline_csv",
        )
    ]
