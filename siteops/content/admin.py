from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(ModelAdmin):
    """The list of documents and pages; writing happens on the page's work screen (every save
    a revision, review and publication through the workflow)."""

    list_display = ["title", "kind", "slug_link", "status_label", "state_label", "updated_at"]
    list_filter = ["kind", "status", "footer_group"]
    search_fields = ["title", "title_en", "slug"]
    list_per_page = 50

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
