"""Reads of the catalogue: trees, the shop's products, staff lists restricted to the user."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from .choices import WAREHOUSE_OPS, ProductStatus, SubmissionStatus, SyncRowStatus, SyncSource
from .models import SKU, Category, Product, ProductImage, Submission, SyncBatch, SyncRow


def catalog_setting(name: str, default=None):
    return getattr(settings, "SITEOPS", {}).get(name, default)


def sold_out_behaviour() -> str:
    value = str(catalog_setting("SOLD_OUT_BEHAVIOUR", "show")).lower()
    return value if value in ("show", "hide") else "show"


# --- Category tree -------------------------------------------------------------------------


def category_ancestors(category: Category, *, include_self: bool = True) -> list[Category]:
    """Root first (breadcrumbs). No query when the parents up to the root came with the
    category (a top-level one, or ``select_related("category__parent__parent")``: the tree is
    rarely deeper); else one query, from the materialised path."""
    chain = [category]
    while chain[-1].parent_id is not None and Category.parent.is_cached(chain[-1]):
        chain.append(chain[-1].parent)
    if chain[-1].parent_id is None:
        chain.reverse()
        return chain if include_self else chain[:-1]
    ids = category.ancestor_ids + ([category.pk] if include_self else [])
    by_id = Category.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def category_descendants(category: Category, *, include_self: bool = True) -> QuerySet[Category]:
    """The branch under a category (one indexed prefix query)."""
    qs = Category.objects.filter(path__startswith=category.path)
    if not include_self:
        qs = qs.exclude(pk=category.pk)
    return qs


def category_tree(*, active_only: bool = False) -> list[Category]:
    """Every category in tree order (path order puts children under parents), one query."""
    qs = Category.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    rows = list(qs.order_by("path"))
    # Sibling order: sort by (ancestors' order, own order) rather than by pk.
    by_id = {c.pk: c for c in rows}

    def key(c: Category):
        ids = c.ancestor_ids + [c.pk]
        return [(by_id[i].order, by_id[i].name, i) if i in by_id else (0, "", i) for i in ids]

    return sorted(rows, key=key)


# --- Shop ----------------------------------------------------------------------------------


def shop_products(*, category: Category | None = None, include_sold_out: bool | None = None):
    """Products the shop shows: published, in an active category, sold-out per the setting.

    ``SITEOPS["SOLD_OUT_BEHAVIOUR"]``: "show" keeps a sold-out product (the shop shows a badge,
    ``product.in_stock`` is False); "hide" leaves it out until it is back in stock.
    Cost is never selected.
    """
    qs = Product.objects.filter(status=ProductStatus.PUBLISHED, category__is_active=True)
    if include_sold_out is None:
        include_sold_out = sold_out_behaviour() == "show"
    if not include_sold_out:
        qs = qs.filter(in_stock=True)
    if category is not None:
        qs = qs.filter(category__path__startswith=category.path)
    return (
        qs.select_related("category", "brand")
        .defer("description", "attributes")
        .prefetch_related(
            Prefetch(
                "skus",
                queryset=SKU.objects.filter(is_active=True).defer("cost").order_by("price", "code"),
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("order", "pk")),
        )
    )


def shop_skus() -> QuerySet[SKU]:
    """Active SKUs of visible products, without cost (for the cart)."""
    return (
        SKU.objects.filter(is_active=True, product__status=ProductStatus.PUBLISHED)
        .defer("cost")
        .select_related("product")
    )


# --- Staff ---------------------------------------------------------------------------------


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Reviewers (and who may see all) see everything; Purchasing only what it submitted."""
    qs = Submission.objects.select_related("submitted_by", "client", "product")
    if user.is_superuser or user.has_perm("catalog.view_all_submissions"):
        return qs
    if user.has_perm("catalog.view_submission"):
        return qs.filter(submitted_by=user)
    return qs.none()


def submissions_waiting_for_editor() -> QuerySet[Submission]:
    return Submission.objects.filter(
        status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED]
    )


def batches_visible_to(user) -> QuerySet[SyncBatch]:
    """Editors see every batch; Warehouse its stock batches; Purchasing its own batches."""
    qs = SyncBatch.objects.select_related("client", "actor")
    if user.is_superuser or user.has_perm("catalog.review_syncrow"):
        return qs
    if not user.has_perm("catalog.view_syncbatch"):
        return qs.none()
    sources = []
    if user.has_perm("catalog.send_stock_sync"):
        sources.append(SyncSource.WAREHOUSE)
    if user.has_perm("catalog.send_purchasing_sync"):
        sources.append(SyncSource.PURCHASING)
    return qs.filter(kind__in=sources, actor=user)


def batches_visible_to_client(client) -> QuerySet[SyncBatch]:
    return SyncBatch.objects.filter(client=client)


def product_search(qs: QuerySet[Product], term: str) -> QuerySet[Product]:
    """Chinese title, product code, SKU code or barcode."""
    term = (term or "").strip()
    if not term:
        return qs
    sku_ids = SKU.objects.filter(Q(code=term) | Q(barcode=term)).values("product_id")
    return qs.filter(Q(title__icontains=term) | Q(code=term) | Q(pk__in=sku_ids))


def stock_changes(product: Product, *, limit: int = 30) -> list[SyncRow]:
    """The product's stock history: the newest ``limit`` applied Warehouse rows for its SKUs
    (old -> new, which batch, who sent it acting as which position), newest first. Stock is kept
    out of the SKUs' field history (it moves all day); these rows are its record.

    Each row's SKU is taken from the product's SKUs when they were prefetched (the product's
    page has them), not joined again."""
    skus = _prefetched_skus(product)
    rows = SyncRow.objects.filter(
        op__in=[o.value for o in WAREHOUSE_OPS], status=SyncRowStatus.APPLIED
    ).order_by("-decided_at", "-pk")
    if skus is None:
        return list(
            rows.filter(sku__product=product)
            .select_related("sku", "batch", "batch__actor", "batch__client")[:limit]
        )  # fmt: skip
    found = list(
        rows.filter(sku_id__in=list(skus)).select_related(
            "batch", "batch__actor", "batch__client"
        )[:limit]
    )  # fmt: skip
    for row in found:
        row.sku = skus[row.sku_id]
    return found


def scheduled_actions(product: Product, *, limit: int = 20) -> list:
    """The product's scheduled publications, delistings and price changes, latest due first
    (their SKUs from the prefetched ones, as ``stock_changes``)."""
    skus = _prefetched_skus(product)
    actions = product.scheduled_actions.order_by("-due_at", "-pk")
    if skus is None:
        return list(actions.select_related("sku")[:limit])
    found = list(actions[:limit])
    for action in found:
        if action.sku_id in skus:
            action.sku = skus[action.sku_id]
    return found


def _prefetched_skus(product: Product) -> dict | None:
    """{pk: sku} of every SKU of the product when ``prefetch_related("skus")`` loaded them all,
    else None."""
    cache = getattr(product, "_prefetched_objects_cache", {})
    if "skus" not in cache:
        return None
    return {sku.pk: sku for sku in cache["skus"]}
