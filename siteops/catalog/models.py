"""The catalogue: categories, brands, products (SPU) with SKUs, images, intake from Purchasing,
and inbound syncs (price / status / category from Purchasing, stock from Warehouse)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from siteops.core import syncs as core_syncs
from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event
from siteops.core.models import TimeStampedModel

from .choices import (
    PriceSource,
    ProductStatus,
    ScheduledKind,
    ScheduledStatus,
    SubmissionStatus,
    SyncOp,
    SyncSource,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
PATH_STEP = 7  # "0000042/" — one materialised-path segment per ancestor


class Category(models.Model):
    """A node of the shop's category tree (any depth); products hang on leaves or inner nodes."""

    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    order = models.PositiveIntegerField(pgettext_lazy("sort position", "order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Materialised path of primary keys, root first, e.g. "0000001/0000012/" (kept by services):
    # descendants are one indexed prefix query, ancestors one pk__in query.
    path = models.CharField(
        _("tree path"), max_length=700, blank=True, db_index=True, editable=False
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="catalog_category_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split("/") if part][:-1]

    @property
    def indented_name(self) -> str:
        return "　" * self.depth + self.name


class Brand(models.Model):
    """A brand a product is sold under."""

    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label the product editor puts on products (新品, 爆款, 年货 …) for topic pages and shelves."""

    name = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="catalog_tag_unique_slug")]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    """A product as the shop sells it (SPU); what the customer picks between are its SKUs."""

    code = models.CharField(
        _("product code"),
        max_length=64,
        unique=True,
        help_text=_("The code Purchasing and the shop use for this product."),
    )
    title = models.CharField(_("title (Chinese)"), max_length=200, db_index=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("brand"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProductStatus.choices,
        default=ProductStatus.DRAFT,
        db_index=True,
    )
    previous_status = models.CharField(
        _("status before deletion"), max_length=16, choices=ProductStatus.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="products", verbose_name=_("tags"))
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=200, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    sales_count = models.PositiveIntegerField(_("sales"), default=0, db_index=True)
    # Denormalised by services whenever a SKU's stock or activity changes: the shop can then
    # hide or badge sold-out products without aggregating SKUs per row.
    in_stock = models.BooleanField(_("in stock"), default=False, db_index=True)
    min_price = models.DecimalField(_("lowest price"), **MONEY, null=True, blank=True)
    submission = models.ForeignKey(
        "Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from submission"),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-id"]
        permissions = [
            ("publish_product", _("Can publish and delist products")),
            ("restore_product", _("Can restore deleted products")),
            ("view_cost", _("Can see SKU costs")),
            ("export_product", _("Can export products")),
        ]
        indexes = [models.Index(fields=["status", "category"], name="catalog_product_stat_cat")]

    def __str__(self) -> str:
        return self.title

    def timeline_events(self):
        """Status changes and price changes, one timeline (``siteops.core.timeline``)."""
        return [self.events.all(), PriceHistory.objects.filter(sku__product=self)]

    @property
    def status_badge(self) -> str:
        return ProductStatus(self.status).badge


def product_image_path(instance, filename):
    return f"catalog/products/{instance.product_id or 'new'}/{filename}"


class ProductImage(models.Model):
    """A picture of a product; the thumbnail is generated when it is added."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(_("image"), upload_to=product_image_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=product_image_path, blank=True)
    order = models.PositiveIntegerField(pgettext_lazy("sort position", "order"), default=0)
    alt = models.CharField(_("alternative text"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product", "order", "pk"]

    def __str__(self) -> str:
        return self.alt or self.image.name


class SKU(TimeStampedModel):
    """One sellable variant of a product (e.g. 红色 / M) with its price and stock."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="skus", verbose_name=_("product")
    )
    code = models.CharField(_("SKU code"), max_length=64, unique=True)
    barcode = models.CharField(_("barcode"), max_length=64, blank=True, db_index=True)
    spec = models.JSONField(_("specification"), default=dict, blank=True)
    price = models.DecimalField(
        _("price"), **MONEY, validators=[MinValueValidator(Decimal("0.00"))], db_index=True
    )
    market_price = models.DecimalField(_("market price"), **MONEY, null=True, blank=True)
    cost = models.DecimalField(
        _("cost"), **MONEY, null=True, blank=True, help_text=_("Staff only; never shown outside.")
    )
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    stock_on_hand = models.IntegerField(_("stock on hand"), default=0)
    stock_reserved = models.IntegerField(_("stock reserved"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Stock moves all day (checkout reservations, warehouse syncs): each change is recorded as a
    # SyncRow (old -> new) instead, so the field history stays about the product data.
    history = HistoricalRecords(
        bases=[AuditedHistoryModel], excluded_fields=["stock_on_hand", "stock_reserved"]
    )

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["product", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stock_reserved__gte=0), name="catalog_sku_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stock_on_hand__gte=0), name="catalog_sku_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stock_reserved__lte=F("stock_on_hand")),
                name="catalog_sku_reserved_within_on_hand",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="catalog_sku_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def available(self) -> int:
        return self.stock_on_hand - self.stock_reserved

    @property
    def spec_label(self) -> str:
        return " / ".join(f"{k}:{v}" for k, v in (self.spec or {}).items())


class PriceHistory(Event):
    """One change of a SKU's price: old -> new, who, acting as which position, how."""

    sku = models.ForeignKey(
        SKU, on_delete=models.CASCADE, related_name="price_history", verbose_name=_("SKU")
    )
    old_price = models.DecimalField(_("old price"), **MONEY, null=True, blank=True)
    new_price = models.DecimalField(_("new price"), **MONEY)
    via = models.CharField(_("how"), max_length=16, choices=PriceSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("price change")
        verbose_name_plural = _("price history")
        ordering = ["-at", "-pk"]

    timeline_related = ("sku",)

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.old_price} → {self.new_price}"

    @property
    def timeline_change(self) -> str:
        old = "—" if self.old_price is None else self.old_price
        return f"{self.sku.code}: ¥{old} → ¥{self.new_price}"


class ProductEvent(Event):
    """A status change of a product (publish, delist, delete, restore): the event row."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="events", verbose_name=_("product")
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=16, choices=ProductStatus.choices
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=16, choices=ProductStatus.choices
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("product event")
        verbose_name_plural = _("product events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.product_id}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )


class ScheduledAction(models.Model):
    """A publish, delist or price change to carry out at a time (run once by the scheduler)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ScheduledKind.choices)
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scheduled_actions",
        verbose_name=_("product"),
    )
    sku = models.ForeignKey(
        SKU,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scheduled_actions",
        verbose_name=_("SKU"),
    )
    new_price = models.DecimalField(_("new price"), **MONEY, null=True, blank=True)
    sync_row = models.ForeignKey(
        "SyncRow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_actions",
        verbose_name=_("sync row"),
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ScheduledStatus.choices,
        default=ScheduledStatus.PENDING,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    created_acting = models.BooleanField(_("as acting holder"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("scheduled action")
        verbose_name_plural = _("scheduled actions")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(product__isnull=False) | Q(sku__isnull=False),
                name="catalog_scheduled_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(kind="price") | Q(sku__isnull=False, new_price__isnull=False),
                name="catalog_scheduled_price_has_sku",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.due_at:%Y-%m-%d %H:%M}"


class SubmissionImport(models.Model):
    """One spreadsheet of products from Purchasing: its products become submissions, and the
    product editor gets one work item for the whole file (not one per row)."""

    filename = models.CharField(_("file"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("products"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    created_acting = models.BooleanField(_("as acting holder"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spreadsheet from Purchasing")
        verbose_name_plural = _("spreadsheets from Purchasing")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename or self.pk} ({self.count})"


class Submission(TimeStampedModel):
    """One product's information sent by Purchasing for the shop, reviewed by the product editor.

    ``data`` holds the latest proposal (title, category, brand, description, attributes, skus);
    every round (Purchasing's submissions, the editor's returns and completion) is a
    ``SubmissionRound``.
    """

    reference = models.CharField(
        _("Purchasing's reference"), max_length=64, help_text=_("Purchasing's own product code.")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    data = models.JSONField(_("product information"), default=dict)
    rounds_count = models.PositiveSmallIntegerField(_("rounds"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_submissions",
        verbose_name=_("submitted by"),
    )
    client = models.ForeignKey(
        "org.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by system"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    completed_by_editor = models.BooleanField(_("completed by the product editor"), default=False)
    work_item_id = models.BigIntegerField(_("work item"), null=True, blank=True, editable=False)
    import_batch = models.ForeignKey(
        SubmissionImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("from spreadsheet"),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel], excluded_fields=["data"])

    class Meta:
        verbose_name = _("submission from Purchasing")
        verbose_name_plural = _("submissions from Purchasing")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_submission", _("Can review, return and accept submissions")),
            ("view_all_submissions", _("Can see every department member's submissions")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def timeline_events(self):
        return self.rounds.all()

    @property
    def status_badge(self) -> str:
        return SubmissionStatus(self.status).badge


class SubmissionRound(Event):
    """One round of a submission: what was sent, and the editor's per-field reasons if returned."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted by Purchasing")
        RETURNED = "returned", _("Returned by the product editor")
        ACCEPTED = "accepted", _("Accepted by the product editor")
        COMPLETED = "completed", _("Completed by the product editor in Purchasing's place")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("submission")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    data = models.JSONField(_("product information"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons per field"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("submission round")
        verbose_name_plural = _("submission rounds")
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} #{self.number} {self.kind}"


class SyncBatch(core_syncs.SyncBatch):
    """A set of changes from Purchasing or Warehouse (API call or uploaded file) and its outcome."""

    kind = models.CharField(_("from"), max_length=20, choices=SyncSource.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta(core_syncs.SyncBatch.Meta):
        verbose_name = _("sync batch")
        verbose_name_plural = _("sync batches")
        permissions = [
            ("send_stock_sync", _("Can send stock levels and adjustments")),
            ("send_purchasing_sync", _("Can send price, status and category changes")),
            ("review_syncrow", _("Can approve or reject sync rows waiting for review")),
        ]

    def __str__(self) -> str:
        # In the site's time zone, like every other time on the page (not UTC).
        if not self.created_at:
            return f"#{self.pk}"
        return f"#{self.pk} {self.get_kind_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class SyncRow(core_syncs.SyncRow):
    """One change in a sync batch: what it targets, old -> new, and what became of it."""

    # A Warehouse sync writes 100k rows at a time, so the row carries no index that nothing needs:
    # the (batch, status) index serves every lookup by batch, and the one on decided_by holds
    # only the rows a person decided.
    batch = models.ForeignKey(
        SyncBatch,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("batch"),
        db_index=False,
    )
    op = models.CharField(_("change"), max_length=16, choices=SyncOp.choices)
    key = models.CharField(_("SKU or product code"), max_length=64)
    sku = models.ForeignKey(
        SKU,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SKU"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    effective_at = models.DateTimeField(_("effective from"), null=True, blank=True)
    warning = models.CharField(_("warning"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        db_index=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta(core_syncs.SyncRow.Meta):
        verbose_name = _("sync row")
        verbose_name_plural = _("sync rows")
        indexes = [
            models.Index(fields=["batch", "status"], name="catalog_syncrow_batch_status"),
            models.Index(
                fields=["decided_by"],
                condition=Q(decided_by__isnull=False),
                name="catalog_syncrow_decided_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.op} {self.key}"

    def clean(self):
        if self.op in (SyncOp.STOCK_SET, SyncOp.STOCK_ADJUST, SyncOp.PRICE) and not self.key:
            raise ValidationError(_("A SKU code is required."))
