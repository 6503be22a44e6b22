"""Back-office lists of the points area. Writes happen on the work screens (admin_views), through
the services; these lists are read-only. Ledger entries can never be added, changed or deleted
here (the ledger is append-only: corrections are new entries)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from siteops.core.admin_base import BigListAdmin, ReadOnly

from .models import (
    Adjustment,
    BalanceCheck,
    Batch,
    Claim,
    ClaimPool,
    LedgerEntry,
    Member,
    Project,
    RuleVersion,
)


@admin.register(Project)
class ProjectAdmin(ReadOnly, ModelAdmin):
    list_display = (
        "code",
        "open_link",
        "sponsor",
        "status",
        "starts_on",
        "ends_on",
        "budget_points",
    )
    list_filter = ("status",)
    search_fields = ("code", "name", "sponsor")

    @admin.display(description=_("name"))
    def open_link(self, obj):
        return format_html('<a class="so-link" href="{}">{}</a>',
                           reverse("admin:loyalty_project", args=[obj.pk]), obj.name)  # fmt: skip


@admin.register(Member)
class MemberAdmin(ReadOnly, BigListAdmin):
    list_display = ("customer", "project", "status", "joined_on")
    list_filter = ("status", "project")
    list_select_related = ("customer", "project")
    search_fields = ("customer__username", "customer__email")


@admin.register(RuleVersion)
class RuleVersionAdmin(ReadOnly, ModelAdmin):
    list_display = ("project", "version", "effective_from", "points_per_yuan",
                    "first_order_points", "multiplier", "monthly_cap")  # fmt: skip
    list_filter = ("project",)
    list_select_related = ("project",)


@admin.register(Batch)
class BatchAdmin(ReadOnly, ModelAdmin):
    list_display = ("open_link", "status", "total_points", "line_count", "generated_by")
    list_filter = ("status", "project")
    list_select_related = ("project", "generated_by")

    @admin.display(description=_("points batch"))
    def open_link(self, obj):
        return format_html('<a class="so-link" href="{}">{}</a>',
                           reverse("admin:loyalty_batch", args=[obj.pk]), obj)  # fmt: skip


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly, BigListAdmin):
    list_display = ("at", "member", "project", "kind", "points", "available_on", "reason")
    list_filter = ("kind", "project")
    list_select_related = ("member__customer", "member__project", "project")
    search_fields = ("member__customer__username", "member__customer__email", "reason")
    actions = None


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnly, ModelAdmin):
    list_display = ("member", "points", "reason", "status", "requested_by", "requested_at")
    list_filter = ("status",)
    list_select_related = ("member__customer", "member__project", "requested_by")
    search_fields = ("member__customer__username", "reason")


@admin.register(BalanceCheck)
class BalanceCheckAdmin(ReadOnly, ModelAdmin):
    list_display = ("ran_at", "members", "differences", "negatives")
    readonly_fields = ("ran_at", "members", "differences", "negatives", "detail")


@admin.register(ClaimPool)
class ClaimPoolAdmin(ReadOnly, ModelAdmin):
    """Points claims (topic pages' claim blocks, MNT-02): how many claimed, how many remain."""

    list_display = ("label", "project", "points", "cap", "claimed", "remaining_col", "claims_link")
    list_filter = ("project",)
    list_select_related = ("project",)
    search_fields = ("label", "ref", "project__code")

    @admin.display(description=_("remaining"))
    def remaining_col(self, obj):
        return obj.remaining

    @admin.display(description=_("who claimed"))
    def claims_link(self, obj):
        url = reverse("admin:loyalty_claim_changelist") + f"?pool__id__exact={obj.pk}"
        return format_html('<a class="so-link" href="{}">{}</a>', url, _("who claimed"))


@admin.register(Claim)
class ClaimAdmin(ReadOnly, BigListAdmin):
    """Who claimed points through a claim block, when, and the ledger entry it booked."""

    list_display = ("at", "customer", "pool", "points_col")
    list_filter = ("pool__project", "pool")
    list_select_related = ("customer", "pool__project", "entry")
    search_fields = ("customer__username", "customer__email")
    actions = None

    @admin.display(description=_("points"))
    def points_col(self, obj):
        return obj.entry.points
