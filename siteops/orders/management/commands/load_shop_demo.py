"""Shop demo data (idempotent): customers with addresses, ~30 live orders in every state of the
lifecycle, and the last 90 days' order history (mostly completed, some cancelled or refunded,
busier at weekends and around 双十一) so the reports and the dashboard draw real curves. All are
made through the order services, so each order has its event timeline.

Runs after the catalogue demo (``siteops load-demo`` calls it); the customers log in with the
demo password (var/demo-password.txt).
"""

from __future__ import annotations

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.catalog.selectors import shop_skus
from siteops.orders import services
from siteops.orders.choices import OrderParty, OrderStatus
from siteops.orders.models import Address, Order, OrderEvent
from siteops.org.models import User

S = OrderStatus
CUSTOMERS = [
    ("customer", "顾客小明", "上海市", "上海市", "浦东新区", "张江路88号"),
    ("customer_li", "李女士", "北京市", "北京市", "朝阳区", "建国路1号"),
    ("customer_wang", "王先生", "广东省", "深圳市", "南山区", "科技园南路6号"),
    ("customer_zhao", "赵同学", "浙江省", "杭州市", "西湖区", "文三路199号"),
    ("customer_chen", "陈阿姨", "四川省", "成都市", "武侯区", "天府大道北段12号"),
]
# Customers of the order history (with the ones above: repeat buyers and first-time ones).
HISTORY_CUSTOMERS = [
    ("customer_liu", "刘先生", "江苏省", "南京市", "鼓楼区", "中山路100号"),
    ("customer_huang", "黄女士", "湖北省", "武汉市", "洪山区", "珞喻路1037号"),
    ("customer_zhou", "周同学", "陕西省", "西安市", "雁塔区", "长安南路33号"),
    ("customer_wu", "吴阿姨", "山东省", "青岛市", "市南区", "香港中路8号"),
    ("customer_xu", "徐先生", "福建省", "厦门市", "思明区", "鹭江道2号"),
    ("customer_sun", "孙女士", "湖南省", "长沙市", "岳麓区", "麓山南路932号"),
    ("customer_ma", "马先生", "天津市", "天津市", "和平区", "南京路189号"),
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


def _customers(password, rows) -> list:
    customers = []
    for username, name, province, city, district, line in rows:
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
    return customers


def load_shop_demo(password: str | None) -> int:
    customers = _customers(password, CUSTOMERS)
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


# The history's outcomes: most orders completed, some cancelled, a few returned and refunded.
HISTORY_OUTCOMES = ["completed"] * 14 + ["cancelled"] * 2 + ["refunded"]


def orders_per_day(day: datetime.date, rng: random.Random) -> int:
    """A believable day: more at weekends, a peak around 11 November, a build-up to 12 December."""
    n = rng.randint(1, 2) + (1 if day.weekday() >= 5 else 0)
    if day.month == 11 and 9 <= day.day <= 12:
        n += 6 if day.day == 11 else 3
    if day.month == 12 and 5 <= day.day <= 12:
        n += 1
    return n


def load_order_history(password: str | None, days: int = 90) -> int:
    """Orders of the past ``days`` days (not today), finished as most orders finish; loads once."""
    customers = _customers(password, CUSTOMERS) + _customers(password, HISTORY_CUSTOMERS)
    today = timezone.localdate()
    if Order.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=1)).exists():
        return 0  # already loaded
    staff = User.objects.filter(username="process_editor").first()
    if staff is not None and not staff.has_perm("orders.change_order_status"):
        staff = None
    rng = random.Random(90)
    skus = list(
        shop_skus().filter(stock_on_hand__gte=60).order_by("pk").values_list("pk", flat=True)[:150]
    )
    if not skus:
        return 0
    tz = timezone.get_current_timezone()
    made = 0
    for back in range(days, 0, -1):
        day = today - datetime.timedelta(days=back)
        with transaction.atomic():
            for _ in range(orders_per_day(day, rng)):
                user = rng.choice(customers)
                payment = rng.choice(["cod", "cod", "bank_transfer"])
                outcome = rng.choice(HISTORY_OUTCOMES)
                source, medium, campaign, ref = rng.choice(UTM)
                try:
                    order = services.order_place(
                        customer=user, items={pk: 1 for pk in rng.sample(skus, rng.randint(1, 2))},
                        address=user.addresses.first(), delivery_method=rng.choice(["standard", "express"]),
                        payment_method=payment,
                        utm=services.Utm(source=source, medium=medium, campaign=campaign, ref=ref),
                    )  # fmt: skip
                except services.DomainError:
                    continue
                steps = list(PATHS[outcome])
                if payment == "bank_transfer" and outcome != "cancelled":
                    steps = [(S.PAID, OrderParty.STAFF), *steps]
                for to, src in steps:
                    actor = (
                        staff
                        if src == OrderParty.STAFF
                        else user
                        if src == OrderParty.CUSTOMER
                        else None
                    )
                    if src == OrderParty.STAFF and actor is None:
                        src = OrderParty.SYSTEM
                    services.order_transition(
                        actor=actor, order=order, to=to, source=src, note="演示数据"
                    )
                # Back to the day it happened: placed during the day, each step a little later.
                placed = datetime.datetime.combine(
                    day, datetime.time(rng.randint(8, 22), rng.randint(0, 59)), tz
                )
                events = list(
                    OrderEvent.objects.filter(order=order)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                for i, pk in enumerate(events):
                    OrderEvent.objects.filter(pk=pk).update(
                        at=placed + datetime.timedelta(hours=20 * i)
                    )
                Order.objects.filter(pk=order.pk).update(
                    created_at=placed, number=f"{day:%Y%m%d}-{order.pk:06d}",
                    status_changed_at=placed + datetime.timedelta(hours=20 * max(0, len(events) - 1)),
                )  # fmt: skip
                made += 1
    return made


class Command(BaseCommand):
    help = "Load shop demo customers and ~30 orders in every state (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="days of order history")

    def handle(self, *args, **options):
        try:
            from siteops.org.management.commands.load_demo import demo_password

            password = demo_password()
        except ImportError:  # pragma: no cover
            password = None
        made = load_shop_demo(password)
        history = load_order_history(password, days=options["days"])
        if options["verbosity"]:
            self.stdout.write(
                f"shop: {made} live orders and {history} orders of the last {options['days']} days created"
                if made or history
                else "shop: orders up to date"
            )
