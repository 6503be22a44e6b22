"""Load the demo company: one person per position, a vacancy with acting cover, one without.

Idempotent. The demo password is generated once (var/demo-password.txt) and printed; it never
appears in settings or code.
"""

import datetime
import io
import secrets
import time

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from siteops.org.choices import AssignmentKind
from siteops.org.models import Department, Position, PositionAssignment, User
from siteops.org.tokens import issue_token

# Each domain's demo data, in dependency order; a domain that is not installed is skipped.
DOMAIN_LOADERS = [
    "load_work_demo",
    "load_catalog_demo",
    "load_merch_demo",
    "load_shop_demo",
    "load_ops_demo",
    "load_content_demo",
    "load_loyalty_demo",
    "load_people_demo",
    "load_vendors_demo",
    "load_infra_demo",
    "load_compliance_demo",
    "load_campaigns_demo",
    "load_site_report_demo",
]

# What the summary counts: (app label, model, Chinese words). A missing app is left out.
SUMMARY = [
    ("catalog", "Product", "件商品"), ("catalog", "ProductImage", "张商品图片"),
    ("merch", "Ad", "个广告"), ("orders", "Order", "个订单"), ("work", "WorkItem", "项工作"),
    ("content", "Page", "个页面"), ("campaigns", "Campaign", "个活动"),
    ("vendors", "Requirement", "项需求"), ("infra", "Asset", "项IT资产"),
    ("compliance", "Licence", "项资质"),
]  # fmt: skip


def demo_counts() -> dict[str, int]:
    """How many of each kind of thing the demo holds (for the summary and the idempotency test)."""
    out = {}
    for app, model, words in SUMMARY:
        try:
            out[words] = apps.get_model(app, model).objects.count()
        except LookupError:
            continue
    return out


# username, display name, position (None: no position), kind
PEOPLE = [
    ("leader", "王总", "LEAD"),
    ("manager", "李经理", "MGR"),
    ("chief_editor", "张总编", "CE"),
    ("planning_lead", "赵策划", "PLN"),
    ("dev_lead", "孙程序", "DEV"),
    ("product_editor", "周商品", "PED"),
    ("product_editor2", "吴商品", "PED"),
    ("copy_editor", "郑文案", "CPY"),
    ("process_editor", "冯流程", "PRC"),
    ("activity_planner", "陈活动", "ACT"),
    ("promotion", "褚推广", "PRM"),
    ("module_dev", "卫开发", "MOD"),
    ("maintainer", "蒋维护", "MNT"),
    ("purchasing_lead", "沈采购", "PUR-MGR"),
    ("purchasing", "韩采集", "PUR-COL"),
    ("warehouse", "杨仓储", "WH-STK"),
    ("logistics", "朱物流", "LOG-DSP"),
    ("service", "秦客服", "CS-AGT"),
    ("sales", "尤销售", "SAL-PRJ"),
    ("hr", "许人事", "HR-ADM"),
]
# ART (美工编辑) is vacant with the product editor acting (PED-09);
# PUR-CAT (商品分类规划) is vacant with no acting assignment: the manager covers it (MGR-21).


def demo_password() -> str:
    path = settings.VAR_DIR / "demo-password.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


@transaction.atomic
def load_demo(password: str) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=180)
    positions = {p.code: p for p in Position.objects.all()}
    admin_user = User.objects.filter(username="admin").first()
    if admin_user is None:
        admin_user = User.objects.create_superuser("admin", "admin@example.com", password,
                                                   display_name="系统管理员")  # fmt: skip
    rows = [("admin", "系统管理员", "superuser")]
    for username, name, code in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@example.com", password, display_name=name, is_staff=True
            )
        position = positions[code]
        if not PositionAssignment.objects.filter(user=user, position=position).exists():
            PositionAssignment.objects.create(
                user=user, position=position, kind=AssignmentKind.HOLDER, start=start,
                reason="演示数据", created_by=admin_user,
            )  # fmt: skip
        rows.append((username, name, position.name_zh))
    editor = User.objects.get(username="product_editor")
    if not PositionAssignment.objects.filter(user=editor, position=positions["ART"]).exists():
        PositionAssignment.objects.create(
            user=editor, position=positions["ART"], kind=AssignmentKind.ACTING,
            start=today - datetime.timedelta(days=14), end=today + datetime.timedelta(days=30),
            reason="美工编辑岗位空缺，商品编辑临时替代（PED-09）", created_by=admin_user, created_position_code="MGR",
        )  # fmt: skip
    rows.append(("product_editor", "周商品", "美工编辑（代理）"))
    customer = User.objects.filter(username="customer").first()
    if customer is None:
        User.objects.create_user("customer", "customer@example.com", password,
                                 display_name="顾客小明")  # fmt: skip
    rows.append(("customer", "顾客小明", "商城顾客 (no position)"))
    return rows


class Command(BaseCommand):
    help = "Load the demo company (people, positions, a vacancy with acting cover). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=0,
            help="load only the first N demo products (tests); all by default",
        )  # fmt: skip

    def handle(self, *args, **options):
        # The demo's notifications would each print a whole email on the console backend while
        # loading (hundreds of lines before the logins): collect them quietly instead. Serving
        # (run-all) keeps the configured backend, so mail sent while using the demo still shows.
        quiet = {alias: {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
                 for alias in (getattr(settings, "MAILERS", None) or {"default": {}})}  # fmt: skip
        outbox = getattr(mail, "outbox", None)
        with override_settings(MAILERS=quiet):
            mail.outbox = []
            try:
                self._load(*args, **options)
                held = len(mail.outbox)
            finally:
                if outbox is None:
                    del mail.outbox
                else:
                    mail.outbox = outbox
        if held and options["verbosity"] > 1:
            self.stdout.write(f"({held} demo notification emails held back while loading)\n")

    def _load(self, *args, **options):
        started = time.monotonic()
        call_command("load_org", verbosity=0)
        password = demo_password()
        rows = load_demo(password)
        tokens_file = settings.VAR_DIR / "demo-api-tokens.txt"
        if not tokens_file.exists():
            lines = []
            for dept, pos, name in [("PUR", "PUR-COL", "采购系统"), ("WH", "WH-STK", "仓储系统"),
                                    ("LOG", "LOG-DSP", "物流系统"), ("CS", "CS-AGT", "客服系统")]:  # fmt: skip
                _client, token = issue_token(
                    name=name, department=Department.objects.get(code=dept),
                    position=Position.objects.get(code=pos),
                )  # fmt: skip
                lines.append(f"  {name:<8} {token}")
            tokens_file.write_text("\n".join(lines) + "\n")
            tokens_file.chmod(0o600)
        available = get_commands()
        verbose = options["verbosity"] > 1
        for name in DOMAIN_LOADERS:
            if name not in available:
                continue
            # Each area's own report only with -v 2: by default one summary line says it all.
            kwargs = {}
            if options["products"]:  # a small demo (tests): a few products, two weeks of orders
                kwargs = {"load_catalog_demo": {"products": options["products"]},
                          "load_shop_demo": {"days": 14}}.get(name, {})  # fmt: skip
            out = self.stdout if verbose else io.StringIO()
            call_command(name, verbosity=options["verbosity"], stdout=out, **kwargs)
        took = time.monotonic() - started
        counts = "，".join(f"{n} {words}" for words, n in demo_counts().items())
        text = [f"Demo loaded in {took:.0f} s: {counts}"]
        text += [f"Demo logins (password for all: {password}):"]
        text += [f"  {u:<18} {n:<6} {p}" for u, n, p in rows]
        text += ["API tokens (Authorization: Bearer …):", tokens_file.read_text().rstrip()]
        out = "\n".join(text) + "\n"
        (settings.VAR_DIR / "demo-logins.txt").write_text(out)
        self.stdout.write(out)
