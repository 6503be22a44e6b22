"""Demo of the points area: Website Sales' request, a set-up and approved project, shop
customers as members, a rule, a batch generated, audited by a second person and issued.
Idempotent: a second run finds the project and does nothing. Runs after load_shop_demo
(it reads the demo's delivered orders, never writes orders)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.org.models import User

from ... import services
from ...models import Project

CODE = "JF2026"


@transaction.atomic
def load_loyalty_demo() -> str:
    if Project.objects.filter(code=CODE).exists():
        return "up to date"
    people = {u.username: u for u in User.objects.filter(
        username__in=["sales", "process_editor", "leader", "chief_editor", "manager"])}  # fmt: skip
    if len(people) < 5:
        return "skipped (load_demo's people are missing)"
    from siteops.approvals.services import approval_approve

    today = timezone.localdate()
    prc = people["process_editor"]
    project = services.project_request(
        actor=people["sales"], code=CODE, name="2026 会员积分计划",
        note="老客户复购激励：每消费 1 元得 1 积分，首单额外奖励 100 积分，双周活动期间积分翻倍。",
    )  # fmt: skip
    services.project_setup(actor=prc, project=project, data={
        "name": "2026 会员积分计划", "sponsor": "网站销售部 尤销售",
        "starts_on": today - datetime.timedelta(days=30),
        "ends_on": today + datetime.timedelta(days=335),
        "budget_points": 500_000, "point_value": "0.01", "pending_days": 7,
        "redeem_allowed": True, "valid_days": 365, "warn_days": 30,
    })  # fmt: skip
    services.rule_add(actor=prc, project=project, data={
        "effective_from": today - datetime.timedelta(days=30), "points_per_yuan": "1",
        "first_order_points": 100, "multiplier": "2",
        "multiplier_from": today - datetime.timedelta(days=3), "multiplier_to": today,
        "monthly_cap": 5000, "note": "项目启动规则（双周活动积分翻倍）",
    })  # fmt: skip
    approval = services.project_submit(actor=prc, project=project, message="请审批积分项目设置")
    approval_approve(actor=people["leader"], approval=approval, comment="同意")
    project.refresh_from_db()
    services.project_activate(actor=prc, project=project)
    customers = User.objects.filter(is_staff=False, is_superuser=False,
                                    username__startswith="customer").order_by("pk")  # fmt: skip
    services.members_import(actor=prc, project=project, records=[
        (i, {"customer": u.username}) for i, u in enumerate(customers, 1)])  # fmt: skip
    batch, _created = services.batch_generate(
        actor=prc, project=project, start=today - datetime.timedelta(days=30), end=today
    )
    if batch.line_count:
        approval = services.batch_submit(actor=prc, batch=batch, message="本期积分请审核")
        approval_approve(actor=people["chief_editor"], approval=approval, comment="核对无误")
        batch.refresh_from_db()
        services.batch_issue(actor=prc, batch=batch)
    first = project.members.select_related("project").order_by("pk").first()
    if first is not None:
        # A manual adjustment, asked for with a reason and approved by the manager.
        from ...ledger import adjustment_request

        adj = adjustment_request(actor=prc, member=first, points=200,
                                 reason="客服补偿：快递延误三天")  # fmt: skip
        approval_approve(actor=people["manager"], approval=adj_approval(adj), comment="同意补偿")
    return f"project {CODE}: {project.members.count()} members, {batch.total_points} points issued"


def adj_approval(adj):
    from siteops.approvals.models import Approval

    return Approval.objects.get(kind="loyalty.adjustment", object_id=adj.pk)


class Command(BaseCommand):
    help = "Load the points demo (a project, members, a rule, an issued batch). Idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"loyalty demo: {load_loyalty_demo()}")
