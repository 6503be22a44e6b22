"""Back-office registrations of merchandising: thin lists, filters, thumbnails; saves go through
the services so they are validated and recorded with the position used."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from siteops.core.admin_base import HistoryAdmin, badge

from . import services
from .choices import PLAN_EDITABLE
from .forms import AdAdminForm
from .models import Ad, AdPosition, AdRequest, Shelf, ShelfPlan, ShelfPlanItem, ShelfSlot
from .selectors import plans_visible_to


def _thumb(image, size: int = 48):
    if not image:
        return "—"
    try:
        url = image.url
    except ValueError:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-height:{}px;max-width:{}px;border-radius:4px">',
        url,
        size,
        size * 3,
    )


def _is_live(obj, now=None) -> bool:
    now = now or timezone.now()
    return bool(
        getattr(obj, "is_active", True)
        and (obj.start is None or obj.start <= now)
        and (obj.end is None or obj.end > now)
    )


class ServiceSaveMixin:
    """Saves and deletes go through services.record_save / record_delete (history, position)."""

    def save_model(self, request, obj, form, change):
        perm = f"merch.{'change' if change else 'add'}_{obj._meta.model_name}"
        services.record_save(actor=request.user, obj=obj, perm=perm)

    def delete_model(self, request, obj):
        services.record_delete(
            actor=request.user, obj=obj, perm=f"merch.delete_{obj._meta.model_name}"
        )


@admin.register(AdPosition)
class AdPositionAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ["code", "name", "placement", "size_hint", "max_ads", "is_carousel", "order",
                    "is_active"]  # fmt: skip
    list_filter = ["placement", "is_active", "is_carousel"]
    search_fields = ["code", "name"]


@admin.register(Ad)
class AdAdmin(ServiceSaveMixin, HistoryAdmin):
    form = AdAdminForm
    list_display = ["thumbnail", "title", "position", "start", "end", "weight", "is_active",
                    "live", "click_count"]  # fmt: skip
    list_filter = ["position", "is_active"]
    list_select_related = ["position"]
    search_fields = ["title", "link"]
    readonly_fields = ["click_count", "request"]
    show_full_result_count = False
    fields = ["position", "title", "image", "alt", "link", "start", "end", "weight", "is_active",
              "click_count", "request"]  # fmt: skip

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return _thumb(obj.image)

    @admin.display(description=_("live now"), boolean=True)
    def live(self, obj):
        return _is_live(obj)


class ShelfSlotInline(TabularInline):
    model = ShelfSlot
    fields = ["product", "position", "start", "end", "click_count"]
    readonly_fields = ["click_count"]
    autocomplete_fields = ["product"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


@admin.register(Shelf)
class ShelfAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ["name", "code", "kind", "category", "order", "start", "end", "is_active",
                    "slot_count"]  # fmt: skip
    list_filter = ["kind", "is_active"]
    list_select_related = ["category"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["category"]
    inlines = [ShelfSlotInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_slots=Count("slots"))

    @admin.display(description=_("slots"), ordering="n_slots")
    def slot_count(self, obj):
        return obj.n_slots

    def save_formset(self, request, form, formset, change):
        # Each slot goes through the service (published product, window, history).
        for obj in formset.deleted_objects:
            services.record_delete(actor=request.user, obj=obj, perm="merch.delete_shelfslot")
        for obj in formset.save(commit=False):
            perm = "merch.change_shelfslot" if obj.pk else "merch.add_shelfslot"
            services.record_save(actor=request.user, obj=obj, perm=perm)
        formset.save_m2m()


@admin.register(ShelfSlot)
class ShelfSlotAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ["shelf", "position", "product", "start", "end", "live", "click_count"]
    list_filter = ["shelf"]
    list_select_related = ["shelf", "product"]
    autocomplete_fields = ["product"]
    readonly_fields = ["click_count", "plan_item"]
    search_fields = ["product__title", "product__code"]
    show_full_result_count = False

    @admin.display(description=_("live now"), boolean=True)
    def live(self, obj):
        return _is_live(obj)


# --- plans ----------------------------------------------------------------------------------


class _PlanChildInline(TabularInline):
    extra = 0

    def _editable(self, request, obj) -> bool:
        return bool(
            request.user.has_perm("merch.submit_shelfplan")
            and (obj is None or obj.status in PLAN_EDITABLE)
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class ShelfPlanItemInline(_PlanChildInline):
    model = ShelfPlanItem
    fields = ["shelf", "product", "order"]
    autocomplete_fields = ["product"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("shelf", "product")


class AdRequestInline(_PlanChildInline):
    model = AdRequest
    fields = ["position", "brief", "link", "start", "end", "status", "thumbnail"]
    readonly_fields = ["status", "thumbnail"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("position")

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return _thumb(obj.image)


@admin.register(ShelfPlan)
class ShelfPlanAdmin(HistoryAdmin):
    list_display = ["title", "period_start", "period_end", "status_label", "department",
                    "submitted_by", "open_plan"]  # fmt: skip
    list_filter = ["status"]
    list_select_related = ["department", "submitted_by", "created_by"]
    search_fields = ["title"]
    inlines = [ShelfPlanItemInline, AdRequestInline]
    fields = ["title", "period_start", "period_end", "note", "status", "return_reason",
              "department", "submitted_by", "submitted_at"]  # fmt: skip
    readonly_fields = ["status", "return_reason", "department", "submitted_by", "submitted_at"]
    show_full_result_count = False

    def get_queryset(self, request):
        return plans_visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status not in PLAN_EDITABLE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # plans are history: return or finish them instead

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return badge(obj)

    @admin.display(description=_("plan vs live"))
    def open_plan(self, obj):
        return format_html(
            '<a class="so-link" href="{}">{}</a>',
            reverse("admin:merch_plan", args=[obj.pk]),
            _("Open plan"),
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return redirect("admin:merch_plan", pk=obj.pk)  # where Purchasing submits it

    def response_change(self, request, obj):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_change(request, obj)
        return redirect("admin:merch_plan", pk=obj.pk)

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in ("title", "period_start", "period_end", "note")}
        if change:
            services.plan_update(actor=request.user, plan=obj, **fields)
        else:
            created = services.plan_create(actor=request.user, **fields)
            obj.pk = created.pk
            obj.refresh_from_db()
