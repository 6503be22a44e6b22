"""Load a realistic Chinese demo catalogue (idempotent): categories, brands, ~200 products with
SKUs and placeholder images, a few sold out and a few drafts, pending submissions from Purchasing
and pending sync batches — so every catalogue screen has something in it."""

from __future__ import annotations

import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from siteops.catalog import services
from siteops.catalog.choices import SyncChannel, SyncSource
from siteops.catalog.models import PATH_STEP, Brand, Category, Product, Submission, SyncBatch
from siteops.core.events import EventSource
from siteops.org.acting import Acting

TREE = {
    ("手机数码", "Phones & digital", "digital"): [
        ("手机", "Phones", "phones"), ("平板电脑", "Tablets", "tablets"),
        ("耳机音响", "Audio", "audio"), ("智能手表", "Smart watches", "watches"),
    ],
    ("家用电器", "Home appliances", "appliances"): [
        ("厨房电器", "Kitchen", "kitchen"), ("生活电器", "Household", "household"),
        ("个护健康", "Personal care", "personal-care"),
    ],
    ("服装鞋帽", "Clothing & shoes", "apparel"): [
        ("男装", "Men", "menswear"), ("女装", "Women", "womenswear"), ("运动鞋", "Sneakers", "sneakers"),
    ],
    ("食品生鲜", "Food & fresh", "food"): [
        ("休闲零食", "Snacks", "snacks"), ("茶叶冲饮", "Tea & drinks", "tea"),
        ("生鲜水果", "Fresh fruit", "fruit"),
    ],
}  # fmt: skip
BRANDS = [("华为", "Huawei", "huawei"), ("小米", "Xiaomi", "xiaomi"), ("美的", "Midea", "midea"),
          ("格力", "Gree", "gree"), ("李宁", "Li-Ning", "li-ning"), ("安踏", "Anta", "anta"),
          ("三只松鼠", "Three Squirrels", "three-squirrels"), ("农夫山泉", "Nongfu Spring", "nongfu"),
          ("海尔", "Haier", "haier"), ("波司登", "Bosideng", "bosideng")]  # fmt: skip
ITEMS = {
    "phones": (["华为", "小米"], ["旗舰手机", "5G智能手机", "拍照手机", "轻薄手机"], {"颜色": ["曜石黑", "冰川白", "天空蓝"], "容量": ["128GB", "256GB", "512GB"]}, (1299, 6999)),
    "tablets": (["华为", "小米"], ["平板电脑", "学习平板"], {"颜色": ["深空灰", "银色"], "容量": ["128GB", "256GB"]}, (1499, 4999)),
    "audio": (["华为", "小米"], ["降噪耳机", "蓝牙音箱", "运动耳机"], {"颜色": ["黑色", "白色"]}, (129, 1499)),
    "watches": (["华为", "小米"], ["智能手表", "运动手环"], {"颜色": ["黑色", "银色"], "尺码": ["42mm", "46mm"]}, (199, 2999)),
    "kitchen": (["美的", "海尔"], ["电饭煲", "空气炸锅", "破壁机", "电热水壶"], {"颜色": ["白色", "灰色"], "容量": ["3L", "4L", "5L"]}, (99, 899)),
    "household": (["美的", "格力", "海尔"], ["电风扇", "加湿器", "吸尘器"], {"颜色": ["白色", "米色"]}, (149, 2499)),
    "personal-care": (["小米", "美的"], ["电动牙刷", "吹风机", "剃须刀"], {"颜色": ["白色", "粉色", "黑色"]}, (59, 699)),
    "menswear": (["波司登", "李宁"], ["羽绒服", "纯棉T恤", "休闲裤", "夹克"], {"颜色": ["黑色", "藏青", "卡其"], "尺码": ["M", "L", "XL"]}, (79, 1599)),
    "womenswear": (["波司登", "安踏"], ["连衣裙", "针织衫", "羽绒服"], {"颜色": ["米白", "酒红", "黑色"], "尺码": ["S", "M", "L"]}, (99, 1299)),
    "sneakers": (["李宁", "安踏"], ["跑步鞋", "篮球鞋", "板鞋"], {"颜色": ["白色", "黑红"], "尺码": ["39", "40", "41", "42", "43"]}, (199, 899)),
    "snacks": (["三只松鼠"], ["每日坚果", "牛肉干", "夏威夷果", "芒果干"], {"容量": ["250g", "500g", "1kg"]}, (19, 129)),
    "tea": (["农夫山泉"], ["西湖龙井", "普洱茶", "茉莉花茶", "矿泉水整箱"], {"容量": ["250g", "500g"]}, (29, 399)),
    "fruit": (["农夫山泉"], ["赣南脐橙", "阿克苏苹果", "海南芒果"], {"容量": ["2.5kg", "5kg"]}, (29, 99)),
}  # fmt: skip
COLOURS = ["#d9534f", "#5bc0de", "#5cb85c", "#f0ad4e", "#6f42c1", "#20c997", "#343a40"]


def _png(code: str, rnd: random.Random) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 640), rnd.choice(COLOURS))
    ImageDraw.Draw(img).text((40, 300), code, fill="white", font_size=72)
    out = io.BytesIO()
    img.save(out, "PNG")
    return SimpleUploadedFile(f"{code}.png", out.getvalue(), content_type="image/png")


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=200)
        parser.add_argument("--no-images", action="store_true")

    def handle(self, *args, **opts):
        from siteops.org.models import User

        editor = User.objects.filter(username="product_editor").first()
        who = Acting(editor, None, "PED", False, EventSource.STAFF)
        with transaction.atomic():
            cats = self._categories()
            brands = self._brands()
        made = self._products(who, cats, brands, opts["products"], not opts["no_images"])
        self._intake_and_syncs()
        self.stdout.write(f"catalogue demo: {Product.objects.count()} products ({made} new), "
                          f"{Submission.objects.count()} submissions, {SyncBatch.objects.count()} sync batches")  # fmt: skip

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
            name: Brand.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": en})[0]
            for name, en, slug in BRANDS
        }

    def _products(self, who, cats, brands, count, images) -> int:
        rnd = random.Random(20261125)
        made = 0
        leaves = list(ITEMS)
        for n in range(count):
            code = f"DEMO{n + 1:04d}"
            slug = leaves[n % len(leaves)]
            brand_names, kinds, specs, (low, high) = ITEMS[slug]
            brand = brands[rnd.choice(brand_names)]
            kind = rnd.choice(kinds)
            price = Decimal(rnd.randint(low, high)).quantize(Decimal("1")) - Decimal("0.10")
            if Product.objects.filter(code=code).exists():
                continue
            axes = list(specs.items())[:2]
            combos = [{}]
            for axis, values in axes:
                picked = values[: rnd.randint(1, len(values))]
                combos = [{**c, axis: v} for c in combos for v in picked]
            sold_out = n % 23 == 5
            skus = [{
                "code": f"{code}-{i + 1:02d}", "barcode": f"69{rnd.randint(10**10, 10**11 - 1)}",
                "spec": spec, "price": price + 10 * i, "market_price": (price + 10 * i) * Decimal("1.2"),
                "cost": ((price + 10 * i) * Decimal("0.62")).quantize(Decimal("0.01")),
                "weight": Decimal(rnd.randint(100, 5000)) / 1000,
                "stock_on_hand": 0 if sold_out else rnd.randint(3, 300),
            } for i, spec in enumerate(combos[:6])]  # fmt: skip
            title = f"{brand.name} {kind} {n + 1}号款"
            with transaction.atomic():
                product = services.product_create(
                    actor=who.user, who=who, code=code, title=title, category=cats[slug], brand=brand,
                    title_en=f"{brand.name_en} {slug} #{n + 1}", subtitle=rnd.choice(["新品上市", "限时优惠", "包邮", "官方正品", ""]),
                    description=f"<p>{title}，{brand.name}官方正品。</p><ul><li>七天无理由退货</li><li>全国联保</li></ul>",
                    attributes={"产地": rnd.choice(["广东深圳", "浙江杭州", "江苏苏州", "上海"])},
                    seo_title=title, skus=skus,
                )  # fmt: skip
                if n % 17 != 3:  # a few stay drafts
                    services.product_publish(actor=who.user, product=product, who=who)
                Product.objects.filter(pk=product.pk).update(sales_count=rnd.randint(0, 5000))
                if images:
                    self._image(product, code, rnd)
            made += 1
        return made

    def _image(self, product, code, rnd):
        from siteops.catalog.models import ProductImage
        from siteops.catalog.services.products import thumbnail_of

        upload = _png(code, rnd)
        image = ProductImage(product=product, alt=product.title, order=0)
        image.image.save(f"{code}.png", upload, save=False)
        image.thumbnail.save(f"{code}-thumb.jpg", thumbnail_of(upload), save=False)
        image.save()

    def _intake_and_syncs(self):
        from siteops.org.models import User

        purchasing = User.objects.filter(username="purchasing").first()
        warehouse = User.objects.filter(username="warehouse").first()
        editor = User.objects.filter(username="product_editor").first()
        if purchasing and not Submission.objects.filter(reference__startswith="CG-DEMO").exists():
            samples = [
                ("CG-DEMO-01", "小米 智能电饭煲 4L", "kitchen", "xiaomi", [("DEMO-NEW-01-W", "颜色=白色; 容量=4L", "299")]),
                ("CG-DEMO-02", "李宁 跑步鞋 飞电", "sneakers", "li-ning", [("DEMO-NEW-02-40", "颜色=白色; 尺码=40", "599"), ("DEMO-NEW-02-41", "颜色=白色; 尺码=41", "599")]),
                ("CG-DEMO-03", "三只松鼠 每日坚果 30袋", "", "three-squirrels", [("DEMO-NEW-03", "容量=750g", "")]),
                ("CG-DEMO-04", "华为 降噪耳机", "audio", "huawei", [("DEMO-NEW-04", "颜色=黑色", "999")]),
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
                Product.objects.filter(code__startswith="DEMO").values_list(
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
