"""Demo data of the compliance area (idempotent): the licence register (ICP备案, ICP证, 公安备案,
可信网站, 亮照标识, 高新技术企业) with their open obligations, and three department policies in
different states (effective and acknowledged, in review, overdue for review)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.compliance import documents, services
from siteops.compliance.models import Document, Licence
from siteops.org.models import Position, User

LICENCES = [
    # kind, number, authority, issued, valid until, footer
    ("icp_filing", "沪ICP备20260001号-1", "工业和信息化部", "2024-03-01", None, True),
    ("psb_filing", "沪公网安备31010402001234号", "上海市公安局", "2024-04-10", None, True),
    ("icp_licence", "沪B2-20240012", "上海市通信管理局", "2024-05-20", "2029-05-20", True),
    ("trusted_site", "KXWZ-2025-03318", "中国互联网络信息中心", "2025-01-15", "2027-01-15", False),
    ("business_mark", "31010120240520001", "上海市市场监督管理局", "2024-05-20", None, True),
    ("high_tech", "GR202431001234", "上海市科学技术委员会", "2024-12-01", "2027-12-01", False),
]
POLICIES = [
    (
        "内容编辑制度",
        "第一条 商品信息须经总编审核后发布。\n第二条 广告文案不得使用绝对化用语。",
        ["CE", "PED", "CPY"],
    ),
    (
        "程序开发制度",
        "第一条 所有上线变更须经代码评审与测试。\n第二条 生产环境变更须在维护窗口内进行。",
        ["DEV", "MOD", "MNT"],
    ),
    ("流程编辑制度", "第一条 业务流程文档由流程编辑维护，变更须通知相关岗位。", ["PRC", "PLN"]),
]


FOOTER = [("icp_filing", False), ("psb_filing", True), ("icp_licence", False)]


class Command(BaseCommand):
    help = "Load the compliance demo: licence register, obligations, policies."

    @transaction.atomic
    def handle(self, *args, **options):
        manager = User.objects.filter(username="manager").first()
        leader = User.objects.filter(username="leader").first()
        if manager is None or leader is None:
            self.stdout.write("compliance demo: run load_demo first (needs manager and leader).")
            return
        mgr = Position.objects.get(code="MGR")
        for kind, number, authority, issued, valid, footer in LICENCES:
            lic = Licence.objects.filter(kind=kind).first()
            data = {
                "kind": kind, "number": number, "authority": authority,
                "holder": "上海示例网络科技有限公司", "covered": "shop.example.cn\nwww.example.cn",
                "issued_on": datetime.date.fromisoformat(issued),
                "valid_until": datetime.date.fromisoformat(valid) if valid else None,
                "position": mgr, "show_in_footer": footer,
            }  # fmt: skip
            lic = services.licence_save(actor=manager, licence=lic, data=data)
            if lic.status == "preparing":
                services.licence_transition(actor=manager, licence=lic, to="submitted")
                services.licence_transition(actor=manager, licence=lic, to="granted")
        if Licence.objects.filter(kind="icp_licence", stats_frequency="").exists():
            lic = Licence.objects.get(kind="icp_licence")
            services.licence_save(
                actor=manager, licence=lic, data={"stats_frequency": "quarterly", "stats_day": 15}
            )
        made = services.filings_open()
        self._sites(manager)
        from siteops.compliance import reports

        reports.ensure_yearly_definition()
        for n, (title, body, codes) in enumerate(POLICIES):
            if Document.objects.filter(title=title).exists():
                continue
            doc = documents.document_create(
                actor=manager, kind="policy", title=title, body=body, owner=mgr,
                applies_to=Position.objects.filter(code__in=codes),
            )  # fmt: skip
            if n == 2:
                continue  # a draft
            approval = documents.document_submit(actor=manager, document=doc, message="请审批")
            if n == 1:
                continue  # in review, waiting for leadership
            from siteops.approvals.services import approval_approve

            approval_approve(actor=leader, approval=approval)
            editor = User.objects.filter(username="chief_editor").first()
            if editor:
                doc.refresh_from_db()
                documents.document_acknowledge(actor=editor, document=doc)
        Document.objects.filter(kind="operations", title="高新技术企业认定申请书").exists() or documents.document_create(
            actor=manager, kind="operations", title="高新技术企业认定申请书",
            body="一、企业概况\n二、知识产权情况\n三、研发组织管理水平\n四、成长性指标",
            owner=mgr, licence=Licence.objects.filter(kind="high_tech").first(),
        )  # fmt: skip
        self.stdout.write(
            f"compliance demo: {Licence.objects.count()} licences, {len(made)} new obligations, "
            f"{Document.objects.count()} documents ({timezone.localdate()})"
        )

    def _sites(self, manager):
        """The live shop's footer list (ICP备案, 公安备案 with its emblem, ICP证) and its 公安备案
        filing recorded as submitted — once each."""
        from siteops.compliance import psb
        from siteops.compliance.models import PsbFiling, SiteFooterLicence
        from siteops.infra.models import Site

        shop = Site.objects.filter(status="live").order_by("pk").first()
        if shop is None:
            return
        for kind, icon in FOOTER:
            lic = (
                Licence.objects.filter(kind=kind, status__in=("granted",))
                .exclude(number="")
                .order_by("pk")
                .first()
            )
            if lic is not None:
                SiteFooterLicence.objects.get_or_create(
                    site=shop, licence=lic, defaults={"needs_icon": icon}
                )
        filing = PsbFiling.objects.filter(site=shop, status="preparing").first()
        if filing is not None:
            psb.psb_submit(actor=manager, filing=filing, submitted_on=filing.opened_on,
                           application_number="SH-PSB-DEMO-0001")  # fmt: skip
