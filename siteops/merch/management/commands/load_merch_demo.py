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
# position, campaign headline, line under it, button, link, (from, to) colours, silhouettes, weight.
# The links go where a shopper expects: a category, or the topic page of the content demo.
ADS = [
    ("home_carousel", "双十二年终盛典", "全场满 300 减 50 · 12 月 12 日零点开抢", "立即抢购",
     "/t/year-end-sale/", ("#b91c1c", "#f97316"), ["phone", "coat", "pot"], 10),
    ("home_carousel", "冬季家电节", "取暖 · 厨房 · 个护 一级能效低至 5 折", "进入会场",
     "/c/appliances/", ("#0f766e", "#38bdf8"), ["fan", "pot", "dryer"], 8),
    ("home_carousel", "数码焕新季", "5G 手机 · 平板 · 耳机 以旧换新至高补贴 800 元", "去换新",
     "/c/digital/", ("#1e3a8a", "#7c3aed"), ["tablet", "phone", "headphones"], 6),
    ("home_carousel", "年货节 · 坚果礼盒", "三只松鼠 · 良品铺子 · 百草味 第二件半价", "囤年货",
     "/c/food/", ("#9a3412", "#eab308"), ["pouch", "tin", "fruit"], 4),
    ("home_banner_1", "冬装上新", "羽绒服 · 大衣 新款直降", "去看看", "/c/apparel/",
     ("#334155", "#94a3b8"), ["coat"], 2),
    ("home_banner_1", "运动鞋 满 399 减 60", "李宁 · 安踏 · 特步", "去抢购", "/c/sneakers/",
     ("#be123c", "#fb7185"), ["sneaker"], 1),
    ("home_banner_2", "产地直发 鲜果到家", "褚橙 · 佳沛 坏果包赔", "去尝鲜", "/c/fruit/",
     ("#c2410c", "#fbbf24"), ["fruit"], 1),
    ("home_banner_2", "好茶过冬", "明前龙井 · 武夷岩茶 礼盒装", "去选茶", "/c/tea/",
     ("#166534", "#86efac"), ["tin"], 0),
    ("category_top", "品类精选 · 年终钜惠", "每天 10 点上新 限量特价", "查看全部", "/t/year-end-sale/",
     ("#7c2d12", "#f59e0b"), ["phone", "pot", "sneaker", "pouch"], 0),
]  # fmt: skip
PLAN_TITLE = "下周货架展示规划（演示）"


def demo_image(size, colours, title, line="", button="", icons=()) -> ContentFile:
    """A campaign banner drawn here (nothing is downloaded): the campaign's colours, its headline,
    a line of copy, a button, and the silhouettes of what it sells. Deterministic."""
    from PIL import ImageDraw

    from siteops.catalog.demo.pictures import SILHOUETTES, draw_text, fit_text, hex_rgb, shade

    w, h = size
    start, end = hex_rgb(colours[0]), hex_rgb(colours[1])
    img = _diagonal(size, start, end)
    draw = ImageDraw.Draw(img)
    # festive discs in the background
    for i, (fx, fy, fr) in enumerate([(0.92, 0.1, 0.5), (0.62, 1.0, 0.35), (0.08, 0.95, 0.2)]):
        r = h * fr
        cx, cy = w * fx, h * fy
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade(end if i % 2 else start, 1.18))
    # what the campaign sells, on the right
    n = len(icons)
    text_right = w * 0.95
    if n:
        slot = min(h * 0.8, w * 0.42 / n)
        x = w - slot * n - w * 0.03
        text_right = x - w * 0.02
        for k, icon in enumerate(icons):
            colour = shade(end, 1.55) if k % 2 else (255, 255, 255)
            top = (h - slot) / 2
            box = (x + k * slot + slot * 0.06, top, x + (k + 1) * slot - slot * 0.06, top + slot)
            SILHOUETTES[icon](draw, box, colour)
    left = w * 0.05
    text_width = text_right - left
    compact = h < 300
    size_title = int(h * (0.26 if compact else 0.21))
    y = h * (0.16 if compact else 0.2)
    used = draw_text(draw, (left + 3, y + 3), title, text_width, size_title, shade(start, 0.55))
    draw_text(draw, (left, y), title, text_width, size_title, "#ffffff")
    y += (used or size_title) * 1.42
    if line:
        used = draw_text(
            draw,
            (left, y),
            line,
            text_width,
            int(h * (0.12 if compact else 0.085)),
            "#fff7ed",
            "regular",
        )
        y += (used or h * 0.085) * 1.5
    if button:
        font, text = fit_text(draw, button, w * 0.3, int(h * (0.1 if compact else 0.075)))
        if font is not None:
            tw = draw.textlength(text, font=font)
            pad = font.size * 0.7
            draw.rounded_rectangle(
                [left, y, left + tw + 2 * pad + font.size, y + font.size * 1.9],
                radius=font.size,
                fill="#ffffff",
            )
            draw.text((left + pad, y + font.size * 0.4), f"{text} ›", font=font, fill=start)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return ContentFile(buf.getvalue())


def _diagonal(size, start, end):
    """A gradient from ``start`` (left) to ``end`` (right)."""
    from PIL import Image, ImageOps

    ramp = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
    return ImageOps.colorize(ramp, end, start)


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
            for code, title, line, button, link, colours, icons, weight in ADS:
                if Ad.objects.filter(position__code=code, title=title).exists():
                    continue
                w, h = (int(v) for v in positions[code].size_hint.split("×"))
                ad = Ad(position=positions[code], title=title, alt=f"{title}：{line}", link=link,
                        weight=weight, start=now - datetime.timedelta(days=1),
                        end=now + datetime.timedelta(days=60))  # fmt: skip
                image = demo_image((w, h), colours, title, line, button, icons)
                ad.image.save(f"banner-{code}-{weight}.png", image, save=False)
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
