"""Demo content: the shop's help documents (如何下单, 支付方式, 配送说明, 退换货与退款, 积分规则,
关于我们, 联系我们, 公司资质) in Chinese with English versions, written by the copy editor and
approved by the chief editor through the real workflow; one document waiting for review; a topic
page with blocks. Idempotent (pages that exist are left alone)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.content import services
from siteops.content.models import Page
from siteops.org.models import User

DOCS = [
    # slug, kind, footer group, order, title, title_en, body, body_en
    ("how-to-order", "process", "shopping", 1, "如何下单", "How to order",
     "<p>在商品页选择规格和数量，点击“加入购物车”。在购物车确认商品后点击“去结算”，填写收货地址并选择支付方式即可提交订单。</p>"
     "<p>订单提交后请在 30 分钟内完成支付，超时未支付的订单将自动取消，库存随之释放。</p>",
     "<p>Choose the variant and quantity on the product page and click “Add to cart”. In the cart, "
     "click “Checkout”, enter your delivery address, choose a payment method and place the order.</p>"
     "<p>Please pay within 30 minutes; unpaid orders are cancelled automatically.</p>"),
    ("payment", "process", "shopping", 2, "支付方式", "Payment methods",
     "<p>本店支持支付宝、微信支付和银行转账。银行转账订单请在备注中填写订单号，到账后我们会在一个工作日内确认。</p>",
     "<p>We accept Alipay, WeChat Pay and bank transfer. For bank transfers, put the order number "
     "in the reference; we confirm within one working day of receiving it.</p>"),
    ("delivery", "process", "shopping", 3, "配送说明", "Delivery",
     "<p>订单在支付后 24 小时内从自营仓库发出，全国大部分地区 2–4 天送达。订单满 199 元包邮，不满 199 元收取运费 10 元。</p>",
     "<p>Orders leave our own warehouse within 24 hours of payment and arrive in 2–4 days in most "
     "regions. Delivery is free from ¥199; below that it costs ¥10.</p>"),
    ("returns", "process", "service", 1, "退换货与退款", "Returns and refunds",
     "<p>签收后 7 天内，商品未使用且包装完好，可申请无理由退货。质量问题 15 天内可换货。</p>"
     "<p>退货入库检验后，退款在 3 个工作日内原路退回。</p>",
     "<p>Within 7 days of delivery you may return unused items in their original packaging for "
     "any reason; faulty items can be exchanged within 15 days.</p><p>Refunds go back to the "
     "original payment method within 3 working days of the return being checked in.</p>"),
    ("points", "process", "service", 2, "积分规则", "Points rules",
     "<p>每消费 1 元积 1 分，订单完成后到账。100 积分可抵扣 1 元，积分有效期为获得后 12 个月。</p>",
     "<p>Earn 1 point per ¥1 spent, credited when the order is completed. 100 points are worth "
     "¥1 off; points expire 12 months after they are earned.</p>"),
    ("about", "basic", "company", 1, "关于我们", "About us",
     "<p>我们是公司的官方网上商城，商品直接来自品牌方和可信赖的供应商，由自营仓库发货。</p>"
     "<p>每个商品页都显示真实价格和当前库存；缺货时我们会如实标明，不接无法履约的订单。</p>",
     "<p>We are the company's official online shop. Our products come directly from brands and "
     "trusted suppliers and ship from our own warehouse.</p><p>Every product page shows the real "
     "price and current stock; when something is sold out we say so.</p>"),
    ("contact", "basic", "company", 2, "联系我们", "Contact us",
     "<p>客服热线：400-800-1234（每天 9:00–21:00）</p><p>客服邮箱：service@example.com</p>",
     "<p>Customer service: 400-800-1234 (daily 9:00–21:00)</p><p>Email: service@example.com</p>"),
    ("qualifications", "basic", "company", 3, "公司资质", "Company qualifications",
     "<p>营业执照、食品经营许可证及增值电信业务经营许可证均在有效期内，备案号见页面底部。</p>",
     "<p>Our business licence, food trading licence and value-added telecom licence are valid; "
     "the filing numbers are shown at the bottom of every page.</p>"),
]  # fmt: skip

IN_REVIEW = ("invoice", "process", "service", 3, "发票说明", "Invoices",
             "<p>订单完成后可在“我的订单”中申请电子发票。</p>", "")  # fmt: skip

TOPIC = {
    "slug": "year-end-sale",
    "title": "年终大促",
    "title_en": "Year-end sale",
    "body": "<p>全场精选好物，限时特惠。</p>",
    "blocks": [
        {"type": "slogan", "slogan": "year-end", "placement": "topic_header"},
        {"type": "richtext", "html": "<h2>活动说明</h2><p>活动期间满 199 元包邮。</p>"},
        {"type": "countdown", "label": "距活动结束", "until": "2027-01-01T00:00:00+08:00"},
        {"type": "product_grid", "title": "热销推荐", "sort": "sales", "limit": 8},
        {"type": "product_grid", "title": "百元以内", "sort": "price", "max_price": "100",
         "limit": 8},
    ],
}  # fmt: skip


PLACEMENTS = [("home_banner", "首页横幅", 8), ("shelf_title", "货架标题", 12),
              ("topic_header", "专题页头图", 20)]  # fmt: skip
SLOGANS = [
    ("year-end", "年终大促，精选好物满 199 元包邮", "Year-end sale: free delivery from ¥199",
     {"home_banner": ("年终大促", "Sale"), "shelf_title": ("年终大促精选", "Year-end picks"),
      "topic_header": ("年终大促 满199包邮", "Year-end sale")}),
    ("quality", "正品保障，自营仓发货", "Genuine goods, shipped by us",
     {"home_banner": ("正品保障", "Genuine")}),
]  # fmt: skip


def _slogans():
    from siteops.content.models import Placement, Slogan, SloganVariant

    places = {}
    for code, name, limit in PLACEMENTS:
        places[code], _c = Placement.objects.get_or_create(
            code=code, defaults={"name": name, "max_chars": limit}
        )
    for code, text, text_en, variants in SLOGANS:
        slogan, _c = Slogan.objects.get_or_create(
            code=code, defaults={"text": text, "text_en": text_en}
        )
        for place, (v, v_en) in variants.items():
            SloganVariant.objects.get_or_create(
                slogan=slogan, placement=places[place], defaults={"text": v, "text_en": v_en}
            )


def _user(name):
    return User.objects.filter(username=name).first()


class Command(BaseCommand):
    help = "Load demo documents, help pages and a topic page (idempotent)."

    def handle(self, *args, **options):
        writer, checker = _user("copy_editor"), _user("chief_editor")
        planner, art = _user("activity_planner"), _user("product_editor")  # ART acting (PED-09)
        if not (writer and checker and planner and art):
            self.stderr.write("Load the demo company first (siteops load_demo).")
            return
        _slogans()
        made = 0
        for slug, kind, group, order, title, title_en, body, body_en in DOCS:
            if Page.objects.filter(slug=slug).exists():
                continue
            with transaction.atomic():
                page = services.page_create(
                    actor=writer, kind=kind, slug=slug, footer_group=group, order=order,
                    data={"title": title, "title_en": title_en, "body": body, "body_en": body_en,
                          "seo_title": f"{title} - 帮助中心", "seo_description": title},
                )  # fmt: skip
                services.page_submit(actor=writer, page=page, message="演示：新文档")
                self._approve(page, checker)
            made += 1
        slug, kind, group, order, title, title_en, body, body_en = IN_REVIEW
        if not Page.objects.filter(slug=slug).exists():
            page = services.page_create(
                actor=writer, kind=kind, slug=slug, footer_group=group, order=order,
                data={"title": title, "body": body},
            )  # fmt: skip
            services.page_submit(actor=writer, page=page, message="请总编审核")
            made += 1
        if not Page.objects.filter(slug=TOPIC["slug"]).exists():
            with transaction.atomic():
                data = {k: v for k, v in TOPIC.items() if k != "slug"}
                page = services.page_create(actor=art, kind="topic", slug=TOPIC["slug"], data=data)
                services.page_submit(actor=art, page=page)
                self._approve(page, planner, checker)
            made += 1
        made += self._regions_release_preview(writer, checker, planner, art)
        self.stdout.write(f"content demo: {made} pages added at {timezone.now():%Y-%m-%d %H:%M}")

    def _regions_release_preview(self, writer, checker, planner, art) -> int:
        """ART-03: a redesigned shop header (live); a release scheduled for the spring festival
        (a topic page with program blocks and a slogan's new text); a preview link for the
        document in review (for the service department)."""
        import datetime

        from siteops.content import previews, releases
        from siteops.content.models import PreviewLink, Slogan

        made = 0
        if not Page.objects.filter(slug="shop-header").exists():
            with transaction.atomic():
                page = services.page_create(actor=art, kind="region", slug="shop-header", data={
                    "title": "商城页头公告", "title_en": "Shop header notice",
                    "body": "<p>全场满199元包邮 · 7天无理由退货</p>",
                    "body_en": "<p>Free delivery over ¥199 · 7-day returns</p>"})  # fmt: skip
                services.page_submit(actor=art, page=page, message="演示：页头改版")
                self._approve(page, checker)
            made += 1
        if not Page.objects.filter(slug="spring-festival").exists():
            with transaction.atomic():
                go_live = timezone.now() + datetime.timedelta(days=30)
                page = services.page_create(actor=art, kind="topic", slug="spring-festival", data={
                    "title": "春节年货节", "title_en": "Spring Festival sale",
                    "seo_title": "春节年货节 - 专题", "seo_description": "年货好物，满减包邮",
                    "blocks": [
                        {"type": "richtext", "html": "<p>年货好物一站购齐，满199元包邮。</p>"},
                        {"type": "countdown", "until": (go_live + datetime.timedelta(days=10))
                         .isoformat(), "label": "距活动结束"},
                        {"type": "product_grid", "title": "年货精选", "tag": "nianhuo", "sort": "sales", "limit": 8},
                        {"type": "signup", "title": "报名年货节品鉴会", "button": "立即报名"},
                    ]})  # fmt: skip
                services.page_submit(actor=art, page=page, publish_at=go_live,
                                     message="演示：春节专题")  # fmt: skip
                self._approve(page, planner, checker)
                release = releases.release_create(actor=checker, name="春节年货节上线")
                releases.release_add_page(actor=checker, release=release, page=page)
                slogan = Slogan.objects.filter(code="quality").first()
                if slogan is not None:
                    releases.release_add_slogan(actor=checker, release=release, slogan=slogan,
                                                text="春节不打烊，正品保障自营仓发货",
                                                text_en="Open over the Spring Festival, genuine goods")  # fmt: skip
                releases.release_schedule(actor=checker, release=release, publish_at=go_live)
            made += 1
        invoice = Page.objects.filter(slug="invoice").first()
        if invoice is not None and not PreviewLink.objects.filter(page=invoice).exists():
            previews.link_create(actor=writer, page=invoice, hours=72, note="客服部审阅")
        return made

    def _approve(self, page, *people):
        from siteops.approvals.services import approval_approve

        approval = services.pending_approval(page)
        for person in people:
            approval_approve(actor=person, approval=approval, comment="演示：同意")
