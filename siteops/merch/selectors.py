"""Reads of merchandising: the shop's home blocks, plans visible to a user, plan vs live."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AdRequestStatus, Placement, PlanStatus
from .models import Ad, AdPosition, AdRequest, Shelf, ShelfPlan, ShelfPlanItem, ShelfSlot, live_q


def product_is_published(product) -> bool:
    from siteops.catalog.choices import ProductStatus

    return product.status == ProductStatus.PUBLISHED


# --- the shop's home page ---------------------------------------------------------------------


@dataclass
class AdBlock:
    position: AdPosition
    ads: list[Ad]


@dataclass
class ShelfBlock:
    shelf: Shelf
    slots: list[ShelfSlot]  # each with .product (published; sold-out per the catalogue setting)


@dataclass
class HomeBlocks:
    ad_blocks: list[AdBlock]
    shelves: list[ShelfBlock]

    @property
    def by_code(self) -> dict[str, AdBlock]:
        return {b.position.code: b for b in self.ad_blocks}

    @property
    def carousels(self) -> list[AdBlock]:
        return [b for b in self.ad_blocks if b.position.is_carousel]

    @property
    def banners(self) -> list[AdBlock]:
        return [b for b in self.ad_blocks if not b.position.is_carousel]


def home_blocks(now: datetime.datetime | None = None) -> HomeBlocks:
    """Live ads per ad position (heaviest first, at most ``max_ads``) and live shelves with their
    products, in a constant number of queries whatever the size of the catalogue.

    A slot shows when it, its shelf and its product are live now: the product through the
    catalogue's ``shop_products()`` (published, active category, sold-out per its setting).
    """
    now = now or timezone.now()
    ad_blocks = live_ad_blocks(placement=Placement.HOME, now=now)
    shelves = list(
        Shelf.objects.live(now)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=ShelfSlot.objects.live(now).order_by("position", "pk"),
                to_attr="live_slots",
            )
        )
    )
    # The shop's own rules decide which products show (one query, plus its prefetches).
    ids = {slot.product_id for shelf in shelves for slot in shelf.live_slots}
    shown = _card_products().in_bulk(ids) if ids else {}
    shelf_blocks = []
    for shelf in shelves:
        seen, slots = set(), []
        for slot in shelf.live_slots:
            product = shown.get(slot.product_id)
            if product is None or product.pk in seen:
                continue
            seen.add(product.pk)
            slot.product = product
            slots.append(slot)
            if len(slots) >= shelf.max_products:
                break
        if slots:
            shelf_blocks.append(ShelfBlock(shelf, slots))
    return HomeBlocks(ad_blocks, shelf_blocks)


def _card_products():
    """The catalogue's shop products (its visibility and sold-out rules), trimmed to what a
    shelf card shows: no SKUs (price and stock state are denormalised on the product), the
    images only."""
    from siteops.catalog.models import ProductImage
    from siteops.catalog.selectors import shop_products

    return (
        shop_products()
        .select_related(None)
        .prefetch_related(None)
        .only("id", "code", "title", "title_en", "min_price", "in_stock", "status")
        .prefetch_related(
            Prefetch(
                "images",
                queryset=ProductImage.objects.only(
                    "id", "product_id", "image", "thumbnail", "alt"
                ).order_by("order", "pk"),
            )
        )
    )


def live_ad_blocks(
    *, placement: str | None = None, codes=None, now: datetime.datetime | None = None
) -> list[AdBlock]:
    """Live ads of the active ad positions of a page (or of the given codes), heaviest first,
    at most ``max_ads`` each: two queries. E.g. ``live_ad_blocks(codes=["category_top"])``."""
    now = now or timezone.now()
    positions = AdPosition.objects.filter(is_active=True)
    if placement is not None:
        positions = positions.filter(placement=placement)
    if codes is not None:
        positions = positions.filter(code__in=list(codes))
    positions = positions.prefetch_related(
        Prefetch(
            "ads",
            queryset=Ad.objects.live(now).order_by("-weight", "-start", "-pk"),
            to_attr="live_ads",
        )
    )
    return [AdBlock(p, p.live_ads[: p.max_ads]) for p in positions if p.live_ads]


def product_on_live_shelf(
    product_ids, now: datetime.datetime | None = None
) -> dict[int, list[str]]:
    """{product id: [names of live shelves showing it]} for those of ``product_ids`` on a shelf,
    so that delisting one can warn the editor."""
    now = now or timezone.now()
    rows = (
        ShelfSlot.objects.live(now)
        .filter(live_q(now, "shelf__"), shelf__is_active=True, product_id__in=list(product_ids))
        .values_list("product_id", "shelf__name")
        .distinct()
    )
    result: dict[int, list[str]] = defaultdict(list)
    for product_id, shelf_name in rows:
        if shelf_name not in result[product_id]:
            result[product_id].append(shelf_name)
    return dict(result)


# --- plans ----------------------------------------------------------------------------------


def _user_department_ids(user) -> list[int]:
    from siteops.org.selectors import positions_of

    return [a.position.department_id for a in positions_of(user)]


def plans_visible_to(user) -> QuerySet[ShelfPlan]:
    """Editors see every plan; Purchasing only its own department's (drafts included)."""
    qs = ShelfPlan.objects.select_related("department", "created_by", "submitted_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    if user.has_perm("merch.view_all_shelfplans"):
        # A draft is Purchasing's own until it is submitted.
        return qs.exclude(status=PlanStatus.DRAFT)
    if user.has_perm("merch.view_shelfplan"):
        return qs.filter(department_id__in=_user_department_ids(user))
    return qs.none()


def art_queue(user) -> QuerySet[AdRequest]:
    """Requested ads whose image is still to be made or confirmed, in plans being carried out."""
    if not (user.is_superuser or user.has_perm("merch.upload_ad_image")):
        return AdRequest.objects.none()
    return (
        AdRequest.objects.filter(
            plan__status__in=[PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS],
            status__in=[AdRequestStatus.WAITING, AdRequestStatus.UPLOADED, AdRequestStatus.READY],
        )
        .select_related("plan", "position", "image_by")
        .order_by("plan__period_start", "pk")
    )


@dataclass
class DiffLine:
    item: object  # ShelfPlanItem or AdRequest
    can_apply: bool = True
    reason: str = ""


@dataclass
class PlanDiff:
    plan: ShelfPlan
    missing_slots: list[DiffLine] = field(default_factory=list)
    missing_ads: list[DiffLine] = field(default_factory=list)
    extra_slots: list[ShelfSlot] = field(default_factory=list)
    extra_ads: list[Ad] = field(default_factory=list)
    matched_slots: int = 0
    matched_ads: int = 0

    @property
    def in_line(self) -> bool:
        return not (self.missing_slots or self.missing_ads or self.extra_slots or self.extra_ads)


def _covers(start, end, window_start, window_end) -> bool:
    return (start is None or start <= window_start) and (end is None or end >= window_end)


def _overlaps(start, end, window_start, window_end) -> bool:
    return (start is None or start < window_end) and (end is None or end > window_start)


def plan_vs_live(plan: ShelfPlan) -> PlanDiff:
    """For the plan's period: what it asks for that is not live (a slot or ad covering the whole
    period), and what is live during the period on the plan's shelves and ad positions but not
    in the plan. Constant query count."""
    ps, pe = plan.period_start, plan.period_end
    diff = PlanDiff(plan)
    items = list(
        ShelfPlanItem.objects.filter(plan=plan).select_related(
            "shelf", "product", "product__category"
        )
    )
    requests = list(AdRequest.objects.filter(plan=plan).select_related("position", "plan"))
    period_q = (Q(start__isnull=True) | Q(start__lt=pe)) & (Q(end__isnull=True) | Q(end__gt=ps))

    # "Live but not in the plan" looks at the shelves and ad positions the plan covers: a shelf
    # the plan does not mention is not contrary to it.
    shelf_ids = {i.shelf_id for i in items}
    position_ids = {r.position_id for r in requests}
    slots = list(
        ShelfSlot.objects.filter(period_q, shelf__is_active=True, shelf_id__in=shelf_ids)
        .select_related("shelf", "product")
        .order_by("shelf__order", "position", "pk")
    )
    by_key: dict[tuple[int, int], list[ShelfSlot]] = defaultdict(list)
    for s in slots:
        by_key[(s.shelf_id, s.product_id)].append(s)
    planned = set()
    for item in items:
        planned.add((item.shelf_id, item.product_id))
        shelf = item.shelf
        if any(_covers(s.start, s.end, ps, pe) for s in by_key[(item.shelf_id, item.product_id)]):
            if shelf.is_active and _covers(shelf.start, shelf.end, ps, pe):
                diff.matched_slots += 1
                continue
        line = DiffLine(item)
        if not product_is_published(item.product):
            line.can_apply, line.reason = False, _("The product is not published.")
        elif not shelf.is_active or not _overlaps(shelf.start, shelf.end, ps, pe):
            line.can_apply, line.reason = False, _("The shelf is not live in this period.")
        elif by_key[(item.shelf_id, item.product_id)]:
            line.reason = _("On the shelf for part of the period only.")
        diff.missing_slots.append(line)
    diff.extra_slots = [s for s in slots if (s.shelf_id, s.product_id) not in planned]

    ads = list(
        Ad.objects.filter(period_q, is_active=True, position_id__in=position_ids)
        .select_related("position")
        .order_by("position__order", "-weight", "pk")
    )
    requested_ids = {r.pk for r in requests}
    made_from = set(
        Ad.objects.filter(request_id__in=requested_ids).values_list("request_id", flat=True)
    )
    for req in requests:
        rs, re_ = req.window
        if any(a.request_id == req.pk and _covers(a.start, a.end, rs, re_) for a in ads):
            diff.matched_ads += 1
            continue
        line = DiffLine(req)
        if any(a.request_id == req.pk for a in ads):
            line.can_apply, line.reason = False, _("Scheduled for part of the period only.")
        elif req.pk in made_from:
            line.can_apply, line.reason = (
                False,
                _("An ad was made from this request but is not live."),
            )
        elif not req.image:
            line.can_apply, line.reason = False, _("Waiting for the art editor's image.")
        elif req.status != AdRequestStatus.READY:
            line.can_apply, line.reason = False, _("The image is not marked ready yet.")
        diff.missing_ads.append(line)
    diff.extra_ads = [a for a in ads if a.request_id not in requested_ids]
    return diff


def product_url(product) -> str:
    """The shop page of a product (the storefront's URL; its search page if it has none yet)."""
    from django.urls import NoReverseMatch, reverse

    if hasattr(product, "get_absolute_url"):
        return product.get_absolute_url()
    for kwargs in ({"pk": product.pk}, {"product_id": product.pk}, {"code": product.code}):
        try:
            return reverse("storefront:product", kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        from urllib.parse import urlencode

        return reverse("storefront:search") + "?" + urlencode({"q": product.title})
    except NoReverseMatch:
        return "/"


# Who may export a plan's timeline (``siteops.core.admin_views.visible_objects``).
TIMELINE_VISIBLE = {"shelfplan": plans_visible_to}
