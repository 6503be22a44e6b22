"""Thin back-office registrations: lists, forms whose saves go through the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from siteops.core.admin_base import BigListAdmin, open_link
from siteops.core.errors import DomainError

from . import selectors, services
from .models import (
    BetaFeature,
    BetaFeedback,
    BetaParticipant,
    Defect,
    DevRequest,
    Milestone,
    Need,
    Requirement,
    TechnicalDocument,
    TestCase,
    TestPlan,
    TestRun,
    Vendor,
    VendorAccount,
    VendorProject,
)


class ServiceAdmin(ModelAdmin):
    """A form whose save a service refused shows the reason instead of an error page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (DomainError, ValidationError) as exc:
            for m in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, m)
            return HttpResponseRedirect(request.get_full_path())

    def has_delete_permission(self, request, obj=None):
        return False  # records of the area are kept (history, traceability)

    @staticmethod
    def _adopt(obj, created):
        for f in obj._meta.concrete_fields:
            setattr(obj, f.attname, getattr(created, f.attname))
        obj._state.adding = False


@admin.register(Need)
class NeedAdmin(ServiceAdmin):
    list_display = ["title", "department", "urgency", "status", "created_at"]
    list_filter = ["status", "urgency", "department"]
    list_select_related = ["department"]
    search_fields = ["title", "problem"]
    fields = ["title", "problem", "value", "urgency", "department"]

    def get_queryset(self, request):
        return selectors.needs_visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        need = services.need_submit(
            actor=request.user,
            department=obj.department,
            title=obj.title,
            problem=obj.problem,
            value=obj.value,
            urgency=obj.urgency,
        )
        self._adopt(obj, need)


class RevisionedAdmin(ServiceAdmin):
    """The change form shows (and edits) the newest revision, not only the live one."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.latest_revision_id:
            obj = obj.as_of(obj.latest_revision)
        return obj

    @admin.display(description=_("History"))
    def history_link(self, obj):
        if not obj.pk:
            return "-"
        url = reverse(
            "admin:core_revisions", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
        )
        return format_html('<a class="so-link" href="{}">{}</a>', url, _("Revisions and diff"))


@admin.register(Requirement)
class RequirementAdmin(RevisionedAdmin):
    list_display = ["code", "title", "project", "priority", "section", "status", "need"]
    list_filter = ["status", "priority", "section", "project"]
    list_select_related = ["project", "need"]
    search_fields = ["code", "title", "statement"]
    autocomplete_fields = ["need"]
    readonly_fields = ["status", "history_link"]
    fields = ["project", "code", "title", "statement", "rationale", "acceptance_criteria",
              "priority", "section", "need", "status", "history_link"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "project", "code"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            req = services.requirement_create(
                actor=request.user,
                **{f: form.cleaned_data[f] for f in form.cleaned_data},
            )
            self._adopt(obj, req)
            return
        data = {f: form.cleaned_data[f] for f in obj.revision_fields if f in form.changed_data}
        if data:
            services.requirement_edit(actor=request.user, requirement=obj, data=data)
        Requirement.objects.filter(pk=obj.pk).update(
            section=form.cleaned_data["section"], need=form.cleaned_data["need"]
        )


class VendorAccountInline(TabularInline):
    """The vendor's logins and systems (each sees only this vendor's records in the portal)."""

    model = VendorAccount
    fields = ["user", "api_client", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user", "api_client"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("vendors.change_vendoraccount")


@admin.register(Vendor)
class VendorAdmin(ServiceAdmin):
    list_display = ["name", "contact_name", "contact_phone", "contract_no"]
    search_fields = ["name", "contact_name"]
    inlines = [VendorAccountInline]


@admin.register(VendorProject)
class VendorProjectAdmin(ServiceAdmin):
    list_display = ["code", "name", "vendor", "status", "page_link"]
    list_filter = ["status", "vendor"]
    list_select_related = ["vendor"]
    search_fields = ["code", "name"]
    fields = ["vendor", "code", "name", "status", "slip_threshold_days", "reference_baseline"]

    @admin.display(description=_("Project page"))
    def page_link(self, obj):
        url = reverse("admin:vendors_project", args=[obj.pk])
        return open_link(url)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reference_baseline":
            from .models import Baseline

            pk = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Baseline.objects.filter(project_id=pk or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Milestone)
class MilestoneAdmin(ServiceAdmin):
    list_display = ["code", "title", "project", "planned_date", "forecast_date", "actual_date",
                    "status"]  # fmt: skip
    list_filter = ["status", "project"]
    list_select_related = ["project"]
    search_fields = ["code", "title"]
    filter_horizontal = ["requirements"]
    fields = ["project", "code", "title", "deliverable", "acceptance_criteria", "payment_share",
              "planned_date", "requirements", "forecast_date", "actual_date", "status",
              "vendor_progress", "accepted_progress"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        # dates, progress and status move on the project page (delay log, acceptance)
        locked = ["forecast_date", "actual_date", "status", "vendor_progress", "accepted_progress"]
        return [*locked, "project", "code", "planned_date"] if obj else locked

    def save_model(self, request, obj, form, change):
        if not change:
            m = services.milestone_create(
                actor=request.user,
                project=obj.project,
                code=obj.code,
                title=obj.title,
                deliverable=obj.deliverable,
                planned_date=obj.planned_date,
                payment_share=obj.payment_share,
                acceptance_criteria=obj.acceptance_criteria,
            )
            self._adopt(obj, m)
            return
        super().save_model(request, obj, form, change)


@admin.register(TestPlan)
class TestPlanAdmin(ServiceAdmin):
    list_display = ["name", "project", "kind", "build", "exit_min_pass_rate"]
    list_filter = ["kind", "project"]
    list_select_related = ["project"]
    search_fields = ["name"]


@admin.register(TestCase)
class TestCaseAdmin(RevisionedAdmin):
    list_display = ["title", "plan", "status", "version"]
    list_filter = ["status", "plan"]
    list_select_related = ["plan", "latest_revision"]
    search_fields = ["title", "steps"]
    filter_horizontal = ["requirements"]
    readonly_fields = ["history_link"]
    fields = ["plan", "title", "steps", "expected", "status", "reviewer", "requirements",
              "history_link"]  # fmt: skip

    class Media:
        js = ["vendors/similar_cases.js"]  # similar existing cases while a new title is typed

    @admin.display(description=_("Version"))
    def version(self, obj):
        return obj.latest_revision.number if obj.latest_revision_id else "-"

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "plan"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            similar = selectors.similar_cases(obj.plan.project, obj.title)
            case = services.case_create(
                actor=request.user,
                plan=obj.plan,
                title=obj.title,
                steps=obj.steps,
                expected=obj.expected,
                status=obj.status,
                reviewer=obj.reviewer,
            )
            self._adopt(obj, case)
            if similar:
                messages.warning(
                    request,
                    _("Similar existing cases (possible duplicates): %(list)s")
                    % {"list": "; ".join(c.title for c, _r in similar)},
                )
            return
        data = {f: form.cleaned_data[f] for f in obj.revision_fields if f in form.changed_data}
        if data:
            services.case_edit(actor=request.user, case=obj, data=data)
        TestCase.objects.filter(pk=obj.pk).update(
            status=form.cleaned_data["status"], reviewer=form.cleaned_data["reviewer"]
        )


@admin.register(TestRun)
class TestRunAdmin(ServiceAdmin):
    list_display = ["name", "plan", "build", "status", "created_at", "page_link"]
    list_filter = ["status", "plan"]
    list_select_related = ["plan"]
    search_fields = ["name"]
    fields = ["plan", "name", "build"]

    @admin.display(description=_("Run page"))
    def page_link(self, obj):
        url = reverse("admin:vendors_run", args=[obj.pk])
        return open_link(url)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        run = services.run_create(actor=request.user, plan=obj.plan, name=obj.name, build=obj.build)
        self._adopt(obj, run)

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:vendors_run", args=[obj.pk]))


@admin.register(Defect)
class DefectAdmin(BigListAdmin):
    list_display = ["__str__", "project", "severity", "priority", "status", "assignee", "fix_due"]
    list_filter = ["status", "severity", "assignee", "project"]
    list_select_related = ["project"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False  # from a failed execution (run page)

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:vendors_defect", args=[object_id]))


@admin.register(TechnicalDocument)
class TechnicalDocumentAdmin(ModelAdmin):
    list_display = ["title", "project", "version", "created_at", "acknowledged_at"]
    list_filter = ["project"]
    list_select_related = ["project"]

    def has_add_permission(self, request):
        return False  # issued from the project page

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:vendors_document", args=[object_id]))


@admin.register(DevRequest)
class DevRequestAdmin(ServiceAdmin):
    list_display = ["title", "kind", "requirement", "affected_module", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["requirement"]
    search_fields = ["title"]
    autocomplete_fields = ["requirement", "need"]
    fields = ["kind", "title", "requirement", "need", "affected_module", "design_notes",
              "estimate_days", "severity", "steps_to_reproduce", "expected", "actual",
              "environment", "release"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f != "release"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            DevRequest.objects.filter(pk=obj.pk).update(release=obj.release)
            return
        data = {f: form.cleaned_data.get(f) for f in self.fields if f not in ("kind", "title")}
        data = {k: v for k, v in data.items() if v is not None}
        req = services.devrequest_create(actor=request.user, kind=obj.kind, title=obj.title, **data)
        self._adopt(obj, req)


@admin.register(BetaFeature)
class BetaFeatureAdmin(ServiceAdmin):
    list_display = ["code", "name", "enabled"]
    list_filter = ["enabled"]
    fields = ["code", "name", "description", "enabled"]


@admin.register(BetaParticipant)
class BetaParticipantAdmin(ModelAdmin):
    list_display = ["user", "active", "updated_at"]
    list_filter = ["active"]
    list_select_related = ["user"]
    readonly_fields = ["user", "active", "updated_at"]

    def has_add_permission(self, request):
        return False  # customers opt in and out themselves

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BetaFeedback)
class BetaFeedbackAdmin(ModelAdmin):
    """The triage queue of the beta cohort's feedback."""

    list_display = ["text_short", "feature", "user", "status", "created_at"]
    list_filter = ["status", "feature"]
    list_select_related = ["feature", "user"]
    search_fields = ["text"]
    readonly_fields = ["user", "feature", "text", "page", "status", "triage_note", "created_at",
                       "need", "defect", "triaged_at"]  # fmt: skip
    actions = ["accept", "decline"]

    @admin.display(description=_("feedback"))
    def text_short(self, obj):
        return obj.text[:80]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _triage(self, request, queryset, status):
        from . import beta

        done = 0
        for fb in queryset:
            try:
                beta.feedback_triage(actor=request.user, feedback=fb, status=status)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{fb}: {exc}")
        if done:
            messages.success(request, _("Triaged: %(n)s") % {"n": done})

    @admin.action(description=_("Accept as a need (a defect: on the triage page)"),
                  permissions=["change"])  # fmt: skip
    def accept(self, request, queryset):
        self._triage(request, queryset, "accepted")

    @admin.action(description=_("Decline"), permissions=["change"])
    def decline(self, request, queryset):
        self._triage(request, queryset, "declined")
