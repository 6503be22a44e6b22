"""Back office of IT and hosting: thin lists and forms whose saves go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from siteops.core.admin_base import BigListAdmin, HistoryAdmin
from siteops.core.errors import DomainError

from . import services
from .models import (
    Asset,
    Certificate,
    Check,
    Contract,
    Domain,
    Drift,
    EquipmentLoan,
    Incident,
    Installation,
    KeywordRegistration,
    Maintenance,
    MaintenanceWindow,
    Monitor,
    NetworkLine,
    OfficeSystem,
    ProcurementOption,
    ProcurementPlan,
    Provider,
    ProviderSelection,
    SelectionCandidate,
    SelectionCriterion,
    Site,
)


def _run(request, fn, ok_message):
    try:
        fn()
    except (DomainError, ValidationError) as exc:
        for m in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, m)
    else:
        messages.success(request, ok_message)


class OptionInline(TabularInline):
    model = ProcurementOption
    extra = 2

    def _draft(self, obj) -> bool:
        return obj is None or obj.status == "draft"

    # Quotes change only while the plan is a draft (after that they are what was approved).
    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(ProcurementPlan)
class ProcurementPlanAdmin(HistoryAdmin):
    list_display = (
        "plan_link",
        "kind",
        "quantity",
        "budget",
        "status",
        "purchase_order",
        "created_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("title", "purchase_order")
    inlines = [OptionInline]
    fields = ("title", "need", "kind", "quantity", "budget", "budget_line", "owner")
    actions = ["submit_for_approval"]
    list_display_links = None

    @admin.display(description=_("title"))
    def plan_link(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("admin:infra_plan", args=[obj.pk]), obj.title
        )

    def response_add(self, request, obj, post_url_continue=None):
        from django.shortcuts import redirect

        if "_save" in request.POST:
            return redirect("admin:infra_plan", obj.pk)  # on to its work screen
        return super().response_add(request, obj, post_url_continue)

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != "draft":
            return self.fields
        return ()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Submit for approval"), permissions=["change"])
    def submit_for_approval(self, request, queryset):
        for plan in queryset:
            _run(
                request,
                lambda p=plan: services.plan_submit(actor=request.user, plan=p),
                _("Submitted for approval."),
            )


@admin.register(Asset)
class AssetAdmin(HistoryAdmin, BigListAdmin):
    list_display = (
        "tag",
        "kind",
        "model_name",
        "serial",
        "location",
        "owner",
        "status",
        "warranty_end",
    )
    list_filter = ("status", "kind")
    search_fields = ("tag", "serial", "model_name")
    list_select_related = ("owner",)
    readonly_fields = ("status", "plan")

    def save_model(self, request, obj, form, change):
        services.asset_save(actor=request.user, asset=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Maintenance)
class MaintenanceAdmin(ModelAdmin):
    list_display = ("asset", "kind", "done_on", "cost", "downtime_minutes")
    list_filter = ("kind",)
    list_select_related = ("asset",)
    autocomplete_fields = ()

    def has_change_permission(self, request, obj=None):
        return False


class RenewableAdmin(ModelAdmin):
    list_display = ("__str__", "expires_on", "auto_renew", "position")
    list_select_related = ("position",)
    list_filter = ("auto_renew",)

    def save_model(self, request, obj, form, change):
        services.renewable_save(actor=request.user, obj=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(RenewableAdmin):
    list_display = (
        "title",
        "provider",
        "starts_on",
        "expires_on",
        "notice_days",
        "monthly_cost",
        "auto_renew",
    )
    list_select_related = ("provider",)


@admin.register(Domain)
class DomainAdmin(RenewableAdmin):
    list_display = ("name", "registrar", "expires_on", "auto_renew", "icp_number", "transfer_lock")
    list_select_related = ("registrar",)
    search_fields = ("name", "icp_number")


@admin.register(Certificate)
class CertificateAdmin(RenewableAdmin):
    pass


@admin.register(KeywordRegistration)
class KeywordRegistrationAdmin(RenewableAdmin):
    list_display = ("keyword", "registrar", "points_to", "expires_on", "auto_renew", "position")
    list_select_related = ("registrar", "position")
    search_fields = ("keyword",)


@admin.register(OfficeSystem)
class OfficeSystemAdmin(ModelAdmin):
    list_display = ("name", "kind", "vendor", "seats", "renewal_on", "administrator")
    list_select_related = ("administrator",)

    def save_model(self, request, obj, form, change):
        services.renewable_save(actor=request.user, obj=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)


class _DraftOnlyInline(TabularInline):
    extra = 0

    def _draft(self, obj) -> bool:
        return obj is None or obj.status == "draft"

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class CriterionInline(_DraftOnlyInline):
    model = SelectionCriterion
    fields = ("name", "weight")


class CandidateInline(_DraftOnlyInline):
    model = SelectionCandidate
    fields = ("name", "provider", "quote", "quote_note")
    autocomplete_fields = ()


@admin.register(ProviderSelection)
class ProviderSelectionAdmin(HistoryAdmin):
    """Selections of a provider or supplier: criteria and candidates here (while a draft); the
    scores, the ranking and the decision on the selection's page."""

    list_display = ("title", "kind", "status", "chosen", "decided_at", "work")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    list_select_related = ("chosen",)
    fields = ("title", "kind", "need")
    inlines = [CriterionInline, CandidateInline]

    @admin.display(description=_("Scores and decision"))
    def work(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("admin:infra_selection", args=[obj.pk]), _("Open")
        )

    def get_readonly_fields(self, request, obj=None):
        return ("title", "kind", "need") if obj is not None and obj.status != "draft" else ()

    def response_add(self, request, obj, post_url_continue=None):
        from django.shortcuts import redirect

        if "_save" in request.POST:
            return redirect("admin:infra_selection", obj.pk)  # on to the scores
        return super().response_add(request, obj, post_url_continue)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Monitor)
class MonitorAdmin(ModelAdmin):
    list_display = ("name", "path", "expected_status", "is_active", "is_public", "provider")
    list_select_related = ("provider",)


@admin.register(Check)
class CheckAdmin(BigListAdmin):
    list_display = ("monitor", "at", "ok", "status_code", "ms", "in_maintenance")
    list_filter = ("ok", "monitor")
    list_select_related = ("monitor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(ModelAdmin):
    list_display = ("monitor", "started_at", "ended_at", "cause")
    list_select_related = ("monitor",)
    readonly_fields = ("monitor", "started_at", "ended_at")
    fields = ("monitor", "started_at", "ended_at", "cause")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(ModelAdmin):
    list_display = ("title", "starts_at", "ends_at")


@admin.register(Drift)
class DriftAdmin(ModelAdmin):
    """What the daily check saw differ from the record; accepting makes the record say it."""

    list_display = ("__str__", "detected_at", "resolved_at", "resolution")
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("domain", "certificate")
    readonly_fields = ("kind", "domain", "certificate", "expected", "observed", "detected_at",
                       "resolved_at", "resolution", "accepted_by")  # fmt: skip
    fields = readonly_fields
    actions = ["accept"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Accept: the record takes the live value"), permissions=["change"])
    def accept(self, request, queryset):
        from .watch import drift_accept

        for drift in queryset.select_related("domain", "certificate"):
            _run(request, lambda d=drift: drift_accept(actor=request.user, drift=d), _("Accepted."))


@admin.register(Site)
class SiteAdmin(ModelAdmin):
    """The company's websites; "mark live" needs the ICP备案 number and opens the 公安备案 task."""

    list_display = ("name", "base_url", "domain", "icp_number", "status", "live_on", "check_footer")
    list_filter = ("status",)
    search_fields = ("name", "base_url", "icp_number")
    list_select_related = ("domain",)
    fields = ("name", "base_url", "domain", "icp_number", "check_footer", "status", "live_on",
              "compliance")  # fmt: skip
    readonly_fields = ("status", "live_on", "compliance")
    actions = ["mark_live", "take_offline"]

    @admin.display(description=_("Public security filing and footer licences"))
    def compliance(self, obj):
        """What compliance keeps for this site (its 公安备案 filing, the licences its footer must
        show), asked through the ``infra.site_compliance`` hook."""
        from django.utils.html import format_html, format_html_join

        from siteops.core import hooks

        rows = hooks.ask("infra.site_compliance", obj) if obj and obj.pk else ()
        if not rows:
            return _("None yet (opened when the site goes live).")
        return format_html(
            '<ul id="site-compliance">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="so-badge so-badge-{}">{}</span> {}{}</li>',
                (
                    (r["url"], r["label"], r["badge"], r["status"], r["detail"],
                     format_html(" · {} {}", _("due"), r["due"].isoformat()) if r["due"] else "")
                    for r in rows
                ),
            ),
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        from .sites import site_save

        site_save(actor=request.user, site=obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark live (needs the ICP filing number)"), permissions=["change"])
    def mark_live(self, request, queryset):
        from .sites import site_mark_live

        for site in queryset:
            _run(request, lambda s=site: site_mark_live(actor=request.user, site=s),
                 _("%(site)s is live.") % {"site": site})  # fmt: skip

    @admin.action(description=_("Take offline"), permissions=["change"])
    def take_offline(self, request, queryset):
        from .sites import site_take_offline

        for site in queryset:
            _run(request, lambda s=site: site_take_offline(actor=request.user, site=s),
                 _("%(site)s is offline.") % {"site": site})  # fmt: skip


@admin.register(EquipmentLoan)
class EquipmentLoanAdmin(ModelAdmin):
    """Office equipment out with people; checking out, return and write-off through services."""

    list_display = (
        "asset",
        "person",
        "checked_out_on",
        "accepted_at",
        "returned_on",
        "written_off_on",
    )
    list_filter = (
        ("returned_on", admin.EmptyFieldListFilter),
        ("written_off_on", admin.EmptyFieldListFilter),
    )
    search_fields = ("asset__tag", "asset__serial", "person__username", "person__display_name")
    list_select_related = ("asset", "person")
    autocomplete_fields = ("asset",)
    fields = ("asset", "person", "checked_out_on")
    actions = ["mark_returned", "write_off"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("asset", "person", "checked_out_on", "accepted_at", "returned_on",
                    "return_condition", "written_off_on", "write_off_reason")  # fmt: skip
        return ()

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or self.fields

    def save_model(self, request, obj, form, change):
        from .equipment import loan_checkout

        saved = loan_checkout(
            actor=request.user, asset=obj.asset, person=obj.person, on=obj.checked_out_on
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Returned (in good condition)"), permissions=["change"])
    def mark_returned(self, request, queryset):
        from .equipment import loan_return

        for loan in queryset:
            _run(request, lambda x=loan: loan_return(actor=request.user, loan=x), _("Returned."))

    @admin.action(description=_("Write off (lost or broken)"), permissions=["change"])
    def write_off(self, request, queryset):
        from .equipment import loan_write_off

        for loan in queryset:
            _run(request, lambda x=loan: loan_write_off(actor=request.user, loan=x, reason=_("Written off from the list")),
                 _("Written off."))  # fmt: skip


@admin.register(Installation)
class InstallationAdmin(ModelAdmin):
    """Installation and configuration records; signed off through the service (then fixed)."""

    list_display = (
        "asset",
        "installed_on",
        "os",
        "firmware",
        "vlan",
        "signed_off_by",
        "signed_off_at",
    )
    list_select_related = ("asset", "signed_off_by")
    search_fields = ("asset__tag", "ip_addresses", "vlan")
    autocomplete_fields = ("asset",)
    fields = (
        "asset",
        "installed_on",
        "checklist",
        "os",
        "firmware",
        "ip_addresses",
        "vlan",
        "notes",
    )
    actions = ["sign_off"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.signed_off_at:
            return self.fields
        return ()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Sign off"), permissions=["change"])
    def sign_off(self, request, queryset):
        from .upkeep import installation_sign_off

        for inst in queryset.select_related("asset"):
            _run(
                request,
                lambda x=inst: installation_sign_off(actor=request.user, installation=x),
                _("Signed off."),
            )


@admin.register(NetworkLine)
class NetworkLineAdmin(ModelAdmin):
    list_display = ("name", "kind", "provider", "bandwidth_mbps", "location", "circuit_id")
    list_filter = ("kind",)
    list_select_related = ("provider",)
    search_fields = ("name", "ip_blocks", "circuit_id")

    def has_delete_permission(self, request, obj=None):
        return False
