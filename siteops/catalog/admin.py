"""Back-office lists of the catalogue (thin: columns, filters, search, actions calling services).

Lists of big tables never count every row: ``show_full_result_count = False`` and a paginator
whose count is bounded (``CappedCountPaginator``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from siteops.core import hooks
from siteops.core.admin_base import (
    CappedCountPaginator,
    HistoryAdmin,
    LeanChangeFormMixin,
    LeanChoicesFilter,
    LeanFilterMixin,
    badge,
    lean_changelist,
    open_link,
    pk_url,
)
from siteops.core.errors import DomainError
from siteops.core.kept import Kept
from siteops.core.spreadsheets import XLSX_CONTENT_TYPE

from . import selectors, services
from .admin_views import may_submit
from .choices import ProductStatus
from .models import SKU, Brand, Category, Product, Submission, SyncBatch, Tag

_CELLS: dict[tuple, object] = {}  # the product list's cells kept per language (ProductAdmin)
_PK_SLOT = 987654321  # a number no URL of ours contains otherwise


def _error(request, exc):
    msg = exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
    messages.error(request, msg)


# --- Filters ------------------------------------------------------------------------------------

_KEPT_CHOICES = Kept("catalogue filter choices", limit=100)


def _kept_choices(spec, name: str, version, compute) -> list:
    """A data-driven filter's choices, kept per (name, version, language) with their HTML
    (``spec.kept_version``, see ``LeanFilterMixin``): a list page then asks the database for a
    version number, not for the categories, brands or editors (issue #20). Without a version
    they are read every time."""
    if version is None:
        return compute()
    spec.kept_version = (name, version)
    return _KEPT_CHOICES.get((name, version, get_language()), compute)


class CategoryFilter(LeanFilterMixin, admin.SimpleListFilter):
    """The category tree, kept per catalogue version (raised by every change of a category)."""

    title = _("category (with subcategories)")
    parameter_name = "cat"

    def lookups(self, request, model_admin):
        version = hooks.ask("catalog.catalogue_version", request)
        return _kept_choices(self, "categories", version, self.read_choices)

    def read_choices(self):
        return [(c.pk, c.indented_name) for c in selectors.category_tree()]

    def queryset(self, request, queryset):
        if self.value():
            cat = Category.objects.filter(pk=self.value()).first()
            if cat:
                return queryset.filter(category__path__startswith=cat.path)
        return queryset


class StockFilter(LeanFilterMixin, admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("in", _("In stock")), ("out", _("Sold out"))]

    def queryset(self, request, queryset):
        if self.value() == "in":
            return queryset.filter(in_stock=True)
        if self.value() == "out":
            return queryset.filter(in_stock=False)
        return queryset


class PriceFilter(LeanFilterMixin, admin.SimpleListFilter):
    title = _("price range")
    parameter_name = "price"
    RANGES = {"0-50": (0, 50), "50-200": (50, 200), "200-1000": (200, 1000),
              "1000-": (1000, None)}  # fmt: skip

    def lookups(self, request, model_admin):
        return [("0-50", "¥0–50"), ("50-200", "¥50–200"), ("200-1000", "¥200–1000"),
                ("1000-", "¥1000+")]  # fmt: skip

    def queryset(self, request, queryset):
        low, high = self.RANGES.get(self.value(), (None, None))
        if low is not None:
            queryset = queryset.filter(min_price__gte=low)
        if high is not None:
            queryset = queryset.filter(min_price__lt=high)
        return queryset


class BrandFilter(LeanFilterMixin, admin.RelatedFieldListFilter):
    """Django's brand filter, its brands kept per catalogue version (raised by every change of
    a brand)."""

    def field_choices(self, field, request, model_admin):
        return _kept_choices(
            self, "brands", hooks.ask("catalog.catalogue_version", request),
            lambda: super(BrandFilter, self).field_choices(field, request, model_admin),
        )  # fmt: skip


class ChangedByFilter(LeanFilterMixin, admin.SimpleListFilter):
    """Everyone who has changed a product, kept per last history row: product history is only
    ever added to, so a new editor appears with their first change (a renamed user keeps the old
    name here until the next change of a product)."""

    title = _("changed by")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(f"SELECT MAX(history_id) FROM {_history().model._meta.db_table}")
            last = cur.fetchone()[0] or 0
        return _kept_choices(self, "editors", last, self.read_choices)

    def read_choices(self):
        from siteops.org.models import User

        ids = _history().exclude(history_user=None).values("history_user").distinct()
        return [(u.pk, str(u)) for u in User.objects.filter(pk__in=ids).order_by("username")]

    def queryset(self, request, queryset):
        if self.value():
            ids = _history().filter(history_user_id=self.value()).values("id")
            return queryset.filter(pk__in=ids)
        return queryset


_HISTORY = []


def _history():
    """``Product.history`` (all historical rows) without its descriptor, which builds a new
    manager class on every access (≈ 600 Python calls each; issue #20)."""
    if not _HISTORY:
        _HISTORY.append(Product.history.model)
    return _HISTORY[0].objects.all()


# --- Products -----------------------------------------------------------------------------------


class MoveCategoryForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), label=_("new category"))


class ChangePriceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("change by"), choices=[("amount", _("amount (CNY)")), ("percent", _("percent"))]
    )
    value = forms.DecimalField(label=_("value (negative lowers)"), max_digits=10, decimal_places=2)


@admin.register(Product)
class ProductAdmin(LeanChangeFormMixin, HistoryAdmin):
    list_display = ["code", "title", "category", "brand", "status_badge", "min_price",
                    "stock_badge", "updated_at", "work"]  # fmt: skip
    list_filter = [("status", LeanChoicesFilter), CategoryFilter, StockFilter, PriceFilter,
                   ChangedByFilter, ("brand", BrandFilter)]  # fmt: skip
    list_select_related = ["category", "brand"]
    search_fields = ["title", "code"]  # get_search_results adds SKU codes and barcodes
    search_help_text = _("Chinese title, product code, SKU code or barcode")
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 30
    actions = ["publish", "delist", "move_category", "change_price", "export_xlsx"]
    readonly_fields = ["status", "published_at", "sales_count", "in_stock", "min_price",
                       "created_at", "updated_at"]  # fmt: skip
    fields = ["code", "title", "title_en", "subtitle", "category", "brand", "tags",
              "description", "attributes", "seo_title", "seo_description"] + readonly_fields  # fmt: skip
    autocomplete_fields = ["tags"]

    def get_changelist(self, request, **kwargs):
        return lean_changelist()

    def get_search_results(self, request, queryset, search_term):
        return selectors.product_search(queryset, search_term), False

    def get_queryset(self, request):
        """Lists leave out the long fields; one record's pages (change form, history, actions on
        one row) read it whole, in one query."""
        qs = super().get_queryset(request)
        return qs if getattr(request, "_siteops_whole_row", False) else qs.defer(
            "description", "attributes"
        )  # fmt: skip

    def get_object(self, request, object_id, from_field=None):
        request._siteops_whole_row = True
        try:
            return super().get_object(request, object_id, from_field)
        finally:
            request._siteops_whole_row = False

    # The list's badges and links are the same for every row of a status, a stock state or a
    # language: each is rendered once per (language, value) and process (≈ 55 Python calls a
    # cell otherwise, three such cells a row; issue #20).

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        key = ("status", get_language(), obj.status)
        html = _CELLS.get(key)
        if html is None:
            html = _CELLS[key] = badge(obj)
        return html

    @admin.display(description=_("stock"), ordering="in_stock")
    def stock_badge(self, obj):
        key = ("stock", get_language(), bool(obj.in_stock))
        html = _CELLS.get(key)
        if html is None:
            if obj.in_stock:
                html = format_html(
                    '<span class="so-badge so-success">{}</span>', gettext("In stock")
                )
            else:
                html = format_html(
                    '<span class="so-badge so-danger">{}</span>', gettext("Sold out")
                )
            _CELLS[key] = html
        return html

    @admin.display(description=_("work page"))
    def work(self, obj):
        key = ("work", get_language(), get_script_prefix())
        parts = _CELLS.get(key)
        if parts is None:  # the link with a placeholder for the pk, split around it
            html = open_link(pk_url("admin:catalog_product_work", _PK_SLOT))
            before, _sep, after = html.partition(str(_PK_SLOT))
            parts = _CELLS[key] = (before, after)
        return SafeString(f"{parts[0]}{int(obj.pk)}{parts[1]}")

    def has_delete_permission(self, request, obj=None):
        return False  # soft delete only, through the status machine

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in services.PRODUCT_FIELDS}
        try:
            if change:
                services.product_update(actor=request.user, product=obj, **data)
            else:
                created = services.product_create(
                    actor=request.user, code=obj.code, title=obj.title, category=obj.category,
                    **{k: v for k, v in data.items() if k not in ("title", "category")},
                )  # fmt: skip
                obj.pk = created.pk
        except (DomainError, ValidationError) as exc:
            _error(request, exc)

    def save_related(self, request, form, formsets, change):
        # The tags were set by the service in save_model; the form must not write them again.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk:
            return redirect("admin:catalog_product_work", obj.pk)
        return redirect("admin:catalog_product_changelist")

    def _each(self, request, queryset, fn, done_msg):
        ok = 0
        for product in queryset:
            try:
                fn(actor=request.user, product=product)
                ok += 1
            except (DomainError, ValidationError) as exc:
                messages.warning(request, f"{product.code}: {exc}")
        if ok:
            messages.success(request, done_msg % {"n": ok})

    @admin.action(description=_("Publish selected products"), permissions=["publish"])
    def publish(self, request, queryset):
        self._each(request, queryset, services.product_publish, gettext("%(n)s published."))

    @admin.action(description=_("Delist selected products"), permissions=["publish"])
    def delist(self, request, queryset):
        self._each(request, queryset, services.product_delist, gettext("%(n)s delisted."))

    def has_publish_permission(self, request):
        return request.user.has_perm("catalog.publish_product")

    def has_export_permission(self, request):
        return request.user.has_perm("catalog.export_product")

    def _intermediate(self, request, queryset, form, action, title):
        return TemplateResponse(request, "catalog/action_form.html", {
            **self.admin_site.each_context(request), "title": title, "form": form,
            "action": action, "ids": queryset.values_list("pk", flat=True),
            "count": queryset.count(), "opts": self.model._meta,
        })  # fmt: skip

    @admin.action(description=_("Move selected products to a category"), permissions=["change"])
    def move_category(self, request, queryset):
        form = MoveCategoryForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                n = services.products_move_category(
                    actor=request.user,
                    products=list(queryset),
                    category=form.cleaned_data["category"],
                )
                messages.success(request, gettext("%(n)s moved.") % {"n": n})
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            return HttpResponseRedirect(request.get_full_path())
        return self._intermediate(
            request, queryset, form, "move_category", gettext("Move to a category")
        )

    @admin.action(description=_("Change the price of selected products"), permissions=["change"])
    def change_price(self, request, queryset):
        form = ChangePriceForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            value = form.cleaned_data["value"]
            kwargs = (
                {"amount": value} if form.cleaned_data["mode"] == "amount" else {"percent": value}
            )
            try:
                n = services.products_change_price(
                    actor=request.user, products=list(queryset), **kwargs
                )
                messages.success(request, gettext("%(n)s SKU prices changed.") % {"n": n})
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            return HttpResponseRedirect(request.get_full_path())
        return self._intermediate(request, queryset, form, "change_price", gettext("Change prices"))

    @admin.action(description=_("Export selected products (XLSX)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        from django.db.models import Prefetch

        from .models import SKU
        from .spreadsheets import export_products

        with_cost = request.user.has_perm("catalog.view_cost")
        qs = queryset.select_related("category", "brand").prefetch_related(
            Prefetch("skus", queryset=SKU.objects.order_by("code"))
        )
        data = export_products(qs, with_cost=with_cost)
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="products-{timezone.localtime():%Y%m%d-%H%M}.xlsx"'
        )
        return response


# --- Categories (MGR-21) and brands --------------------------------------------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "name_en", "slug", "parent", "order", "is_active"]

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise ValidationError(
                gettext("A category cannot be moved under itself or one of its subcategories.")
            )
        return parent


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    form = CategoryForm
    list_display = ["tree_name", "slug", "name_en", "order", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en", "slug"]
    fields = ["name", "name_en", "slug", "parent", "order", "is_active"]
    ordering = ["path"]

    @admin.display(description=_("name"), ordering="path")
    def tree_name(self, obj):
        return obj.indented_name

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                services.category_update(
                    actor=request.user, category=obj,
                    **{k: data[k] for k in ("name", "name_en", "slug", "order", "is_active", "parent")},
                )  # fmt: skip
            else:
                created = services.category_create(
                    actor=request.user, name=data["name"], name_en=data["name_en"],
                    slug=data["slug"], parent=data["parent"], order=data["order"],
                    is_active=data["is_active"],
                )  # fmt: skip
                obj.pk = created.pk
        except (DomainError, ValidationError) as exc:
            _error(request, exc)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:catalog_category_changelist")

    def response_change(self, request, obj):
        return redirect("admin:catalog_category_changelist")


@admin.register(Brand)
class BrandAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "slug"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(ModelAdmin):
    """Product tags (新品, 爆款 …): topic-page product grids and shelves select by them."""

    list_display = ["name", "name_en", "slug", "product_count"]
    search_fields = ["name", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_products=Count("products"))

    @admin.display(description=_("products"), ordering="n_products")
    def product_count(self, obj):
        return obj.n_products

    def has_delete_permission(self, request, obj=None):
        # Only an unused tag goes (a tag in use would vanish from its products and grids).
        if obj is None or obj.products.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(SKU)
class SKUAdmin(HistoryAdmin):
    """SKU data (barcode, spec, prices, weight, active); price changes keep their history."""

    list_display = ["code", "product", "spec_label", "price", "stock_on_hand", "stock_reserved",
                    "is_active"]  # fmt: skip
    list_select_related = ["product"]
    list_filter = ["is_active"]
    search_fields = ["code", "barcode"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    readonly_fields = ["stock_on_hand", "stock_reserved"]
    autocomplete_fields = ["product"]

    def get_fields(self, request, obj=None):
        fields = ["product", "code", "barcode", "spec", "price", "market_price", "cost", "weight",
                  "is_active", "stock_on_hand", "stock_reserved"]  # fmt: skip
        if not request.user.has_perm("catalog.view_cost"):
            fields.remove("cost")
        return fields

    def get_list_display(self, request):
        return self.list_display

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.changed_data
                if f in services.SKU_FIELDS | {"price"}}  # fmt: skip
        try:
            if change:
                services.sku_update(actor=request.user, sku=obj, **data)
            else:
                created = services.sku_create(
                    actor=request.user, product=form.cleaned_data["product"], code=obj.code,
                    price=obj.price, **{k: v for k, v in data.items() if k != "price"},
                )  # fmt: skip
                obj.pk = created.pk
        except (DomainError, ValidationError) as exc:
            _error(request, exc)


# --- Submissions and sync batches (lists; the work happens on their pages) -------------------------


@admin.register(Submission)
class SubmissionAdmin(ModelAdmin):
    list_display = ["reference", "title", "status_badge", "rounds_count", "submitted_by",
                    "client", "completed_by_editor", "created_at", "open_link"]  # fmt: skip
    list_filter = ["status", "completed_by_editor"]
    list_select_related = ["submitted_by", "client"]
    search_fields = ["reference", "title"]
    show_full_result_count = False
    paginator = CappedCountPaginator

    def get_queryset(self, request):
        return selectors.submissions_visible_to(request.user)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(obj)

    @admin.display(description=_("open"))
    def open_link(self, obj):
        return open_link(reverse("admin:catalog_submission_work", args=[obj.pk]))

    def has_add_permission(self, request):
        return False  # through the submission form / spreadsheet page

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:catalog_submission_work", object_id)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "may_submit": may_submit(request.user)}  # fmt: skip
        return super().changelist_view(request, extra_context)


@admin.register(SyncBatch)
class SyncBatchAdmin(ModelAdmin):
    list_display = ["id", "kind", "channel", "status_badge", "rows_total", "rows_applied",
                    "rows_review", "rows_scheduled", "rows_error", "sender", "created_at",
                    "open_link"]  # fmt: skip
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["actor", "client"]
    show_full_result_count = False
    paginator = CappedCountPaginator

    def get_queryset(self, request):
        return selectors.batches_visible_to(request.user)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return badge(obj)

    @admin.display(description=_("sent by"))
    def sender(self, obj):
        return obj.sender_label

    @admin.display(description=_("open"))
    def open_link(self, obj):
        return open_link(reverse("admin:catalog_syncbatch_work", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:catalog_syncbatch_work", object_id)


__all__ = ["CappedCountPaginator", "ProductStatus", "Q"]
