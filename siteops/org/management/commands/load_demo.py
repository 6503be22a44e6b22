"""Load the demo company: one person per position, a vacancy with acting cover, one without.

Idempotent. The demo password is generated once (var/demo-password.txt) and printed; it never
appears in settings or code.
"""

import datetime
import secrets

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
        for name in DOMAIN_LOADERS:
            if name in available:
                call_command(name, verbosity=options["verbosity"])
        text = [f"Demo logins (password for all: {password}):"]
        text += [f"  {u:<18} {n:<6} {p}" for u, n, p in rows]
        text += ["API tokens (Authorization: Bearer …):", tokens_file.read_text().rstrip()]
        out = "\n".join(text) + "\n"
        (settings.VAR_DIR / "demo-logins.txt").write_text(out)
        self.stdout.write(out)
