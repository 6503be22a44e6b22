"""Demo work for the demo company (idempotent): schedules, rules and a few live items so the
workbench is not empty — a leadership task split down, a request from Purchasing awaiting
review, an overdue item, an escalated one, work of a vacant post, a wait on Warehouse."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.org.models import Department, User
from siteops.work import services
from siteops.work.models import WorkItem
from siteops.work.seed import seed_rules, seed_schedules

MARK = "【演示】"


class Command(BaseCommand):
    help = "Load the work module's demo schedules, rules and items (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        schedules, rules = seed_schedules(), seed_rules()
        users = {u.username: u for u in User.objects.all()}
        need = ["leader", "manager", "chief_editor", "product_editor", "purchasing", "copy_editor"]
        if any(n not in users for n in need):
            self.stdout.write("work demo: people missing (run load-demo); schedules and rules only")
            return
        if WorkItem.objects.filter(title__startswith=MARK).exists():
            self.stdout.write("work demo: already loaded")
            return
        today = timezone.localdate()
        d = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
        u = users
        # A leadership task, split by the manager to the chief editor and the planning lead,
        # and by the chief editor to the product editor.
        big = services.item_create(
            actor=u["leader"], position="MGR", source="leadership", priority="high", due=d(14),
            title=f"{MARK}双十二大促筹备", description="<p>12 月 12 日大促：商品、页面、活动全部就绪。</p>",
        )  # fmt: skip
        ce_part = services.item_split(
            actor=u["manager"],
            item=big,
            position="CE",
            title=f"{MARK}大促商品与页面准备",
            due=d(10),
        )
        services.item_split(
            actor=u["manager"], item=big, position="PLN", title=f"{MARK}大促活动方案", due=d(7)
        )
        ped_part = services.item_split(
            actor=u["chief_editor"], item=ce_part, position="PED",
            title=f"{MARK}上架 30 款大促商品", due=d(8),
        )  # fmt: skip
        services.item_start(actor=u["product_editor"], item=ped_part)
        # A request from Purchasing awaiting the manager's review.
        services.item_create(
            actor=u["purchasing"], position="MGR", source="other_department",
            requester=u["purchasing"], requester_department=Department.objects.get(code="PUR"),
            title=f"{MARK}冬季电热水壶 12 款新品上架", due=d(5),
            description="<p>商品资料见附件表格，请安排上架。</p>",
        )  # fmt: skip
        # An overdue item.
        services.item_create(
            actor=u["chief_editor"], position="PED", source="lead", due=d(-3),
            title=f"{MARK}更新冬装类目商品主图",
        )  # fmt: skip
        # An escalated one: the copy editor cannot get the manuals.
        esc = services.item_create(
            actor=u["chief_editor"], position="CPY", source="lead", due=d(2),
            title=f"{MARK}编写小家电使用说明文案",
        )  # fmt: skip
        services.item_escalate(
            actor=u["copy_editor"], item=esc, reason="供应商一直未提供说明书，需要总编协调采购部。"
        )
        # Work of the vacant art editor's post (the product editor acts for it).
        services.item_create(
            actor=u["chief_editor"], position="ART", source="lead", due=d(4),
            title=f"{MARK}双十二首页横幅设计",
        )  # fmt: skip
        # Waiting on Warehouse.
        wait = services.item_create(
            actor=u["manager"], position="CE", source="manager", due=d(6),
            title=f"{MARK}核对大促商品库存",
        )  # fmt: skip
        services.item_hand_off(
            actor=u["chief_editor"],
            item=wait,
            position="WH-STK",
            message="请提供 30 款商品的可售库存。",
        )
        self.stdout.write(
            f"work demo: {schedules} schedules, {rules} rules, "
            f"{WorkItem.objects.filter(title__startswith=MARK).count()} items"
        )
