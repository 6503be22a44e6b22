"""Factories for merchandising tests (catalogue rows are made directly: only what shelves need)."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from siteops.catalog.models import Category, Product
from siteops.merch.models import Ad, AdPosition, Shelf, ShelfSlot

_seq = itertools.count(1)


def png_bytes(size=(120, 40), color=(200, 30, 30), fmt="PNG") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def image_upload(name="ad.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def category(name=None, **kw) -> Category:
    n = next(_seq)
    return Category.objects.create(name=name or f"分类{n}", slug=f"cat-{n}", **kw)


def product(*, status="published", in_stock=True, cat=None, **kw) -> Product:
    n = next(_seq)
    return Product.objects.create(
        code=kw.pop("code", f"P{n:05d}"),
        title=kw.pop("title", f"商品{n}"),
        category=cat or category(),
        status=status,
        in_stock=in_stock,
        min_price=kw.pop("min_price", "9.90"),
        **kw,
    )


def ad_position(code=None, **kw) -> AdPosition:
    n = next(_seq)
    return AdPosition.objects.create(
        code=code or f"pos-{n}", name=kw.pop("name", f"广告位{n}"), **kw
    )


def ad(position=None, **kw) -> Ad:
    n = next(_seq)
    obj = Ad(
        position=position or ad_position(),
        title=kw.pop("title", f"广告{n}"),
        link=kw.pop("link", "/sale/"),
        **kw,
    )
    obj.image.save(f"ad{n}.png", image_upload(), save=False)
    obj.save()
    return obj


def shelf(code=None, **kw) -> Shelf:
    n = next(_seq)
    return Shelf.objects.create(
        code=code or f"shelf-{n}", name=kw.pop("name", f"货架{n}"), kind=kw.pop("kind", "hot"), **kw
    )


def slot(shelf_obj=None, product_obj=None, **kw) -> ShelfSlot:
    return ShelfSlot.objects.create(
        shelf=shelf_obj or shelf(), product=product_obj or product(), **kw
    )


def hours(n: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=n)
