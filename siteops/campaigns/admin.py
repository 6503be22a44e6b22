"""Back-office lists and forms of campaigns; every save goes through ``services``."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from siteops.core.admin_base import BigListAdmin, HistoryAdmin, ReadOnly

from . import services
from .models import (
    BudgetLine,
    Campaign,
    EventSummary,
    OfflineEvent,
    Partner,
    Post,
    PromoCode,
    Registration,
    RegistrationImport,
    RosterShift,
    Source,
    Swap,
    TrackedLink,
    UtmMapping,
)


class ServiceSave:
    def save_model(self, request, obj, form, change):
        perm = f"campaigns.{'change' if change else 'add'}_{obj._meta.model_name}"
        services.record_save(actor=request.user, obj=obj, perm=perm)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = ["name", "code", "kind", "stage", "start", "end", "owner_position", "page"]
    list_filter = ["stage", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["owner_position"]
    readonly_fields = ["stage", "approved_budget"]
    autocomplete_fields = []
    fields = [
        "name", "code", "kind", "objective", ("start", "end"), "owner_position",
        ("target_visits", "target_orders", "target_gmv", "target_signups"),
        "topic_url", ("shelf", "ad_position"), "review", "stage", "approved_budget",
    ]  # fmt: skip

    @admin.display(description=_("work page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:campaigns_campaign_page", args=[obj.pk]),
            _("Open"),
        )

    def save_model(self, request, obj, form, change):
        services.campaign_save(actor=request.user, campaign=obj)

    def response_add(self, request, obj, post_url_continue=None):
        from django.shortcuts import redirect

        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return redirect("admin:campaigns_campaign_page", obj.pk)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin):
    list_display = ["description", "campaign", "category", "planned", "committed", "actual"]
    list_filter = ["category"]
    list_select_related = ["campaign"]
    readonly_fields = ["committed", "actual"]

    def save_model(self, request, obj, form, change):
        if change:
            services.record_save(actor=request.user, obj=obj, perm="campaigns.change_budgetline")
        else:
            created = services.budget_line_add(
                actor=request.user, campaign=obj.campaign, category=obj.category,
                description=obj.description, planned=obj.planned,
            )  # fmt: skip
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfflineEvent)
class OfflineEventAdmin(ServiceSave, ModelAdmin):
    list_display = [
        "title", "campaign", "venue", "starts_at", "capacity", "registered", "closed_at", "work",
    ]  # fmt: skip
    list_select_related = ["campaign"]
    readonly_fields = ["registered", "closed_at"]

    @admin.display(description=_("roster, lists and summary"))
    def work(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:campaigns_event", args=[obj.pk]),
                           _("Open"))  # fmt: skip


@admin.register(Registration)
class RegistrationAdmin(BigListAdmin):
    list_display = ["name", "phone", "event", "via", "code", "created_at", "checked_in_at"]
    list_filter = ["via"]
    list_select_related = ["event"]
    search_fields = ["name", "phone"]

    def save_model(self, request, obj, form, change):
        created = services.registration_add(
            actor=request.user, event=obj.event, name=obj.name, phone=obj.phone
        )
        obj.pk = created.pk

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class EventRecordAdmin(ReadOnly, BigListAdmin):
    """Records of offline events across all events, read-only: they are written on the event's
    page (``event_views``, through ``offline``); a row opens the page that shows it in context."""

    def page_for(self, obj) -> str:
        return reverse("admin:campaigns_event", args=[obj.event_id])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        try:
            obj = self.get_queryset(request).filter(pk=int(object_id)).first()
        except (TypeError, ValueError):
            obj = None
        if obj is None:
            raise Http404
        return redirect(self.page_for(obj))

    @admin.display(description=_("event"), ordering="event__starts_at")
    def event_link(self, obj):
        return format_html('<a class="so-link" href="{}">{}</a>',
                           reverse("admin:campaigns_event", args=[obj.event_id]), obj.event)  # fmt: skip


class WhenFilter(admin.SimpleListFilter):
    """Shifts still to come (the default a planner looks for) or already worked."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("coming", _("still to come")), ("past", _("past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "coming":
            return queryset.filter(ends_at__gte=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset


@admin.register(RosterShift)
class RosterShiftAdmin(EventRecordAdmin):
    """Who works which event when, over all events: a person's or a position's shifts."""

    list_display = ["starts_at", "ends_at", "event_link", "role", "position", "person_name",
                    "note"]  # fmt: skip
    list_filter = [WhenFilter, "role", ("position", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "position", "person"]
    search_fields = ["event__title", "person__username", "note"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at", "pk"]

    @admin.display(description=_("person"))
    def person_name(self, obj):
        if obj.person is None:
            return gettext("not named yet")
        return getattr(obj.person, "display_name", "") or obj.person.get_username()


class ErrorsFilter(admin.SimpleListFilter):
    title = _("rows with errors")
    parameter_name = "errors"

    def lookups(self, request, model_admin):
        return [("yes", _("with errors")), ("no", _("without errors"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(rows_error__gt=0)
        if self.value() == "no":
            return queryset.filter(rows_error=0)
        return queryset


@admin.register(RegistrationImport)
class RegistrationImportAdmin(EventRecordAdmin):
    """The registration lists staff uploaded, over all events, with what became of their rows;
    a list opens its page (every row, or only those with errors)."""

    list_display = ["file_link", "event_link", "status_badge", "rows_total", "rows_applied",
                    "errors_link", "sender", "created_at", "applied_at"]  # fmt: skip
    list_filter = ["status", ErrorsFilter]
    list_select_related = ["event", "actor", "client"]
    search_fields = ["filename", "event__title"]
    ordering = ["-created_at", "-pk"]

    def page_for(self, obj) -> str:
        return reverse("admin:campaigns_import", args=[obj.pk])

    def has_view_permission(self, request, obj=None):
        # the rows are people's names and phones: as for the registrations themselves
        return super().has_view_permission(request, obj) and request.user.has_perm(
            "campaigns.view_registration"
        )

    @admin.display(description=_("file"), ordering="filename")
    def file_link(self, obj):
        return format_html('<a class="so-link" href="{}">{}</a>', self.page_for(obj),
                           obj.filename or obj.pk)  # fmt: skip

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html('<span class="so-badge so-{}">{}</span>', obj.status_badge,
                           obj.get_status_display())  # fmt: skip

    @admin.display(description=_("rows with errors"), ordering="rows_error")
    def errors_link(self, obj):
        if not obj.rows_error:
            return 0
        return format_html(
            '<a class="so-link" href="{}?status=error" data-errors>{}</a>', self.page_for(obj),
            ngettext("%(n)s row", "%(n)s rows", obj.rows_error) % {"n": obj.rows_error},
        )  # fmt: skip

    @admin.display(description=_("sent by"))
    def sender(self, obj):
        return obj.sender_label


@admin.register(EventSummary)
class EventSummaryAdmin(EventRecordAdmin):
    """The post-event summaries side by side: attendance, cost against budget, who closed."""

    list_display = ["event_link", "campaign", "event_day", "registered", "attended", "rate",
                    "budget", "actual_cost", "variance_shown", "closed_at", "closed_who"]  # fmt: skip
    list_select_related = ["event__campaign", "closed_by"]
    search_fields = ["event__title", "event__campaign__name"]
    date_hierarchy = "closed_at"
    ordering = ["-closed_at", "-pk"]

    @admin.display(description=_("closed by"))
    def closed_who(self, obj):
        """The person, and the position's name (not its code), marked when acting."""
        from siteops.work.templatetags.work_tags import position_name

        who = str(obj.closed_by) if obj.closed_by_id else "—"
        if not obj.closed_position_code:
            return who
        shown = position_name(obj.closed_position_code)
        if obj.closed_acting:
            shown = f"{shown} · {gettext('acting')}"
        return f"{who} ({shown})"

    @admin.display(description=_("campaign"), ordering="event__campaign__name")
    def campaign(self, obj):
        return obj.event.campaign

    @admin.display(description=_("starts"), ordering="event__starts_at")
    def event_day(self, obj):
        return timezone.localtime(obj.event.starts_at).strftime("%Y-%m-%d")

    @admin.display(description=_("attendance"))
    def rate(self, obj):
        rate = obj.attendance_rate
        return "—" if rate is None else f"{rate} %"

    @admin.display(description=_("variance"))
    def variance_shown(self, obj):
        v = obj.variance
        colour = "danger" if v > 0 else "success"
        return format_html('<span class="so-badge so-{}">{}</span>', colour, f"{v:+}")


@admin.register(Partner)
class PartnerAdmin(ServiceSave, HistoryAdmin):
    list_display = ["name", "site_url", "contact", "status"]
    list_filter = ["status"]
    search_fields = ["name"]


@admin.register(Swap)
class SwapAdmin(ServiceSave, ModelAdmin):
    list_display = ["partner", "campaign", "their_page", "our_page", "start", "end", "status",
                    "link_state", "last_seen_at", "last_checked_at"]  # fmt: skip
    list_filter = ["status", "link_state"]
    list_select_related = ["partner", "campaign"]


@admin.register(Source)
class SourceAdmin(ServiceSave, ModelAdmin):
    list_display = ["name", "code", "channel", "partner"]
    list_select_related = ["partner"]
    list_filter = ["channel"]
    search_fields = ["name", "code"]


@admin.register(Post)
class PostAdmin(ServiceSave, ModelAdmin):
    list_display = ["title", "kind", "source", "campaign", "posted_on", "cost", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["source", "campaign"]
    readonly_fields = ["status"]
    actions = ["approve", "mark_posted"]

    @admin.action(description=_("Approve the selected drafts"), permissions=["approve"])
    def approve(self, request, queryset):
        self._move(request, queryset, "approve")

    @admin.action(description=_("Mark the selected posts posted"), permissions=["change"])
    def mark_posted(self, request, queryset):
        self._move(request, queryset, "post")

    def has_approve_permission(self, request):
        return request.user.has_perm("campaigns.approve_post")

    def _move(self, request, queryset, action):
        from django.contrib import messages

        from siteops.core.errors import DomainError

        done = 0
        for post in queryset[:200]:
            try:
                services.post_move(actor=request.user, post=post, action=action)
                done += 1
            except (DomainError, services.ValidationError) as exc:
                messages.error(
                    request, f"{post}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}"
                )
        if done:
            messages.success(request, _("%(n)s posts changed.") % {"n": done})


@admin.register(TrackedLink)
class TrackedLinkAdmin(BigListAdmin):
    list_display = ["code", "campaign", "source", "medium", "target", "clicks", "short"]
    list_filter = ["medium"]
    list_select_related = ["campaign", "source"]
    search_fields = ["code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_clicks=Sum("days__clicks"))

    @admin.display(description=_("clicks"))
    def clicks(self, obj):
        return getattr(obj, "total_clicks", None) or 0

    @admin.display(description=_("short link"))
    def short(self, obj):
        return reverse("campaigns:go", args=[obj.code])

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["code", "campaign", "source", "medium"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            services.record_save(actor=request.user, obj=obj, perm="campaigns.change_trackedlink")
            return
        created = services.link_create(
            actor=request.user, campaign=obj.campaign, source=obj.source, medium=obj.medium,
            target=obj.target, code=obj.code, post=obj.post,
        )  # fmt: skip
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UtmMapping)
class UtmMappingAdmin(ServiceSave, HistoryAdmin):
    """What an unmapped UTM value meant; reports apply it to past orders too."""

    list_display = ["dimension", "value", "maps_to"]
    list_filter = ["dimension"]
    search_fields = ["value", "maps_to"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for key in ("dimension", "value"):
            if request.GET.get(key):
                initial[key] = request.GET[key][:100]
        return initial


@admin.register(PromoCode)
class PromoCodeAdmin(ServiceSave, ModelAdmin):
    list_display = ["code", "campaign", "source", "medium", "target", "uses"]
    list_filter = ["medium"]
    list_select_related = ["campaign", "source"]
    search_fields = ["code"]
    readonly_fields = ["uses"]


# The menu's labels of campaigns' entries (siteops/core/menu.py) are translated from this
# catalogue too, so an entry added with an area reads in Chinese before core's is re-extracted.
MENU_LABELS = [
    _("Unmapped UTM values"), _("Promo codes"), _("Event roster"), _("Registration lists"),
    _("Event summaries"),
]  # fmt: skip
