"""Merchandising: ad positions and ads, shelves and their slots, and Purchasing's shelf plans."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event
from siteops.core.models import TimeStampedModel

from .choices import AdRequestStatus, Placement, PlanStatus, ShelfKind
from .validators import validate_ad_link


def live_q(at: datetime.datetime, prefix: str = "") -> Q:
    """Rows whose [start, end) window contains ``at`` (an empty bound is open)."""
    return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": at})) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": at})
    )


def _check_window(obj) -> None:
    if obj.start and obj.end and obj.end <= obj.start:
        raise ValidationError({"end": _("The end must be after the start.")})


def _window_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=F("start")),
        name=name,
        violation_error_message=_("The end must be after the start."),
    )


class ScheduledQuerySet(models.QuerySet):
    def live(self, at: datetime.datetime | None = None):
        return self.filter(live_q(at or timezone.now()), is_active=True)


class AdPosition(models.Model):
    """An ad position (广告位) on the site, e.g. the home carousel or the banner under it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    size_hint = models.CharField(
        _("image size"), max_length=40, blank=True, help_text=_("For the art editor, e.g. 1200×400")
    )
    max_ads = models.PositiveSmallIntegerField(_("ads shown at most"), default=1)
    is_carousel = models.BooleanField(_("shown as a carousel"), default=False)
    placement = models.CharField(
        _("page"), max_length=16, choices=Placement.choices, default=Placement.HOME
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("ad position")
        verbose_name_plural = _("ad positions")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(max_ads__gte=1), name="merch_adposition_max_ads")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Ad(TimeStampedModel):
    """An ad shown in an ad position from a start to an end time; heavier weight shows first."""

    position = models.ForeignKey(
        AdPosition, on_delete=models.PROTECT, related_name="ads", verbose_name=_("ad position")
    )
    title = models.CharField(_("title"), max_length=120)
    image = models.ImageField(_("image"), upload_to="merch/ads/%Y/%m/", max_length=200)
    alt = models.CharField(_("alternative text"), max_length=200, blank=True)
    link = models.CharField(_("link"), max_length=500, validators=[validate_ad_link])
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    weight = models.SmallIntegerField(_("weight"), default=0, help_text=_("Higher shows first."))
    is_active = models.BooleanField(_("active"), default=True)
    click_count = models.PositiveIntegerField(_("clicks"), default=0, editable=False)
    request = models.ForeignKey(
        "AdRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ads",
        verbose_name=_("from plan's ad request"),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel], excluded_fields=["click_count"])

    objects = ScheduledQuerySet.as_manager()

    class Meta:
        verbose_name = _("ad")
        verbose_name_plural = _("ads")
        ordering = ["position__order", "-weight", "-start", "-pk"]
        indexes = [
            models.Index(fields=["position", "is_active", "start", "end"], name="merch_ad_live")
        ]
        constraints = [
            _window_constraint("merch_ad_end_after_start"),
            # Applying a plan twice never schedules the same requested ad twice.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(request__isnull=False),
                name="merch_ad_one_per_request",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        _check_window(self)
        if not self.image:
            raise ValidationError({"image": _("An ad needs an image.")})


class Shelf(models.Model):
    """A display shelf (货架) on the home page, e.g. 新品上架, 热销推荐 or a category floor."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ShelfKind.choices)
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shelves",
        verbose_name=_("category"),
    )
    max_products = models.PositiveSmallIntegerField(_("products shown at most"), default=8)
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort position", "order"), default=0)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    objects = ScheduledQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelf")
        verbose_name_plural = _("shelves")
        ordering = ["order", "code"]
        constraints = [
            _window_constraint("merch_shelf_end_after_start"),
            models.CheckConstraint(
                condition=~Q(kind="category_floor") | Q(category__isnull=False),
                name="merch_shelf_floor_has_category",
                violation_error_message=_("A category floor needs a category."),
            ),
            models.CheckConstraint(
                condition=Q(max_products__gte=1), name="merch_shelf_max_products"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        _check_window(self)
        if self.kind == ShelfKind.CATEGORY_FLOOR and not self.category_id:
            raise ValidationError({"category": _("A category floor needs a category.")})


class ShelfSlotQuerySet(models.QuerySet):
    def live(self, at: datetime.datetime | None = None):
        return self.filter(live_q(at or timezone.now()))


class ShelfSlot(TimeStampedModel):
    """One product on a shelf, in a place, from a start to an end time."""

    shelf = models.ForeignKey(
        Shelf, on_delete=models.CASCADE, related_name="slots", verbose_name=_("shelf")
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="shelf_slots",
        verbose_name=_("product"),
    )
    position = models.PositiveSmallIntegerField(_("place"), default=0)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    click_count = models.PositiveIntegerField(_("clicks"), default=0, editable=False)
    plan_item = models.ForeignKey(
        "ShelfPlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("from plan line"),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel], excluded_fields=["click_count"])

    objects = ShelfSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelf slot")
        verbose_name_plural = _("shelf slots")
        ordering = ["shelf", "position", "pk"]
        indexes = [models.Index(fields=["shelf", "start", "end"], name="merch_slot_live")]
        constraints = [
            _window_constraint("merch_slot_end_after_start"),
            # Applying a plan twice never creates the same slot twice.
            models.UniqueConstraint(
                fields=["plan_item"],
                condition=Q(plan_item__isnull=False),
                name="merch_slot_one_per_plan_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shelf} #{self.position}: {self.product}"

    def clean(self):
        _check_window(self)
        if self.product_id:
            from siteops.catalog.choices import ProductStatus

            if self.product.status != ProductStatus.PUBLISHED:
                raise ValidationError(
                    {"product": _("Only published products can be put on a shelf.")}
                )


class ShelfPlan(TimeStampedModel):
    """A shelf-display plan (货架展示规划) from Purchasing: what goes on the shelves for a period."""

    title = models.CharField(_("title"), max_length=120)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="shelf_plans",
        verbose_name=_("department"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    client = models.ForeignKey(
        "org.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by system"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_position_code = models.CharField(
        _("submitted as position"), max_length=32, blank=True
    )
    submitted_acting = models.BooleanField(_("submitted as acting holder"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("shelf-display plan")
        verbose_name_plural = _("shelf-display plans")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="merch_plan_end_after_start",
                violation_error_message=_("The period must end after it starts."),
            )
        ]
        permissions = [
            ("submit_shelfplan", _("Can submit shelf-display plans (Purchasing)")),
            ("carry_out_shelfplan", _("Can carry out shelf-display plans")),
            ("view_all_shelfplans", _("Can see every department's shelf-display plans")),
            ("upload_ad_image", _("Can upload images for requested ads")),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts.")})

    @property
    def status_badge(self) -> str:
        return PlanStatus(self.status).badge


class ShelfPlanItem(models.Model):
    """One line of a plan: this product on that shelf, in this place."""

    plan = models.ForeignKey(
        ShelfPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    shelf = models.ForeignKey(
        Shelf, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("shelf")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    order = models.PositiveSmallIntegerField(_("place"), default=0)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["plan", "shelf__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "shelf", "product"], name="merch_planitem_unique_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shelf} #{self.order}: {self.product}"


class AdRequest(models.Model):
    """An ad the plan asks for: where, what it says, where it links; the art editor makes the image."""

    plan = models.ForeignKey(
        ShelfPlan, on_delete=models.CASCADE, related_name="ad_requests", verbose_name=_("plan")
    )
    position = models.ForeignKey(
        AdPosition, on_delete=models.PROTECT, related_name="requests", verbose_name=_("ad position")
    )
    brief = models.TextField(_("brief (text on the ad)"))
    link = models.CharField(_("link"), max_length=500, validators=[validate_ad_link])
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    image = models.ImageField(
        _("image"), upload_to="merch/requests/%Y/%m/", max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AdRequestStatus.choices, default=AdRequestStatus.WAITING
    )
    art_work_sent = models.BooleanField(_("sent to the art editor"), default=False)
    image_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image by"),
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("ad request")
        verbose_name_plural = _("ad requests")
        ordering = ["plan", "position__order", "pk"]
        constraints = [_window_constraint("merch_adrequest_end_after_start")]

    def __str__(self) -> str:
        return f"{self.position.name}: {self.brief[:30]}"

    def clean(self):
        _check_window(self)

    @property
    def status_badge(self) -> str:
        return AdRequestStatus(self.status).badge

    @property
    def window(self) -> tuple:
        """The request's own window, else the plan's period."""
        return (self.start or self.plan.period_start, self.end or self.plan.period_end)


class PlanEvent(Event):
    """A status change of a plan: who did it, acting as which position, when, and why."""

    plan = models.ForeignKey(
        ShelfPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=16,
        choices=PlanStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=16, choices=PlanStatus.choices
    )
    note = models.TextField(_("note"), blank=True)

    class Meta(Event.Meta):
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ClickDay(models.Model):
    """The shop's clicks on one ad or one shelf slot on one day (site time zone), for reports.

    The running totals on the ad and the slot (``click_count``) stay; these rows are counted
    alongside them from the day they were introduced, so reports can say *when* people clicked.
    """

    day = models.DateField(_("day"))
    ad = models.ForeignKey(
        Ad, on_delete=models.CASCADE, null=True, blank=True, related_name="click_days",
        verbose_name=_("ad"),
    )  # fmt: skip
    slot = models.ForeignKey(
        ShelfSlot, on_delete=models.CASCADE, null=True, blank=True, related_name="click_days",
        verbose_name=_("shelf slot"),
    )  # fmt: skip
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("clicks per day")
        verbose_name_plural = _("clicks per day")
        ordering = ["-day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ad__isnull=False, slot__isnull=True)
                | Q(ad__isnull=True, slot__isnull=False),
                name="merch_clickday_ad_or_slot",
            ),
            models.UniqueConstraint(
                fields=["ad", "day"], condition=Q(ad__isnull=False), name="merch_clickday_ad_once"
            ),
            models.UniqueConstraint(
                fields=["slot", "day"],
                condition=Q(slot__isnull=False),
                name="merch_clickday_slot_once",
            ),  # fmt: skip
        ]
        indexes = [models.Index(fields=["day"], name="merch_clickday_day")]

    def __str__(self) -> str:
        return f"{self.ad or self.slot} {self.day}: {self.clicks}"
