"""Work screens that belong to no domain app: the timeline's CSV export (one view for every object
that has events, ``core.timeline``) and the revision pages (``core.revision_views``)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .timeline import MAX_EXPORT, csv_bytes, events_of, rows_for


def visible_objects(model, user):
    """The objects of ``model`` that ``user`` may open. An app whose objects are restricted per
    person (work items: own department's; plans: own department's) says so in its selectors
    module: ``TIMELINE_VISIBLE = {"workitem": visible_items}``. Found by name, like
    ``admin_views``, so core imports no domain app."""
    config = apps.get_app_config(model._meta.app_label)
    if module_has_submodule(config.module, "selectors"):
        selectors = importlib.import_module(f"{config.name}.selectors")
        restrict = getattr(selectors, "TIMELINE_VISIBLE", {}).get(model._meta.model_name)
        if restrict is not None:
            return restrict(user)
    return model._default_manager.all()


def urlpatterns(site) -> list:
    @require_safe
    def timeline_csv(request, app_label: str, model_name: str, pk: str):
        """The object's whole timeline as CSV: for whoever may view the object's model, and only
        for objects they may open (``visible_objects``)."""
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            raise Http404(_("There is no such kind of record.")) from None
        if not model.__module__.startswith("siteops."):
            raise Http404(_("There is no such kind of record."))
        if not request.user.has_perm(f"{app_label}.view_{model._meta.model_name}"):
            raise PermissionDenied(_("You may not see this record."))
        objects = visible_objects(model, request.user)
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

    from .revision_views import urlpatterns as revision_urls

    return [
        site.view(
            "timeline/<str:app_label>/<str:model_name>/<str:pk>.csv",
            timeline_csv,
            "core_timeline_csv",
        ),
        *revision_urls(site),
    ]
