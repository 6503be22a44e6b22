"""Back office of the compliance area: the licence register (writes through the services)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from siteops.core.admin_base import HistoryAdmin, open_link

from . import services
from .models import Document, Evidence, Filing, Licence, PsbFiling, SiteFooterLicence


@admin.register(Licence)
class LicenceAdmin(HistoryAdmin):
    list_display = (
        "__str__",
        "kind",
        "number",
        "status",
        "valid_until",
        "position",
        "show_in_footer",
        "work",
    )
    list_filter = ("kind", "status", "show_in_footer")
    search_fields = ("number", "name", "holder", "covered")
    list_select_related = ("position",)
    fields = services.LICENCE_FIELDS
    readonly_fields = ()

    @admin.display(description=_("Obligations and evidence"))
    def work(self, obj):
        return open_link(reverse("admin:compliance_licence", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in services.LICENCE_FIELDS if f in form.cleaned_data}
        current = Licence.objects.get(pk=obj.pk) if change else None
        saved = services.licence_save(actor=request.user, licence=current, data=data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        messages.error(request, _("Licences are not deleted; cancel them instead."))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Filing)
class FilingAdmin(ModelAdmin):
    """Read-only: obligations open by the calendar and change on their work screen."""

    list_display = ("title", "kind", "due_date", "status", "receipt_number", "outcome", "work")
    list_filter = ("kind", "status", "outcome")
    search_fields = ("title", "receipt_number")
    list_select_related = ("licence",)
    date_hierarchy = "due_date"

    @admin.display(description=_("Work"))
    def work(self, obj):
        return open_link(reverse("admin:compliance_filing", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteFooterLicence)
class SiteFooterLicenceAdmin(ModelAdmin):
    """Which licences each website's footer must show; the daily footer check reads this list."""

    list_display = ("site", "licence", "needs_link", "needs_icon")
    list_filter = ("licence__kind", "needs_icon")
    list_select_related = ("site", "licence")
    search_fields = ("site__name", "site__base_url", "licence__number")
    fields = ("site", "licence", "needs_link", "needs_icon")


@admin.register(PsbFiling)
class PsbFilingAdmin(ModelAdmin):
    """Read-only list: a 公安备案 filing opens when its site goes live and moves on its page."""

    list_display = ("site", "status", "due_date", "submitted_on", "application_number",
                    "decided_on", "filing_number", "work")  # fmt: skip
    list_filter = ("status",)
    search_fields = ("site__name", "filing_number", "application_number")
    list_select_related = ("site",)

    @admin.display(description=_("Work"))
    def work(self, obj):
        return open_link(reverse("admin:compliance_psb_filing", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ModelAdmin):
    list_display = ("title", "licence", "filing", "dated", "uploaded_at", "uploaded_by")
    list_select_related = ("licence", "filing", "uploaded_by")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ModelAdmin):
    """Policies and documents; the text changes through revisions and approval (work screen)."""

    list_display = (
        "title",
        "kind",
        "status",
        "version",
        "owner",
        "effective_date",
        "next_review_on",
        "work",
    )
    list_filter = ("kind", "status")
    search_fields = ("title",)
    list_select_related = ("owner",)
    fields = ("kind", "title", "body", "owner", "applies_to", "review_months", "licence")

    @admin.display(description=_("Work"))
    def work(self, obj):
        return open_link(reverse("admin:compliance_document", args=[obj.pk]))

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from .documents import document_create

        d = form.cleaned_data
        saved = document_create(
            actor=request.user, kind=d["kind"], title=d["title"], body=d.get("body", ""),
            owner=d["owner"], applies_to=d.get("applies_to") or [],
            review_months=d.get("review_months") or 12, licence=d.get("licence"),
        )  # fmt: skip
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        pass  # applies_to is set by document_create
