"""Demo work for the demo company (idempotent): schedules, rules and live items in every state so
every position's workbench has something to do on first login — a leadership task split down,
requests from other departments (one awaiting review, one in review, one returned), overdue
items, escalations, work of a vacant post, waits on Warehouse, Logistics and Customer Service,
work done and work cancelled. Each item is made once (found again by its title)."""

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
        need = ["leader", "manager", "chief_editor", "product_editor", "purchasing", "copy_editor",
                "logistics", "service", "process_editor", "maintainer", "dev_lead", "module_dev",
                "activity_planner", "planning_lead"]  # fmt: skip
        if any(n not in users for n in need):
            self.stdout.write("work demo: people missing (run load-demo); schedules and rules only")
            return
        before = WorkItem.objects.filter(title__startswith=MARK).count()
        if not WorkItem.objects.filter(title=f"{MARK}双十二大促筹备").exists():
            self._first(users)
        self._more(users)
        if options["verbosity"]:
            made = WorkItem.objects.filter(title__startswith=MARK).count() - before
            self.stdout.write(f"work: {schedules} schedules, {rules} rules, {made} new items")

    def _first(self, users):
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

    def _more(self, users):
        """Work in the states the first set lacks, and something for every position's holder."""
        today = timezone.localdate()
        d = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
        u = users

        def once(title, make):
            if not WorkItem.objects.filter(title=f"{MARK}{title}").exists():
                make(f"{MARK}{title}")

        def request(title, who, dept, **kw):
            return services.item_create(
                actor=u[who], position="MGR", source="other_department", requester=u[who],
                requester_department=Department.objects.get(code=dept), title=title, **kw,
            )  # fmt: skip

        def task(title, by, position, due, source="lead", **kw):
            return services.item_create(
                actor=u[by], position=position, source=source, due=d(due), title=title, **kw
            )

        # Requests from other departments: one in the manager's review, one returned.
        once("物流部：年终大促发货截单时间确认", lambda t: services.item_start_review(
            actor=u["manager"], item=request(t, "logistics", "LOG", due=d(3),
                                             description="<p>请确认 12 月 10 日至 12 日的截单时间。</p>")))  # fmt: skip
        once("客服部：退换货页面增加运费说明", lambda t: services.item_return(
            actor=u["manager"], item=request(t, "service", "CS", due=d(10)),
            reason="请附上顾客常问的三个运费问题，我们据此写说明。"))  # fmt: skip
        # Done and cancelled work (the history of the last weeks).
        once("十一月商品销售月报", lambda t: services.item_complete(
            actor=u["process_editor"], item=task(t, "manager", "PRC", -5, source="manager"),
            comment="已发送部门经理和总编。"))  # fmt: skip
        once("双十一首页改版上线", lambda t: services.item_complete(
            actor=u["product_editor"], item=task(t, "chief_editor", "PED", -25),
            comment="按时上线。"))  # fmt: skip
        once("圣诞节专题页（取消）", lambda t: services.item_cancel(
            actor=u["chief_editor"], item=task(t, "chief_editor", "CPY", 12),
            reason="并入年终大促专题，不再单独制作。"))  # fmt: skip
        # Overdue work.
        once(
            "核对十一月退货订单",
            lambda t: task(t, "manager", "PRC", -2, source="manager", priority="high"),
        )
        once("年货节商品卖点文案", lambda t: task(t, "chief_editor", "CPY", -1))
        once("修复商品详情页图片加载慢", lambda t: services.item_start(
            actor=u["maintainer"], item=task(t, "dev_lead", "MNT", -4, priority="high")))  # fmt: skip
        # A second escalation: the activity planner needs a budget decision.
        once("年货节满减活动预算", lambda t: services.item_escalate(
            actor=u["activity_planner"], item=task(t, "planning_lead", "ACT", 3),
            reason="满减力度超出策划预算，需要经理决定。"))  # fmt: skip
        # Something for every other position of the department.
        once("审阅年终大促总体方案", lambda t: task(t, "manager", "LEAD", 2, source="manager"))
        once("评审商城改版需求文档", lambda t: task(t, "manager", "DEV", 5, source="manager"))
        once("积分兑换模块接口开发", lambda t: services.item_start(
            actor=u["module_dev"], item=task(t, "dev_lead", "MOD", 9)))  # fmt: skip
        once("小红书达人推广排期", lambda t: task(t, "planning_lead", "PRM", 4))
        once("双十二秒杀场次安排", lambda t: task(t, "planning_lead", "ACT", 2, priority="high"))
        # Waits on other departments: Logistics, Customer Service, Sales, HR, Purchasing's lead.
        for title, position, who, message in [
            ("大促期间快递揽收加班安排", "LOG-DSP", "process_editor", "请确认 12 月 11 日至 13 日的揽收车次。"),
            ("整理十一月退货原因", "CS-AGT", "process_editor", "请按商品汇总 11 月的退货原因。"),
            ("企业团购报价单", "SAL-PRJ", "manager", "请提供三家企业客户的年货团购需求。"),
            ("美工编辑岗位招聘", "HR-ADM", "manager", "美工编辑岗位空缺，请发布招聘。"),
            ("年货节选品清单", "PUR-MGR", "chief_editor", "请在周五前确认年货节的 40 款商品。"),
        ]:  # fmt: skip
            owner = {"process_editor": "PRC", "manager": "MGR", "chief_editor": "CE"}[who]
            once(title, lambda t, p=position, w=who, m=message, o=owner: services.item_hand_off(
                actor=u[w], item=task(t, w, o, 6, source="self"), position=p, message=m))  # fmt: skip
