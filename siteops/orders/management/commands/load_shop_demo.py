"""Shop demo data (idempotent): a few customers with addresses and ~30 orders in every state of
the lifecycle, all made through the order services so each has its event timeline.

Runs after the catalogue demo (``siteops load-demo`` calls it); the customers log in with the
demo password (var/demo-password.txt).
"""

from __future__ import annotations

import random

from django.core.management.base import BaseCommand

from siteops.catalog.selectors import shop_skus
from siteops.orders import services
from siteops.orders.choices import OrderParty, OrderStatus
from siteops.orders.models import Address, Order
from siteops.org.models import User

S = OrderStatus
CUSTOMERS = [
    ("customer", "顾客小明", "上海市", "上海市", "浦东新区", "张江路88号"),
    ("customer_li", "李女士", "北京市", "北京市", "朝阳区", "建国路1号"),
    ("customer_wang", "王先生", "广东省", "深圳市", "南山区", "科技园南路6号"),
    ("customer_zhao", "赵同学", "浙江省", "杭州市", "西湖区", "文三路199号"),
    ("customer_chen", "陈阿姨", "四川省", "成都市", "武侯区", "天府大道北段12号"),
]
# Each path is walked from the order's first status; (to, source).
PATHS = {
    "pending": [],
    "paid": [(S.PAID, OrderParty.STAFF)],
    "cod": [],
    "batched": [(S.BATCHED, OrderParty.STAFF)],
    "shipped": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS)],
    "delivered": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS),
                  (S.DELIVERED, OrderParty.LOGISTICS)],
    "completed": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS),
                  (S.DELIVERED, OrderParty.LOGISTICS), (S.COMPLETED, OrderParty.SYSTEM)],
    "failed": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS),
               (S.DELIVERY_FAILED, OrderParty.LOGISTICS)],
    "cancelled": [(S.CANCELLED, OrderParty.CUSTOMER)],
    "return_requested": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS),
                         (S.DELIVERED, OrderParty.LOGISTICS),
                         (S.RETURN_REQUESTED, OrderParty.CUSTOMER)],
    "refunded": [(S.BATCHED, OrderParty.STAFF), (S.SHIPPED, OrderParty.LOGISTICS),
                 (S.DELIVERED, OrderParty.LOGISTICS), (S.RETURN_REQUESTED, OrderParty.CUSTOMER),
                 (S.RETURNED, OrderParty.CUSTOMER_SERVICE),
                 (S.REFUNDED, OrderParty.CUSTOMER_SERVICE)],
}  # fmt: skip
# (path, payment) × count — about 30 orders.
PLAN = [
    ("pending", "bank_transfer", 3), ("paid", "bank_transfer", 4), ("cod", "cod", 5),
    ("batched", "cod", 3), ("shipped", "bank_transfer", 3), ("delivered", "cod", 2),
    ("completed", "cod", 3), ("failed", "cod", 1), ("cancelled", "cod", 2),
    ("cancelled", "bank_transfer", 1), ("return_requested", "cod", 1),
    ("refunded", "bank_transfer", 2),
]  # fmt: skip
UTM = [("", "", "", ""), ("wechat", "social", "双11预热", ""), ("baidu", "cpc", "品牌词", ""),
       ("", "", "", "kol-xiaohongshu"), ("douyin", "video", "直播带货", "")]  # fmt: skip


def load_shop_demo(password: str | None) -> int:
    customers = []
    for username, name, province, city, district, line in CUSTOMERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.com", password,
                                            display_name=name)  # fmt: skip
        if not Address.objects.filter(customer=user).exists():
            services.address_save(actor=user, data={
                "recipient": name, "phone": "138" + f"{abs(hash(username)) % 10**8:08d}",
                "province": province, "city": city, "district": district, "line": line,
            })  # fmt: skip
        customers.append(user)
    if Order.objects.filter(customer__in=customers).exists():
        return 0  # already loaded
    staff = User.objects.filter(username="process_editor").first()
    if staff is None:
        staff = User.objects.filter(is_superuser=True).first()
    rng = random.Random(5)
    skus = list(
        shop_skus().filter(stock_on_hand__gte=20).order_by("pk").values_list("pk", flat=True)[:80]
    )
    if not skus:
        return 0
    made = 0
    for path, payment, count in PLAN:
        for _ in range(count):
            user = customers[made % len(customers)]
            items = {pk: rng.randint(1, 2) for pk in rng.sample(skus, rng.randint(1, 3))}
            source, medium, campaign, ref = UTM[made % len(UTM)]
            try:
                order = services.order_place(
                    customer=user, items=items, address=user.addresses.first(),
                    delivery_method=rng.choice(["standard", "standard", "express"]),
                    payment_method=payment,
                    utm=services.Utm(source=source, medium=medium, campaign=campaign, ref=ref),
                )  # fmt: skip
            except services.DomainError:
                continue
            steps = PATHS[path]
            if payment == "cod" and steps and steps[0][0] == S.PAID:
                steps = steps[1:]
            if payment == "bank_transfer" and steps and steps[0][0] == S.BATCHED:
                steps = [(S.PAID, OrderParty.STAFF), *steps]
            for to, src in steps:
                actor = (staff if src == OrderParty.STAFF
                         else user if src == OrderParty.CUSTOMER else None)  # fmt: skip
                if (
                    src == OrderParty.STAFF
                    and actor is not None
                    and not actor.has_perm("orders.change_order_status")
                ):
                    src, actor = OrderParty.SYSTEM, None
                services.order_transition(actor=actor, order=order, to=to, source=src,
                                          note="演示数据")  # fmt: skip
            made += 1
    return made


class Command(BaseCommand):
    help = "Load shop demo customers and ~30 orders in every state (idempotent)."

    def handle(self, *args, **options):
        try:
            from siteops.org.management.commands.load_demo import demo_password

            password = demo_password()
        except ImportError:  # pragma: no cover
            password = None
        made = load_shop_demo(password)
        self.stdout.write(f"shop demo: {made} orders created" if made else "shop demo: up to date")
