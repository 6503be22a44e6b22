"""Demo vendors and testing (idempotent): a need from Customer Service turned into baselined
requirements and a technical document, a vendor project with milestones, a baseline and a slip,
a test run with a failed case and the defect it raised, and a development request."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.org.models import Department, User
from siteops.vendors import services
from siteops.vendors.choices import CaseStatus, DevKind, ExecutionStatus, PlanKind
from siteops.vendors.models import TestPlan, Vendor, VendorProject

CODE = "SHOP-V2"


class Command(BaseCommand):
    help = "Load the vendors-and-testing demo (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(
            username__in=["manager", "service", "dev_lead", "maintainer"])}  # fmt: skip
        if len(users) < 4:
            self.stdout.write("vendors demo: people missing (run load-demo first)")
            return
        if VendorProject.objects.filter(code=CODE).exists():
            self._portal(VendorProject.objects.get(code=CODE), users)
            self.stdout.write("vendors demo: already loaded")
            return
        mgr, cs = users["manager"], users["service"]
        today = timezone.localdate()
        d = lambda n: today + datetime.timedelta(days=n)  # noqa: E731

        dept = Department.objects.get(code="CS")
        need = services.need_submit(
            actor=cs, department=dept, title="订单页显示物流轨迹",
            problem="客户频繁来电询问包裹位置，客服需要到物流系统逐个查询。",
            value="预计减少 30% 的物流咨询电话。", urgency="high",
        )  # fmt: skip
        services.need_accept(actor=mgr, need=need)
        dup = services.need_submit(
            actor=cs, department=dept, title="客户想在订单里看到快递到哪了",
            problem="同上，客户希望自助查询。", urgency="normal",
        )  # fmt: skip
        services.need_merge(actor=mgr, need=dup, into=need)

        vendor, _ = Vendor.objects.get_or_create(
            name="杭州云码科技有限公司",
            defaults={"contact_name": "钱工", "contact_phone": "0571-88886666",
                      "contact_email": "qian@yunma.example.com", "contract_no": "KF-2026-018"},
        )  # fmt: skip
        project = VendorProject.objects.create(
            vendor=vendor, code=CODE, name="商城二期：订单与物流", slip_threshold_days=5
        )
        reqs = []
        for code, title, statement, section in [
            ("REQ-001", "订单详情显示物流轨迹", "订单详情页按时间倒序显示物流节点（时间、地点、状态）。", "screens"),
            ("REQ-002", "物流接口对接", "每 30 分钟从物流系统拉取已发货订单的轨迹，失败重试三次。", "interfaces"),
            ("REQ-003", "轨迹页面响应时间", "订单详情页在 95% 的请求中 1 秒内打开。", "non_functional"),
        ]:  # fmt: skip
            r = services.requirement_create(
                actor=mgr, project=project, code=code, title=title, statement=statement,
                acceptance_criteria="测试用例全部通过", priority="high", section=section, need=need,
            )  # fmt: skip
            services.requirement_review(actor=mgr, requirement=r)
            services.requirement_baseline(actor=mgr, requirement=r)
            reqs.append(r)
        services.document_issue(actor=mgr, project=project, note="首版，基于三条基线需求。")

        m1 = services.milestone_create(
            actor=mgr, project=project, code="M1", title="物流接口联调", deliverable="接口程序与联调报告",
            planned_date=d(-10), payment_share=Decimal("30"), requirements=[reqs[1]],
        )  # fmt: skip
        m2 = services.milestone_create(
            actor=mgr, project=project, code="M2", title="订单页上线", deliverable="订单详情页改版",
            planned_date=d(20), payment_share=Decimal("70"), requirements=[reqs[0], reqs[2]],
        )  # fmt: skip
        services.baseline_take(actor=mgr, project=project, name="合同基线")
        services.milestone_forecast(
            actor=mgr, milestone=m2, new_date=d(24), reason="供应商反馈：物流方接口文档延迟交付。",
            progress=40,
        )  # fmt: skip

        plan = TestPlan.objects.create(
            project=project, name="订单物流黑盒测试", kind=PlanKind.BLACK_BOX, build="2.0.0-rc1",
            entry_criteria="供应商提交测试版本与部署说明", exit_criteria="全部用例通过，无严重或主要缺陷",
        )  # fmt: skip
        c1 = services.case_create(
            actor=mgr, plan=plan, title="已发货订单显示物流节点", status=CaseStatus.CONFIRMED,
            steps="1. 登录\n2. 打开已发货订单", expected="显示至少一个物流节点，按时间倒序",
            requirements=[reqs[0]],
        )  # fmt: skip
        c2 = services.case_create(
            actor=mgr, plan=plan, title="物流接口失败重试", status=CaseStatus.CONFIRMED,
            steps="1. 断开物流接口\n2. 等待同步任务", expected="重试三次后记录错误并告警",
            requirements=[reqs[1]],
        )  # fmt: skip
        run = services.run_create(actor=mgr, plan=plan, name="第一轮测试", position="MGR")
        e1, e2 = run.executions.order_by("pk")
        services.execution_record(actor=mgr, execution=e1, status=ExecutionStatus.PASSED)
        services.execution_record(
            actor=mgr, execution=e2, status=ExecutionStatus.FAILED, comment="只重试了一次就停止"
        )
        defect = services.defect_from_execution(actor=mgr, execution=e2, severity="major")
        services.defect_step(actor=mgr, defect=defect, action="assign", assignee="vendor")
        services.milestone_deliver(actor=mgr, milestone=m1, actual_date=d(-3), run=run)
        # a smoke run, signed off by the manager and closed: its test report (requirements
        # covered, sign-off; XLSX, HTML and PDF) is archived and sent
        smoke = services.run_create(actor=mgr, plan=plan, name="冒烟测试", position="MGR")
        for e in smoke.executions.all():
            services.execution_record(actor=mgr, execution=e, status=ExecutionStatus.PASSED)
        services.run_sign_off(actor=mgr, run=smoke, note="冒烟测试通过，同意进入第二轮。")
        services.run_close(actor=mgr, run=smoke)
        self._beta(mgr)

        services.devrequest_create(
            actor=users["dev_lead"], kind=DevKind.BUG, title="后台订单导出偶发超时",
            affected_module="订单导出", severity="minor", steps_to_reproduce="导出 3 个月订单",
            expected="30 秒内完成", actual="约 1/5 的概率超时", environment="生产环境",
        )  # fmt: skip
        self._portal(project, users)
        self._vendor_todo()
        self.stdout.write(
            f"vendors demo: project {project.code}, {len(reqs)} requirements, "
            f"cases {c1.pk},{c2.pk}, run {run.pk}, defect {defect.pk}"
        )

    def _beta(self, mgr) -> None:
        """A shop customer in the beta; of their two pieces of feedback one is accepted (a need,
        linked back), the other waits on the triage page."""
        from siteops.vendors import beta

        customer = User.objects.filter(is_staff=False, is_active=True).order_by("pk").first()
        if customer is None:
            return
        beta.opt(user=customer, join=True)
        fb = beta.feedback_send(
            user=customer, text="订单页的物流地图在手机上加载很慢。", page="/account/orders/"
        )
        beta.feedback_triage(actor=mgr, feedback=fb, status="accepted", note="已列入二期优化。")
        beta.feedback_send(
            user=customer, text="希望能按快递公司筛选订单。", page="/account/orders/"
        )

    def _portal(self, project, users) -> None:
        """The vendor's login (VEN-PM, tied to the vendor), its weekly report and a defect note."""
        from siteops.org.management.commands.load_demo import demo_password
        from siteops.org.models import Position, PositionAssignment
        from siteops.vendors import portal
        from siteops.vendors.models import Defect, VendorAccount

        if VendorAccount.objects.filter(vendor=project.vendor).exists():
            return
        user = User.objects.filter(username="vendor_qian").first()
        if user is None:
            user = User.objects.create_user(
                "vendor_qian", "qian@yunma.example.com", demo_password(),
                display_name="钱工（云码科技）", is_staff=True,
            )  # fmt: skip
        PositionAssignment.objects.get_or_create(
            user=user, position=Position.objects.get(code="VEN-PM"),
            defaults={"kind": "holder", "start": timezone.localdate() - datetime.timedelta(days=60),
                      "reason": "演示数据：外包供应商的项目经理"},
        )  # fmt: skip
        VendorAccount.objects.create(vendor=project.vendor, user=user)
        today = timezone.localdate()
        m2 = project.milestones.get(code="M2")
        portal.status_report_submit(
            actor=user, project=project, week_ending=today,
            summary="完成订单详情页前端改版，物流轨迹组件联调中。",
            risks="物流方接口文档仍未定稿，可能影响 M2 上线。",
            next_steps="完成轨迹组件与接口的联调，提交第二轮测试版本。",
            lines=[{"milestone": m2.pk, "progress": 55, "forecast_date": m2.forecast_date,
                    "reason": ""}],
        )  # fmt: skip
        defect = Defect.objects.filter(project=project, assignee="vendor").first()
        if defect is not None:
            portal.defect_update(actor=user, defect=defect, action="comment",
                                 comment="已复现，重试次数配置读取错误，预计明天修复。")  # fmt: skip
        self.stdout.write("vendors demo: vendor login vendor_qian (供应商项目经理，杭州云码科技)")

    def _vendor_todo(self) -> None:
        """The vendor's login finds its weekly report waiting on its workbench (once)."""
        from siteops.work.models import WorkItem
        from siteops.work.services import item_create

        title = "提交本周进度周报（商城 2.0 项目）"
        if WorkItem.objects.filter(title=title, position__code="VEN-PM").exists():
            return
        item_create(
            actor=None, position="VEN-PM", title=title, source="module",
            description="<p>在供应商门户填写本周进度、风险和下周计划；里程碑预计日期有变化请写明原因。</p>",
            due=timezone.localdate() + datetime.timedelta(days=2),
        )  # fmt: skip
