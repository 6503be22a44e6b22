"""Demo of the people area: this year's approved staffing plan, an open recruitment request for
the vacant art editor (美工编辑) with two candidates (one at interview scored by the chief editor,
one just screened), an appraisal cycle in progress (the product editor's self review done), a
pending 转正 for the copy editor whose probation ends in 20 days, and the HR report scheduled
monthly to the manager and HR & Administration.

Idempotent; run after the org demo (``load_demo`` runs it). Everything goes through the
services, as the demo people, so the history, approvals and deadlines are the real ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.utils import timezone

from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.org.models import Position, PositionAssignment, User
from siteops.people import appraisals, personnel, services
from siteops.people.models import (
    AppraisalCycle,
    PersonnelRequest,
    RecruitmentRequest,
    StaffingPlan,
)

NEEDED = ["leader", "manager", "hr", "chief_editor", "product_editor", "copy_editor"]
CYCLE = "{year}年第四季度绩效考核"


class Command(BaseCommand):
    help = "Load the people area's demo data (plan, recruitment, appraisal, 转正). Idempotent."

    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(username__in=NEEDED)}
        missing = sorted(set(NEEDED) - set(users))
        if missing:
            self.stdout.write(
                f"人员演示数据跳过：缺少演示用户 {', '.join(missing)}（先运行 load_demo）。"
            )
            return
        today = timezone.localdate()
        self._plan(users, today)
        self._recruitment(users, today)
        self._appraisal(users, today)
        self._confirmation(users, today)
        self._monthly_report()
        self.stdout.write("人员演示数据已就绪。")

    def _plan(self, u, today):
        if StaffingPlan.objects.filter(year=today.year).exists():
            return
        plan = services.plan_create(actor=u["manager"], year=today.year,
                                    note="年度岗位人员规划：美工编辑补员一名")  # fmt: skip
        approval = services.plan_submit(actor=u["manager"], plan=plan, message="请审批")
        approval_approve(actor=u["leader"], approval=approval, comment="同意")
        approval_approve(actor=u["hr"], approval=Approval.objects.get(pk=approval.pk),
                         comment="人事已核")  # fmt: skip

    def _recruitment(self, u, today):
        art = Position.objects.get(code="ART")
        if RecruitmentRequest.objects.filter(position=art).exists():
            return
        req = services.recruitment_request(
            actor=u["manager"], position=art, number=1, reason="replacement",
            requirements="美术或设计相关专业；熟练使用 Photoshop、Illustrator；有电商广告图经验优先",
            salary_min=Decimal("7000"), salary_max=Decimal("10000"),
            expected_start=today + datetime.timedelta(days=30), urgency="urgent",
        )  # fmt: skip
        services.recruitment_move(actor=u["hr"], request=req, action="approve")
        req = services.recruitment_move(actor=u["hr"], request=req, action="open")
        cand = services.candidate_add(
            actor=u["hr"], request=req, name="林晓雯", source="job_site",
            email="lin.xiaowen@example.com", phone="13900001234", notes="作品集：电商海报 20 张",
        )  # fmt: skip
        services.candidate_move(actor=u["hr"], candidate=cand, action="screen")
        cand = services.candidate_move(actor=u["hr"], candidate=cand, action="interview")
        services.interview_score(actor=u["chief_editor"], candidate=cand, round=1, score=4,
                                 recommendation="hire", notes="配色和排版扎实，出图速度快")  # fmt: skip
        second = services.candidate_add(
            actor=u["hr"], request=req, name="周子涵", source="referral",
            email="zhou.zihan@example.com", notes="内部推荐；三年品牌设计经验",
        )  # fmt: skip
        services.candidate_move(actor=u["hr"], candidate=second, action="screen")

    def _appraisal(self, u, today):
        name = CYCLE.format(year=today.year)
        if AppraisalCycle.objects.filter(name=name).exists():
            return
        cycle = appraisals.cycle_create(
            actor=u["manager"], name=name, kind="quarterly",
            period_start=today - datetime.timedelta(days=90), period_end=today,
            self_due=today + datetime.timedelta(days=5),
            review_due=today + datetime.timedelta(days=12),
            calibration_due=today + datetime.timedelta(days=19),
            kpis=[("岗位职责完成度", 50), ("工作质量", 30), ("协作与响应", 20)],
        )  # fmt: skip
        appraisals.cycle_launch(actor=u["manager"], cycle=cycle)
        mine = cycle.appraisals.filter(appraisee=u["product_editor"]).first()
        if mine is not None:
            appraisals.appraisal_self_review(
                actor=u["product_editor"], appraisal=mine,
                scores={s.kpi_id: 4 for s in mine.scores.all()},
                comment="本季度按时完成商品上架，新品专题提前一周上线。",
            )  # fmt: skip

    def _confirmation(self, u, today):
        a = (
            PositionAssignment.objects.active()
            .filter(user=u["copy_editor"], position__code="CPY", kind="holder")
            .first()
        )
        if a is None or PersonnelRequest.objects.filter(assignment=a).exists():
            return
        end = today + datetime.timedelta(days=20)
        personnel.probation_set(actor=u["hr"], assignment=a, end_date=end)
        personnel.personnel_file(
            actor=u["chief_editor"], kind="confirm", assignment=a, effective_date=end,
            reason="试用期内文案质量稳定，活动文案均按期交付，申请按期转正。",
        )  # fmt: skip

    def _monthly_report(self):
        """The HR dataset, run after each month and sent to the manager and HR (PIPL: only the
        aggregate figures, no names)."""
        from siteops.reports.models import ReportDefinition

        definition, created = ReportDefinition.objects.get_or_create(
            code="monthly-hr",
            defaults={"name": "每月人事报表", "dataset": "people_hr", "period_kind": "month",
                      "is_scheduled": True, "dimensions": ["position", "phase"]},
        )  # fmt: skip
        if created:
            definition.recipient_positions.add(*Position.objects.filter(code__in=["MGR", "HR-ADM"]))
