"""Load the demo catalogue (idempotent): categories, brands, a few hundred products with their
SKUs (颜色, 尺码, 容量 …), prices, market prices and stock — some sold out, some on sale, some new,
a few drafts — each with generated pictures, plus Purchasing's submissions and pending syncs.

The products are data (``siteops.catalog.demo.catalogue``); their pictures are drawn at load time
(``siteops.catalog.demo.pictures``) and go through the same pipeline as an uploaded image
(``product_image_add``: checked, thumbnailed). Nothing is downloaded. A second run adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.catalog import services
from siteops.catalog.choices import SyncChannel, SyncSource
from siteops.catalog.demo.catalogue import BRANDS, TREE, DemoProduct, demo_products
from siteops.catalog.demo.pictures import product_picture
from siteops.catalog.models import (
    PATH_STEP,
    Brand,
    Category,
    Product,
    ProductImage,
    Submission,
    SyncBatch,
    Tag,
)
from siteops.core.events import EventSource
from siteops.org.acting import Acting

CHUNK = 40  # products per transaction: a failure loses little, a commit per product is slow


def pictures_of(p: DemoProduct, brand: Brand) -> list[tuple[str, bytes]]:
    """The product's pictures: one per colour variant (or one), as (alt text, JPEG bytes)."""
    out = []
    others = {axis: values[0] for axis, values in p.axes.items() if axis != "颜色"}
    for colour in p.picture_colours():
        variant = " · ".join(
            ([f"颜色：{colour}"] if "颜色" in p.axes else [])
            + [f"{axis}：{value}" for axis, value in others.items()]
        )
        badge = "限时直降" if p.on_sale else "新品" if p.new else "已售罄" if p.sold_out else ""
        data = product_picture(
            style=p.style, icon=p.icon, colour=colour, brand=f"{brand.name} {brand.name_en}",
            name=p.kind, variant=variant or p.subtitle, badge=badge,
        )  # fmt: skip
        alt = f"{p.title}（{colour}）" if "颜色" in p.axes else p.title
        out.append((alt, data))
    return out


TAGS = [("new", "新品", "New"), ("deal", "特惠", "Deals"), ("hot", "爆款", "Best-sellers"),
        ("nianhuo", "年货", "New Year goods"), ("winter", "冬季", "Winter")]  # fmt: skip


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=0, help="load only N (spread over the categories)"
        )
        parser.add_argument("--no-images", action="store_true")

    def handle(self, *args, **opts):
        from siteops.org.models import User

        editor = User.objects.filter(username="product_editor").first()
        who = Acting(editor, None, "PED", False, EventSource.STAFF)
        with transaction.atomic():
            cats = self._categories()
            brands = self._brands()
        products = demo_products()
        if opts["products"]:  # a small demo (tests) still spans every category
            step = max(1, len(products) // opts["products"])
            products = products[::step][: opts["products"]]
        made, pictured = self._products(who, editor, cats, brands, products, not opts["no_images"])
        self._tags(products)
        self._intake_and_syncs()
        if opts["verbosity"]:
            self.stdout.write(
                f"catalogue: {Product.objects.count()} products ({made} new, {pictured} newly "
                f"pictured), {Submission.objects.count()} submissions, "
                f"{SyncBatch.objects.count()} sync batches"
            )

    def _categories(self) -> dict[str, Category]:
        out = {}

        def make(name, name_en, slug, parent, order):
            cat, created = Category.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "name_en": name_en, "parent": parent, "order": order},
            )
            if created or not cat.path:
                cat.path = (parent.path if parent else "") + f"{cat.pk:0{PATH_STEP}d}/"
                cat.depth = parent.depth + 1 if parent else 0
                Category.objects.filter(pk=cat.pk).update(path=cat.path, depth=cat.depth)
            return cat

        for i, ((name, name_en, slug), children) in enumerate(TREE.items()):
            root = make(name, name_en, slug, None, i)
            out[slug] = root
            for j, (cname, cname_en, cslug) in enumerate(children):
                out[cslug] = make(cname, cname_en, cslug, root, j)
        return out

    def _brands(self) -> dict[str, Brand]:
        return {
            slug: Brand.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": en})[0]
            for name, en, slug in BRANDS
        }

    def _products(self, who, editor, cats, brands, products, images) -> tuple[int, int]:
        existing = dict(
            Product.objects.filter(code__in=[p.code for p in products]).values_list("code", "pk")
        )
        pictured = set(
            ProductImage.objects.filter(product_id__in=existing.values()).values_list(
                "product_id", flat=True
            )
        )
        now = timezone.now()
        made = newly_pictured = 0
        for start in range(0, len(products), CHUNK):
            with transaction.atomic():
                for p in products[start : start + CHUNK]:
                    product = None
                    if p.code not in existing:
                        product = self._create(who, p, cats, brands, now)
                        made += 1
                    elif images and existing[p.code] not in pictured:
                        product = Product.objects.get(pk=existing[p.code])
                    if product is not None and images and editor is not None:
                        for order, (alt, data) in enumerate(pictures_of(p, brands[p.brand])):
                            upload = SimpleUploadedFile(
                                f"{p.code}-{order + 1}.jpg", data, content_type="image/jpeg"
                            )
                            services.product_image_add(
                                actor=editor, product=product, upload=upload, alt=alt, order=order
                            )
                        newly_pictured += 1
        return made, newly_pictured

    def _tags(self, products: list[DemoProduct]) -> None:
        """The editor's tags: new, on sale, best-sellers, New-Year goods (food), winter wear."""
        tags = {slug: Tag.objects.get_or_create(slug=slug, defaults={"name": n, "name_en": en})[0]
                for slug, n, en in TAGS}  # fmt: skip
        top = sorted((p.sales for p in products), reverse=True)[: max(1, len(products) // 6)]
        wanted = {}
        for p in products:
            wanted[p.code] = [slug for slug, applies in (
                ("new", p.new), ("deal", p.on_sale), ("hot", p.sales >= top[-1]),
                ("nianhuo", p.leaf in ("snacks", "tea", "fruit")),
                ("winter", p.icon == "coat" or "暖" in p.title),
            ) if applies]  # fmt: skip
        pks = dict(Product.objects.filter(code__in=wanted).values_list("code", "pk"))
        Through = Product.tags.through
        Through.objects.bulk_create(
            [Through(product_id=pks[code], tag_id=tags[slug].pk)
             for code, slugs in wanted.items() if code in pks for slug in slugs],
            ignore_conflicts=True,  # a second load adds nothing
        )  # fmt: skip

    def _create(self, who, p: DemoProduct, cats, brands, now) -> Product:
        brand = brands[p.brand]
        points = "".join(f"<li>{x}</li>" for x in p.points)
        product = services.product_create(
            actor=who.user, who=who, code=p.code, title=p.title, title_en=p.title_en,
            category=cats[p.leaf], brand=brand, subtitle=p.subtitle,
            description=f"<p>{p.title}，{brand.name}官方正品，全国联保。</p><ul>{points}<li>七天无理由退货</li></ul>",
            attributes={"品牌": brand.name, "产地": p.origin, "售后服务": "全国联保"},
            seo_title=f"{p.title} - {brand.name}官方正品", skus=p.skus,
        )  # fmt: skip
        if not p.draft:
            services.product_publish(actor=who.user, product=product, who=who)
            # Listed over the past year: new arrivals are the last few days' (a demo's history).
            Product.objects.filter(pk=product.pk).update(
                published_at=now - datetime.timedelta(days=p.days_on_sale, hours=p.sales % 24),
                sales_count=p.sales,
            )
        return product

    def _intake_and_syncs(self):
        from siteops.org.models import User

        purchasing = User.objects.filter(username="purchasing").first()
        warehouse = User.objects.filter(username="warehouse").first()
        editor = User.objects.filter(username="product_editor").first()
        if purchasing and not Submission.objects.filter(reference__startswith="CG-DEMO").exists():
            samples = [
                ("CG-DEMO-01", "小米 智能电饭煲 4L", "kitchen", "xiaomi", [("MB4-4L-W", "颜色=白色; 容量=4L", "299")]),
                ("CG-DEMO-02", "李宁 跑步鞋 飞电", "sneakers", "li-ning", [("FD3-W-40", "颜色=白色; 尺码=40", "599"), ("FD3-W-41", "颜色=白色; 尺码=41", "599")]),
                ("CG-DEMO-03", "三只松鼠 每日坚果 30袋", "", "three-squirrels", [("MRJG-30", "容量=750g", "")]),
                ("CG-DEMO-04", "华为 降噪耳机", "audio", "huawei", [("FB5-BK", "颜色=黑色", "999")]),
            ]  # fmt: skip
            for ref, title, cat, brand, skus in samples:
                data = {"reference": ref, "title": title, "category": cat, "brand": brand,
                        "description": f"<p>{title}</p>",
                        "skus": [{"code": c, "spec": s, "price": p, "cost": ""} for c, s, p in skus]}  # fmt: skip
                s = services.submission_create(actor=purchasing, data=data)
                if ref == "CG-DEMO-03" and editor:
                    services.submission_return(actor=editor, submission=s, reasons={
                        "category": "请选择分类（建议：休闲零食）", "skus": "请填写价格和成本"})  # fmt: skip
        if warehouse and not SyncBatch.objects.filter(note="demo").exists():
            skus = list(
                Product.objects.filter(code__startswith="SP26").values_list(
                    "skus__code", flat=True
                )[:12]
            )
            rows = [
                {"op": "stock_adjust", "code": c, "value": str(5 + i)}
                for i, c in enumerate(skus[:8])
            ]
            rows.append({"op": "stock_set", "code": "UNKNOWN-SKU", "value": "3"})
            services.sync_batch_create(actor=warehouse, kind=SyncSource.WAREHOUSE, rows=rows,
                                       channel=SyncChannel.FILE, filename="库存盘点.xlsx", note="demo", apply=False)  # fmt: skip
            if purchasing:
                from siteops.catalog.models import SKU

                price_rows = []
                for i, sku in enumerate(SKU.objects.filter(code__in=skus[8:12])):
                    factor = (
                        Decimal("1.05") if i % 2 else Decimal("1.6")
                    )  # one small, one beyond the threshold
                    price_rows.append(
                        {
                            "op": "price",
                            "code": sku.code,
                            "value": str((sku.price * factor).quantize(Decimal("0.01"))),
                        }
                    )
                services.sync_batch_create(actor=purchasing, kind=SyncSource.PURCHASING, rows=price_rows,
                                           note="demo")  # fmt: skip
