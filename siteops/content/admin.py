from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from .models import DesignRequest, Page, Placement, Release, SignUp, Slogan, SloganVariant
from .selectors import slogan_used_in


@admin.register(Page)
class PageAdmin(ModelAdmin):
    """The list of documents and pages; writing happens on the page's work screen (every save
    a revision, review and publication through the workflow)."""

    list_display = ["title", "kind", "slug_link", "status_label", "state_label", "updated_at"]
    list_filter = ["kind", "status", "footer_group"]
    search_fields = ["title", "title_en", "slug"]
    list_per_page = 50
    actions = ["bulk_publish", "bulk_unpublish"]

    def has_publish_permission(self, request):
        return request.user.has_perm("content.publish_page")

    @admin.action(description=_("Publish the approved revisions…"), permissions=["publish"])
    def bulk_publish(self, request, queryset):
        return _bulk(self, request, queryset, publish=True)

    @admin.action(description=_("Take off the shop…"), permissions=["publish"])
    def bulk_unpublish(self, request, queryset):
        return _bulk(self, request, queryset, publish=False)

    @admin.display(description=_("address (slug)"))
    def slug_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:content_page_detail", args=[obj.pk]), obj.slug
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("on the shop"))
    def state_label(self, obj):
        return obj.publication_state.label

    def has_add_permission(self, request):
        return False  # "New document" on the work screen (content_page_new)

    def has_delete_permission(self, request, obj=None):
        return False  # unpublish instead: the history stays

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return redirect("admin:content_page_detail", pk=int(object_id))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "new_url": reverse("admin:content_page_new")}
        return super().changelist_view(request, extra_context)


def _bulk(model_admin, request, queryset, *, publish: bool):
    """Bulk publish / unpublish: first a page listing every affected shop address (and what is
    left out, and why); only the confirmation does it, page by page, reporting each refusal."""
    from django.contrib import messages
    from django.contrib.admin import helpers
    from django.template.response import TemplateResponse

    from siteops.core.errors import DomainError

    from . import services
    from .admin_views import shop_url

    pages = list(queryset.order_by("kind", "order", "pk")[:200])
    if publish:
        affected = [p for p in pages if p.status in ("approved", "scheduled")
                    and p.scheduled_revision_id]  # fmt: skip
    else:
        affected = [p for p in pages if p.is_live]
    skipped = [p for p in pages if p not in affected]
    if request.POST.get("confirm") == "yes":
        done = 0
        for page in affected:
            try:
                if publish:
                    services.page_publish_approved(actor=request.user, page=page)
                else:
                    services.page_unpublish(actor=request.user, page=page)
                done += 1
            except DomainError as exc:
                messages.error(request, f"{page}: {exc}")
        messages.success(request, _("%(n)s page(s) done.") % {"n": done})
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Publish these pages?") if publish else _("Take these pages off the shop?"),
        "affected": [(p, shop_url(p)) for p in affected],
        "skipped": skipped,
        "publish": publish,
        "action": request.POST.get("action", ""),
        "selected": [str(p.pk) for p in pages],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "content/bulk_confirm.html", context)


class SloganVariantInline(TabularInline):
    model = SloganVariant
    extra = 1
    fields = ["placement", "text", "text_en"]


@admin.register(Placement)
class PlacementAdmin(ModelAdmin):
    list_display = ["name", "code", "max_chars"]


@admin.register(Slogan)
class SloganAdmin(ModelAdmin):
    """CPY-04: slogans and ad copy, a variant per placement within its character limit; the
    pages that use one are listed before it is changed, and a used one cannot be deleted."""

    list_display = ["code", "text", "updated_at"]
    search_fields = ["code", "text", "text_en"]
    fields = ["code", "text", "text_en", "note", "used_in"]
    readonly_fields = ["used_in"]
    inlines = [SloganVariantInline]

    @admin.display(description=_("used in"))
    def used_in(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        pages = slogan_used_in(obj)
        if not pages:
            return _("Not used on any page.")
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:content_page_detail", args=[p.pk]), p.title) for p in pages),
        )  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        if obj is not None and slogan_used_in(obj):
            return False  # used by reference: take it off those pages first
        return super().has_delete_permission(request, obj)


@admin.register(DesignRequest)
class DesignRequestAdmin(ModelAdmin):
    """ART-01/03/04/05: the design requests; each one's work happens on its screen."""

    list_display = ["title_link", "page", "status", "deadline", "created_at"]
    list_select_related = ["page"]
    list_filter = ["status"]
    search_fields = ["title"]

    @admin.display(description=_("title"))
    def title_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:content_design_detail", args=[obj.pk]), obj.title
        )

    def has_add_permission(self, request):
        return False  # content_design_new

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return redirect("admin:content_design_detail", pk=int(object_id))


@admin.register(Release)
class ReleaseAdmin(ModelAdmin):
    """Releases: pages, slogans and ads that go live together; each one's work on its screen."""

    list_display = ["name_link", "status_label", "publish_at", "published_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["name"]

    @admin.display(description=_("name"))
    def name_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:content_release_detail", args=[obj.pk]), obj.name
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return obj.get_status_display()

    def has_add_permission(self, request):
        return False  # content_release_new

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return redirect("admin:content_release_detail", pk=int(object_id))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "new_url": reverse("admin:content_release_new")}
        return super().changelist_view(request, extra_context)


@admin.register(SignUp)
class SignUpAdmin(ModelAdmin):
    """Sign-ups through topic pages' sign-up forms (MNT-02): read-only, per page."""

    list_display = ["name", "contact", "page", "created_at"]
    list_filter = ["page"]
    search_fields = ["name", "contact"]
    list_select_related = ["page"]
    readonly_fields = ["page", "name", "contact", "customer", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
