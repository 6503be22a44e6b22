"""Demo merchandising: ad positions, ads with generated images, shelves (新品上架, 热销推荐, a floor
per top category) and one submitted shelf-display plan from Purchasing awaiting the product editor.

Idempotent; run after the catalogue demo (with no published products it says so and stops).
"""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.merch.choices import ShelfKind
from siteops.merch.models import Ad, AdPosition, Shelf, ShelfPlan, ShelfSlot

POSITIONS = [
    # code, name, size hint, max ads, carousel, page
    ("home_carousel", "首页轮播", "1200×400", 5, True, "home"),
    ("home_banner_1", "首页横幅一", "600×200", 2, False, "home"),
    ("home_banner_2", "首页横幅二", "600×200", 2, False, "home"),
    ("category_top", "分类页顶部", "1200×200", 1, False, "category"),
]
ADS = [
    # position, title, link, colour, weight
    ("home_carousel", "双十二年终大促", "/search/?q=%E5%A4%A7%E4%BF%83", (185, 28, 28), 10),
    ("home_carousel", "新品首发", "/search/?q=%E6%96%B0%E5%93%81", (29, 78, 216), 5),
    ("home_carousel", "会员积分兑换", "/", (21, 128, 61), 1),
    ("home_banner_1", "满 199 包邮", "/", (202, 138, 4), 1),
    ("home_banner_1", "品牌特卖", "/", (109, 40, 217), 0),
    ("category_top", "分类精选", "/", (15, 118, 110), 0),
]
PLAN_TITLE = "下周货架展示规划（演示）"


def _cjk_font(size: int):
    from PIL import ImageFont

    for path in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return None


def demo_image(size: tuple[int, int], colour: tuple[int, int, int], label: str) -> ContentFile:
    """A generated banner (no downloads): a colour gradient with stripes and a label."""
    from PIL import Image, ImageDraw

    w, h = size
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    for x in range(0, w, 4):
        shade = tuple(min(255, c + x * 60 // w) for c in colour)
        draw.line([(x, 0), (x, h)], fill=shade, width=4)
    for i in range(0, w + h, 80):
        draw.line([(i, 0), (i - h, h)], fill=tuple(min(255, c + 30) for c in colour), width=10)
    # The label is the ad's Chinese title (never its position's code, which a shopper would read
    # on the banner); drawn only when a font with Chinese glyphs is installed.
    font = _cjk_font(28)
    if font is not None and label:
        box = draw.textbbox((0, 0), label, font=font)
        tw, th = box[2] - box[0], box[3] - box[1]
        draw.rectangle([w // 12, h // 3, w // 12 + tw + 24, h // 3 + th + 24], fill="white")
        draw.text((w // 12 + 12, h // 3 + 12 - box[1]), label, fill=colour, font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return ContentFile(buf.getvalue())


class Command(BaseCommand):
    help = "Load demo shelves, ads and a submitted shelf-display plan (idempotent)."

    def handle(self, *args, **options):
        from siteops.catalog.choices import ProductStatus
        from siteops.catalog.models import Category, Product

        published = Product.objects.filter(status=ProductStatus.PUBLISHED)
        if not published.exists():
            self.stdout.write(
                _("No published products: load the catalogue demo first. Nothing was loaded.")
            )
            return
        now = timezone.now()
        with transaction.atomic(), audit_context(source="demo"):
            positions = {}
            for order, (code, name, size, max_ads, carousel, page) in enumerate(POSITIONS):
                positions[code], _c = AdPosition.objects.get_or_create(
                    code=code,
                    defaults={"name": name, "size_hint": size, "max_ads": max_ads,
                              "is_carousel": carousel, "order": order, "placement": page},
                )  # fmt: skip
            ads = 0
            for code, title, link, colour, weight in ADS:
                if Ad.objects.filter(position__code=code, title=title).exists():
                    continue
                w, h = (int(v) for v in positions[code].size_hint.split("×"))
                ad = Ad(position=positions[code], title=title, alt=title, link=link,
                        weight=weight, start=now - datetime.timedelta(days=1),
                        end=now + datetime.timedelta(days=60))  # fmt: skip
                ad.image.save(
                    f"demo-{code}-{weight}.png", demo_image((w, h), colour, title), save=False
                )
                ad.full_clean()
                ad.save()
                ads += 1

            shelves = [
                ("new-arrivals", "新品上架", ShelfKind.NEW_ARRIVALS, None,
                 published.order_by("-published_at", "-pk")),
                ("hot", "热销推荐", ShelfKind.HOT, None, published.order_by("-sales_count", "-pk")),
            ]  # fmt: skip
            for cat in Category.objects.filter(parent__isnull=True, is_active=True).order_by(
                "order", "pk"
            )[:6]:
                shelves.append(
                    (f"floor-{cat.pk}", f"{cat.name}馆", ShelfKind.CATEGORY_FLOOR, cat,
                     published.filter(category__path__startswith=cat.path).order_by("-sales_count", "-pk")),
                )  # fmt: skip
            slots = 0
            for order, (code, name, kind, cat, products) in enumerate(shelves):
                shelf, _c = Shelf.objects.get_or_create(
                    code=code,
                    defaults={"name": name, "kind": kind, "category": cat, "order": order,
                              "max_products": 10},
                )  # fmt: skip
                if shelf.slots.exists():
                    continue
                for place, product in enumerate(products[:10]):
                    ShelfSlot.objects.create(shelf=shelf, product=product, position=place)
                    slots += 1
        plan_note = self._plan(published)
        self._click_report()
        self.stdout.write(
            _("Merchandising demo: %(p)d ad positions, %(a)d new ads, %(s)d new shelf slots. %(n)s")
            % {"p": len(positions), "a": ads, "s": slots, "n": plan_note}
        )

    def _plan(self, published) -> str:
        from siteops.merch import services
        from siteops.org.models import PositionAssignment

        if ShelfPlan.objects.filter(title=PLAN_TITLE).exists():
            return _("The demo plan exists already.")
        holder = (
            PositionAssignment.objects.active()
            .filter(position__code="PUR-COL", user__is_active=True)
            .select_related("user")
            .first()
        )
        if holder is None:
            return _("No one holds PUR-COL: no demo plan.")
        buyer = holder.user
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        start += datetime.timedelta(days=7 - start.weekday())  # next Monday
        hot = Shelf.objects.get(code="hot")
        new = Shelf.objects.get(code="new-arrivals")
        with transaction.atomic():
            plan = services.plan_create(
                actor=buyer, title=PLAN_TITLE, period_start=start,
                period_end=start + datetime.timedelta(days=7),
                note="下周主推冬季新品，热销位换上保暖类商品。",
            )  # fmt: skip
            for i, product in enumerate(published.order_by("pk")[:4]):
                services.plan_item_add(actor=buyer, plan=plan, shelf=hot, product=product, order=i)
            for i, product in enumerate(published.order_by("-pk")[:3]):
                services.plan_item_add(actor=buyer, plan=plan, shelf=new, product=product, order=i)
            services.ad_request_add(
                actor=buyer, plan=plan, position=AdPosition.objects.get(code="home_banner_1"),
                brief="冬季保暖节 全场满 300 减 50", link="/search/?q=%E4%BF%9D%E6%9A%96",
            )  # fmt: skip
            services.plan_submit(actor=buyer, plan=plan)
        return _("Demo plan “%(plan)s” submitted by %(user)s.") % {
            "plan": PLAN_TITLE,
            "user": buyer,
        }

    def _click_report(self) -> None:
        """PRC-07's monthly roll-up of the shop's clicks: scheduled, archived, sent; its run closes
        the "PRC-07 每月其他统计汇总" duty item of the work demo."""
        from siteops.org.models import Position
        from siteops.reports.models import ReportDefinition

        definition, created = ReportDefinition.objects.get_or_create(
            code="monthly-clicks",
            defaults={"name": "每月广告与货架点击", "dataset": "shop_clicks", "period_kind": "month",
                      "is_scheduled": True, "duty_code": "PRC-07",
                      "dimensions": ["ad", "slot", "day"]},
        )  # fmt: skip
        if created:
            definition.recipient_positions.add(
                *Position.objects.filter(code__in=["PRC", "MGR", "PED"])
            )
