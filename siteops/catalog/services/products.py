"""Writes to the catalogue itself: categories, brands, products, SKUs, prices, images, status."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import EventSource
from siteops.core.sanitize import clean_html
from siteops.core.uploads import files_or_nothing
from siteops.org.acting import Acting, acting_for, audited, system_acting

from ..choices import PriceSource, ProductStatus, ScheduledKind, ScheduledStatus
from ..models import (
    PATH_STEP,
    SKU,
    Brand,
    Category,
    PriceHistory,
    Product,
    ProductEvent,
    ProductImage,
    ScheduledAction,
)

CENT = Decimal("0.01")

# --- Categories (MGR-21: category planning) -------------------------------------------------


def _segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}/"


@transaction.atomic
def category_create(
    *, actor, name: str, slug: str, name_en: str = "", parent: Category | None = None,
    order: int = 0, is_active: bool = True,
) -> Category:  # fmt: skip
    who = acting_for(actor, "catalog.add_category")
    with audited(who):
        category = Category(
            name=name, name_en=name_en, slug=slug, parent=parent, order=order, is_active=is_active
        )
        category.full_clean(exclude=["path"])
        category.save()
        category.path = (parent.path if parent else "") + _segment(category.pk)
        category.depth = parent.depth + 1 if parent else 0
        Category.objects.filter(pk=category.pk).update(path=category.path, depth=category.depth)
    return category


@transaction.atomic
def category_update(*, actor, category: Category, **fields) -> Category:
    who = acting_for(actor, "catalog.change_category")
    new_parent = fields.pop("parent", category.parent)
    for name, value in fields.items():
        if name not in {"name", "name_en", "slug", "order", "is_active"}:
            raise DomainError(_("This field cannot be changed here: %(f)s") % {"f": name})
        setattr(category, name, value)
    with audited(who):
        category.full_clean(exclude=["path", "parent"])
        category.save()
    if (new_parent.pk if new_parent else None) != category.parent_id:
        category_move(actor=actor, category=category, new_parent=new_parent)
    return category


@transaction.atomic
def category_move(
    *, actor, category: Category, new_parent: Category | None, order: int | None = None
) -> Category:
    """Move a branch under another parent (or to the root); refuses a move into its own branch."""
    who = acting_for(actor, "catalog.change_category")
    category = Category.objects.select_for_update().get(pk=category.pk)
    if new_parent is not None:
        new_parent = Category.objects.get(pk=new_parent.pk)
        if new_parent.path.startswith(category.path):
            raise DomainError(
                _("A category cannot be moved under itself or one of its subcategories."),
                code="category_cycle",
            )
    old_path, old_depth = category.path, category.depth
    new_path = (new_parent.path if new_parent else "") + _segment(category.pk)
    new_depth = new_parent.depth + 1 if new_parent else 0
    with audited(who):
        category.parent = new_parent
        if order is not None:
            category.order = order
        category.path, category.depth = new_path, new_depth
        category.save()
        branch = list(Category.objects.filter(path__startswith=old_path).exclude(pk=category.pk))
        for node in branch:
            node.path = new_path + node.path[len(old_path) :]
            node.depth = node.depth - old_depth + new_depth
        Category.objects.bulk_update(branch, ["path", "depth"], batch_size=500)
    return category


@transaction.atomic
def brand_create(*, actor, name: str, slug: str, name_en: str = "") -> Brand:
    who = acting_for(actor, "catalog.add_brand")
    with audited(who):
        brand = Brand(name=name, name_en=name_en, slug=slug)
        brand.full_clean()
        brand.save()
    return brand


# --- Derived product fields -------------------------------------------------------------------


def products_refresh(product_ids) -> None:
    """Recompute ``in_stock`` and ``min_price`` from active SKUs (one UPDATE per field)."""
    from django.db.models import F

    ids = list(product_ids)
    if not ids:
        return
    active = SKU.objects.filter(product=OuterRef("pk"), is_active=True)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        Product.objects.filter(pk__in=chunk).update(
            in_stock=Exists(active.filter(stock_on_hand__gt=F("stock_reserved"))),
            min_price=Subquery(active.values("product").annotate(m=Min("price")).values("m")[:1]),
        )


# --- Products -------------------------------------------------------------------------------

PRODUCT_FIELDS = {
    "title", "title_en", "subtitle", "category", "brand", "description", "attributes",
    "seo_title", "seo_description", "tags",
}  # fmt: skip
SKU_FIELDS = {"barcode", "spec", "price", "market_price", "cost", "weight", "is_active"}


def _money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except Exception:
        raise ValidationError(_("“%(v)s” is not an amount of money.") % {"v": value}) from None


@transaction.atomic
def product_create(
    *, actor, code: str, title: str, category: Category, skus: list[dict] | None = None,
    who: Acting | None = None, **fields,
) -> Product:  # fmt: skip
    """Create a draft product with its SKUs (``skus``: dicts of SKU fields incl. ``code``)."""
    who = who or acting_for(actor, "catalog.add_product")
    unknown = set(fields) - PRODUCT_FIELDS - {"submission"}
    if unknown:
        raise DomainError(_("Unknown product fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    fields["description"] = clean_html(fields.get("description"))
    tags = fields.pop("tags", None)
    with audited(who):
        product = Product(code=code, title=title, category=category, **fields)
        product.full_clean()
        product.save()
        if tags:
            product.tags.set(tags)
        for data in skus or []:
            _sku_create(product, data, who)
        products_refresh([product.pk])
    product.refresh_from_db()
    return product


def _sku_create(product: Product, data: dict, who: Acting) -> SKU:
    data = dict(data)
    code = data.pop("code")
    unknown = set(data) - SKU_FIELDS - {"stock_on_hand"}
    if unknown:
        raise DomainError(_("Unknown SKU fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name in ("price", "market_price", "cost"):
        if name in data:
            data[name] = _money(data[name])
    sku = SKU(product=product, code=code, **data)
    sku.full_clean(exclude=["product"])
    sku.save()
    PriceHistory.objects.create(
        sku=sku, old_price=None, new_price=sku.price, via=PriceSource.INTAKE, **who.event_fields()
    )  # fmt: skip
    return sku


@transaction.atomic
def sku_create(*, actor, product: Product, **data) -> SKU:
    who = acting_for(actor, "catalog.add_sku")
    with audited(who):
        sku = _sku_create(product, data, who)
        products_refresh([product.pk])
    return sku


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    """Change a product's fields (not its status: that is a transition)."""
    who = acting_for(actor, "catalog.change_product")
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(unknown)}
        )
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status == ProductStatus.DELETED:
        raise IllegalTransition(_("A deleted product cannot be edited; restore it first."))
    if "description" in fields:
        fields["description"] = clean_html(fields["description"])
    tags = fields.pop("tags", None)
    with audited(who):
        for name, value in fields.items():
            setattr(product, name, value)
        product.full_clean()
        product.save()
        if tags is not None:
            product.tags.set(tags)
    return product


@transaction.atomic
def sku_update(*, actor, sku: SKU, **fields) -> SKU:
    """Change a SKU's data; a price change goes through ``sku_set_price`` (price history)."""
    who = acting_for(actor, "catalog.change_sku")
    price = fields.pop("price", None)
    unknown = set(fields) - SKU_FIELDS
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(unknown)}
        )
    with audited(who):
        sku = SKU.objects.select_for_update().get(pk=sku.pk)
        for name, value in fields.items():
            if name in ("market_price", "cost"):
                value = _money(value)
            setattr(sku, name, value)
        sku.full_clean()
        sku.save()
        if price is not None:
            _set_price(sku, _money(price), who, PriceSource.EDITOR, "")
        products_refresh([sku.product_id])
    return sku


def _set_price(sku: SKU, price: Decimal, who: Acting, source: str, note: str) -> bool:
    if price is None or price < 0:
        raise ValidationError(_("A price cannot be negative."))
    old = sku.price
    if old == price:
        return False
    sku.price = price
    sku.save(update_fields=["price", "updated_at"])  # history row via simple-history
    PriceHistory.objects.create(
        sku=sku, old_price=old, new_price=price, via=source, note=note[:300],
        **who.event_fields(),
    )  # fmt: skip
    return True


@transaction.atomic
def sku_set_price(
    *, actor, sku: SKU, price, source: str = PriceSource.EDITOR, note: str = "",
    who: Acting | None = None,
) -> SKU:  # fmt: skip
    who = who or acting_for(actor, "catalog.change_sku")
    with audited(who):
        sku = SKU.objects.select_for_update().get(pk=sku.pk)
        if _set_price(sku, _money(price), who, source, note):
            products_refresh([sku.product_id])
    return sku


@transaction.atomic
def products_change_price(*, actor, products, amount=None, percent=None, note: str = "") -> int:
    """Bulk action: every active SKU of the products by ``amount`` (CNY) or ``percent``."""
    who = acting_for(actor, "catalog.change_sku")
    if (amount is None) == (percent is None):
        raise DomainError(_("Give either an amount or a percentage."))
    amount = _money(amount) if amount is not None else None
    percent = Decimal(str(percent)) if percent is not None else None
    changed = 0
    ids = [p.pk for p in products]
    with audited(who):
        skus = list(SKU.objects.select_for_update().filter(product_id__in=ids).order_by("pk"))
        for sku in skus:
            new = sku.price + amount if amount is not None else sku.price * (1 + percent / 100)
            new = new.quantize(CENT, rounding=ROUND_HALF_UP)
            if new < 0:
                raise DomainError(
                    _("The price of %(code)s would go below zero; nothing was changed.")
                    % {"code": sku.code}
                )
            changed += _set_price(sku, new, who, PriceSource.BULK, note)
        products_refresh(ids)
    return changed


@transaction.atomic
def products_move_category(*, actor, products, category: Category) -> int:
    who = acting_for(actor, "catalog.change_product")
    count = 0
    with audited(who):
        for product in Product.objects.select_for_update().filter(pk__in=[p.pk for p in products]):
            if product.category_id != category.pk:
                product.category = category
                product.save(update_fields=["category", "updated_at"])
                count += 1
    return count


# --- Status machine -------------------------------------------------------------------------

# from -> allowed targets. Restoring a deleted product is its own service (manager only).
TRANSITIONS: dict[str, set[str]] = {
    ProductStatus.DRAFT: {ProductStatus.PUBLISHED, ProductStatus.DELETED},
    ProductStatus.PUBLISHED: {ProductStatus.DELISTED, ProductStatus.DELETED},
    ProductStatus.DELISTED: {ProductStatus.PUBLISHED, ProductStatus.DELETED},
    ProductStatus.DELETED: set(),
}
RESTORE_TARGETS = {ProductStatus.DRAFT, ProductStatus.DELISTED, ProductStatus.PUBLISHED}


def _transition(product: Product, to: str, who: Acting, note: str = "", **extra) -> Product:
    current = Product.objects.filter(pk=product.pk).values_list("status", flat=True).first()
    if current is None:
        raise DomainError(_("This product no longer exists."))
    if to not in TRANSITIONS[current]:
        raise IllegalTransition(
            _("A product cannot go from “%(a)s” to “%(b)s”.")
            % {"a": ProductStatus(current).label, "b": ProductStatus(to).label}
        )
    if to == ProductStatus.PUBLISHED:
        _publish_guard(product)
    now = timezone.now()
    if to == ProductStatus.PUBLISHED:
        extra.setdefault("published_at", now)
    if to == ProductStatus.DELETED:
        extra.update(previous_status=current, deleted_at=now)
    with audited(who):
        updated = Product.objects.filter(pk=product.pk, status=current).update(
            status=to, updated_at=now, **extra
        )
        if updated != 1:
            raise IllegalTransition(_("The product was changed meanwhile; reload and try again."))
        ProductEvent.objects.create(
            product_id=product.pk, from_status=current, to_status=to, note=note[:300],
            **who.event_fields(),
        )  # fmt: skip
        product.refresh_from_db()
        # queryset.update() skips simple-history: record the status change explicitly.
        _history_snapshot(product, who)
    return product


def _history_snapshot(product: Product, who: Acting) -> None:
    Product.history.model.objects.create(
        **{f.attname: getattr(product, f.attname) for f in Product._meta.fields},
        history_date=timezone.now(), history_type="~", history_user_id=who.user_id,
        history_position=who.position, history_acting=who.acting, history_source=who.source,
    )  # fmt: skip


def _publish_guard(product: Product) -> None:
    product = Product.objects.select_related("category").get(pk=product.pk)
    if not product.category.is_active:
        raise DomainError(_("The product's category is not active; choose another category."))
    if not SKU.objects.filter(product=product, is_active=True).exists():
        raise DomainError(_("A product needs at least one active SKU before it can be published."))


@transaction.atomic
def product_publish(*, actor, product: Product, note: str = "", who: Acting | None = None):
    who = who or acting_for(actor, "catalog.publish_product")
    return _transition(product, ProductStatus.PUBLISHED, who, note)


@transaction.atomic
def product_delist(*, actor, product: Product, note: str = "", who: Acting | None = None):
    who = who or acting_for(actor, "catalog.publish_product")
    return _transition(product, ProductStatus.DELISTED, who, note)


@transaction.atomic
def product_delete(*, actor, product: Product, note: str = "", who: Acting | None = None):
    """Soft delete: the product disappears everywhere but stays restorable by the manager."""
    who = who or acting_for(actor, "catalog.publish_product")
    ScheduledAction.objects.filter(
        product=product, status=ScheduledStatus.PENDING
    ).update(status=ScheduledStatus.CANCELLED, result=_("Product deleted"))  # fmt: skip
    return _transition(product, ProductStatus.DELETED, who, note)


@transaction.atomic
def product_restore(*, actor, product: Product, note: str = "") -> Product:
    """Manager only: back to the status before deletion (a published one comes back delisted)."""
    who = acting_for(actor, "catalog.restore_product")
    current = Product.objects.filter(pk=product.pk).values_list("status", "previous_status").first()
    if current is None or current[0] != ProductStatus.DELETED:
        raise IllegalTransition(_("Only a deleted product can be restored."))
    # Coming back straight onto the shop would surprise; a once-published product returns
    # delisted so an editor republishes it deliberately.
    target = {ProductStatus.PUBLISHED: ProductStatus.DELISTED}.get(current[1], current[1])
    if target not in RESTORE_TARGETS:
        target = ProductStatus.DRAFT
    now = timezone.now()
    with audited(who):
        updated = Product.objects.filter(pk=product.pk, status=ProductStatus.DELETED).update(
            status=target, previous_status="", deleted_at=None, updated_at=now
        )
        if updated != 1:
            raise IllegalTransition(_("The product was changed meanwhile; reload and try again."))
        ProductEvent.objects.create(
            product_id=product.pk, from_status=ProductStatus.DELETED, to_status=target,
            note=note[:300] or _("Restored"), **who.event_fields(),
        )  # fmt: skip
        product.refresh_from_db()
        _history_snapshot(product, who)
    return product


# --- Scheduling -----------------------------------------------------------------------------


@transaction.atomic
def product_schedule(*, actor, product: Product, kind: str, due_at) -> ScheduledAction:
    """Schedule a publish or delist; the periodic job carries it out once, on time."""
    who = acting_for(actor, "catalog.publish_product")
    if kind not in (ScheduledKind.PUBLISH, ScheduledKind.DELIST):
        raise DomainError(_("Only publishing and delisting can be scheduled here."))
    if due_at <= timezone.now():
        raise DomainError(_("Choose a time in the future."))
    if product.status == ProductStatus.DELETED:
        raise IllegalTransition(_("A deleted product cannot be scheduled."))
    return ScheduledAction.objects.create(
        kind=kind, product=product, due_at=due_at, **who.record_fields(),
    )  # fmt: skip


@transaction.atomic
def sku_schedule_price(
    *, actor, sku: SKU, price, due_at, sync_row=None, who: Acting | None = None
) -> ScheduledAction:
    who = who or acting_for(actor, "catalog.change_sku")
    return ScheduledAction.objects.create(
        kind=ScheduledKind.PRICE, sku=sku, product_id=sku.product_id, new_price=_money(price),
        due_at=due_at, sync_row=sync_row, **who.record_fields(),
    )  # fmt: skip


def scheduled_actions_run(*, now=None, limit: int = 500) -> int:
    """Carry out every due scheduled action exactly once.

    Each action is claimed with ``UPDATE … SET status=running WHERE status=pending`` in its own
    transaction together with its effect, so two schedulers (or a retry) cannot both do it, and
    a failure leaves it failed with the reason, never half-done.
    """
    from ..models import SyncRow

    now = now or timezone.now()
    done = 0
    due = list(
        ScheduledAction.objects.filter(status=ScheduledStatus.PENDING, due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        try:
            with transaction.atomic():
                claimed = ScheduledAction.objects.filter(
                    pk=pk, status=ScheduledStatus.PENDING
                ).update(status=ScheduledStatus.RUNNING)
                if not claimed:
                    continue
                action = ScheduledAction.objects.select_related("sku", "product").get(pk=pk)
                # Done by the job on behalf of whoever scheduled it, as the position they used.
                who = Acting(
                    action.created_by, None, action.created_position_code,
                    action.created_acting, EventSource.JOB,
                )  # fmt: skip
                if action.kind == ScheduledKind.PRICE:
                    sku = SKU.objects.select_for_update().get(pk=action.sku_id)
                    with audited(who):
                        _set_price(sku, action.new_price, who, PriceSource.SCHEDULED, "")
                        products_refresh([sku.product_id])
                    if action.sync_row_id:
                        SyncRow.objects.filter(pk=action.sync_row_id).update(
                            status="applied", decided_at=now
                        )
                elif action.kind == ScheduledKind.PUBLISH:
                    _transition(action.product, ProductStatus.PUBLISHED, who, _("Scheduled"))
                else:
                    _transition(action.product, ProductStatus.DELISTED, who, _("Scheduled"))
                ScheduledAction.objects.filter(pk=pk).update(
                    status=ScheduledStatus.DONE, done_at=timezone.now()
                )
                done += 1
        except (DomainError, ValidationError) as exc:
            ScheduledAction.objects.filter(pk=pk, status=ScheduledStatus.PENDING).update(
                status=ScheduledStatus.FAILED, done_at=timezone.now(), result=str(exc)[:300]
            )
    return done


# --- Images ---------------------------------------------------------------------------------

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_SIZE = (400, 400)


def _image_limits() -> tuple[int, int]:
    from ..selectors import catalog_setting

    return (
        int(catalog_setting("CATALOG_IMAGE_MAX_BYTES", 5 * 1024 * 1024)),
        int(catalog_setting("CATALOG_IMAGE_MAX_PIXELS", 6000 * 6000)),
    )


def check_image(upload) -> str:
    """Check a picture by its content (not its name): format, bytes, pixels. Returns the format."""
    from PIL import Image, UnidentifiedImageError

    max_bytes, max_pixels = _image_limits()
    if upload is None:
        raise ValidationError(_("Choose an image to upload."))
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is too large (%(size)s KB); the limit is %(limit)s KB.")
            % {"size": upload.size // 1024, "limit": max_bytes // 1024}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as img:
            fmt = img.format
            if img.width * img.height > max_pixels:
                raise ValidationError(
                    _("The image has too many pixels (%(w)s×%(h)s).")
                    % {"w": img.width, "h": img.height}
                )
            img.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we accept. Upload a JPEG, PNG, WebP or GIF picture.")
        ) from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("Images in this format are not accepted: %(f)s") % {"f": fmt})
    return fmt


def _thumbnail(upload) -> ContentFile:
    from PIL import Image

    upload.seek(0)
    with Image.open(upload) as img:
        img = img.convert("RGB")
        img.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=85)
    upload.seek(0)
    return ContentFile(out.getvalue())


@transaction.atomic
def product_image_add(*, actor, product: Product, upload, alt: str = "", order: int = 0):
    who = acting_for(actor, "catalog.add_productimage")
    fmt = check_image(upload)
    try:  # every file's content is ready before anything is written (no orphan on failure)
        thumb = _thumbnail(upload)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(
            _("This image cannot be processed. Save it again as JPEG or PNG and upload that.")
        ) from exc
    with audited(who), files_or_nothing() as put:
        image = ProductImage(product=product, alt=alt[:200], order=order)
        stem = f"{product.code}-{timezone.now():%Y%m%d%H%M%S%f}"
        put(image.image, f"{stem}.{IMAGE_FORMATS[fmt]}", upload)
        put(image.thumbnail, f"{stem}-thumb.jpg", thumb)
        image.save()
    return image


def require(who_perm: str, actor) -> None:
    """Raise NotAllowed unless the actor may (used by views before showing a form)."""
    if not (actor.is_superuser or actor.has_perm(who_perm)):
        raise NotAllowed(_("You may not do that."))


__all__ = [
    "PRODUCT_FIELDS", "SKU_FIELDS", "TRANSITIONS", "brand_create", "category_create", "category_move", "category_update",
    "check_image", "product_create", "product_delete", "product_delist", "product_image_add",
    "product_publish", "product_restore", "product_schedule", "product_update",
    "products_change_price", "products_move_category", "products_refresh",
    "scheduled_actions_run", "sku_create", "sku_schedule_price", "sku_set_price", "sku_update",
    "system_acting",
]  # fmt: skip


def thumbnail_of(upload) -> ContentFile:
    """The shop's JPEG thumbnail of an uploaded image (as saved with every product image)."""
    return _thumbnail(upload)
