"""Demo data of IT and hosting (idempotent): a received procurement plan (two servers), site and
office equipment, office systems, the IDC/ISP/registrar with contracts, domains and a certificate,
and the monitors of the site's own endpoints."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.approvals.services import approval_approve
from siteops.infra import services
from siteops.infra.models import (
    Asset,
    Certificate,
    Contract,
    Domain,
    EquipmentLoan,
    Installation,
    Monitor,
    NetworkLine,
    OfficeSystem,
    ProcurementPlan,
    Provider,
    Site,
)  # fmt: skip
from siteops.org.models import Position, User

MONITORS = [("首页", "/"), ("搜索", "/search/?q=手机"), ("购物车", "/cart/"), ("后台登录", "/backoffice/login/"),
            ("接口", "/api/v1/docs")]  # fmt: skip
OFFICE = [("router", "H3C MSR3600", "办公室机柜"), ("switch", "华为 S5735", "办公室机柜"),
          ("access_point", "华为 AirEngine 5761", "3楼会议室"), ("printer", "惠普 M479fdw", "3楼打印区"),
          ("laptop", "ThinkPad T14", "运营部")]  # fmt: skip
SYSTEMS = [("泛微OA", "oa", "泛微", 50, 200), ("用友财务", "finance", "用友", 5, 90), ("企业邮箱", "mail", "阿里云", 60, 40),
           ("腾讯会议", "teleconference", "腾讯", 20, 25)]  # fmt: skip


class Command(BaseCommand):
    help = "Load the IT and hosting demo."

    @transaction.atomic
    def handle(self, *args, **options):
        manager = User.objects.filter(username="manager").first()
        leader = User.objects.filter(username="leader").first()
        if manager is None or leader is None:
            self.stdout.write("infra demo: run load_demo first (needs manager and leader).")
            return
        mgr, mnt = Position.objects.get(code="MGR"), Position.objects.get(code="MNT")
        today = timezone.localdate()
        idc, _ = Provider.objects.get_or_create(name="上海电信IDC机房", kind="idc")
        isp, _ = Provider.objects.get_or_create(name="上海联通专线", kind="isp")
        reg, _ = Provider.objects.get_or_create(name="阿里云万网", kind="registrar")
        if not Contract.objects.exists():
            services.renewable_save(actor=manager, obj=Contract(
                provider=idc, title="机柜托管合同（2 个 42U 机柜）", starts_on=today - datetime.timedelta(days=300),
                expires_on=today + datetime.timedelta(days=65), notice_days=60, sla_percent=Decimal("99.9"),
                monthly_cost=Decimal("12000"), position=mgr))  # fmt: skip
            services.renewable_save(actor=manager, obj=Contract(
                provider=isp, title="100M 互联网专线", starts_on=today - datetime.timedelta(days=100),
                expires_on=today + datetime.timedelta(days=265), auto_renew=True, monthly_cost=Decimal("3500"),
                position=mgr))  # fmt: skip
        for name, days, auto in (("example.cn", 45, False), ("example.com.cn", 200, True)):
            if not Domain.objects.filter(name=name).exists():
                services.renewable_save(actor=manager, obj=Domain(
                    name=name, registrar=reg, registrant="上海示例网络科技有限公司", expires_on=today + datetime.timedelta(days=days),
                    auto_renew=auto, position=mgr, name_servers="dns1.hichina.com\ndns2.hichina.com",
                    icp_number="沪ICP备20260001号-1"))  # fmt: skip
        if not Certificate.objects.exists():
            services.renewable_save(actor=manager, obj=Certificate(
                names="shop.example.cn\nwww.example.cn", issuer="GeoTrust", expires_on=today + datetime.timedelta(days=25),
                position=mnt))  # fmt: skip
        for name, path in MONITORS:
            Monitor.objects.get_or_create(name=name, defaults={"path": path, "provider": idc})
        for name, kind, vendor, seats, days in SYSTEMS:
            if not OfficeSystem.objects.filter(name=name).exists():
                services.renewable_save(actor=manager, obj=OfficeSystem(
                    name=name, kind=kind, vendor=vendor, seats=seats, administrator=mgr,
                    renewal_on=today + datetime.timedelta(days=days)))  # fmt: skip
        if not ProcurementPlan.objects.exists():
            plan = services.plan_create(
                actor=manager,
                data={"title": "机房扩容：两台应用服务器", "need": "大促期间峰值负载超过现有服务器能力，需扩容。",
                      "kind": "server", "quantity": 2, "budget": Decimal("60000"), "budget_line": "IT 资本支出",
                      "owner": mgr},
                options=[{"supplier": "华为", "model_name": "FusionServer 2288H V7", "unit_price": Decimal("28000"), "chosen": True},
                         {"supplier": "浪潮", "model_name": "NF5280M7", "unit_price": Decimal("26500")}],
            )  # fmt: skip
            approval_approve(actor=leader, approval=services.plan_submit(actor=manager, plan=plan))
            plan.refresh_from_db()
            services.plan_order(actor=manager, plan=plan, purchase_order="PO-DEMO-0001")
            for a in services.plan_receive(actor=manager, plan=plan, serials=["2102311DEMO1", "2102311DEMO2"],
                                           location="上海电信IDC A-03 机柜"):  # fmt: skip
                services.asset_transition(actor=manager, asset=a, to="in_service")
            services.plan_create(
                actor=manager,
                data={"title": "防火墙更换", "need": "现有防火墙已停止维保。", "kind": "firewall", "quantity": 1,
                      "budget": Decimal("30000"), "owner": mgr},
                options=[{"supplier": "深信服", "model_name": "AF-1000", "unit_price": Decimal("26000"), "chosen": True}],
            )  # fmt: skip
        for n, (kind, model, where) in enumerate(OFFICE):
            tag = f"OF-DEMO-{n + 1:03d}"
            if not Asset.objects.filter(tag=tag).exists():
                services.asset_save(actor=manager, asset=Asset(
                    tag=tag, kind=kind, model_name=model, serial=f"SN-DEMO-{n + 1:04d}", location=where, owner=mgr,
                    status="in_service", warranty_end=today + datetime.timedelta(days=30 * (n + 2))))  # fmt: skip
        self._more(manager, mgr, isp, today)
        self._selection(manager, leader, idc)
        self.stdout.write(
            f"infra demo: {Asset.objects.count()} assets, {Monitor.objects.count()} monitors"
        )

    def _selection(self, manager, leader, idc):
        """The IDC's selection: three candidates scored on three weighted criteria, the decision
        approved by leadership; and an ISP backup line still being scored (once each)."""
        from siteops.infra import selection
        from siteops.infra.models import ProviderSelection

        if not ProviderSelection.objects.filter(title="IDC 机房选型").exists():
            sel = selection.selection_create(
                actor=manager, title="IDC 机房选型", kind="hosting", need="主站服务器托管，需双线接入、7×24 运维。",
                criteria=[("网络质量", 50), ("价格", 30), ("服务响应", 20)],
                candidates=[{"name": "上海电信IDC机房", "provider": idc, "quote": Decimal("12000"), "quote_note": "每月，2 个机柜"},
                            {"name": "上海联通IDC", "quote": Decimal("10500"), "quote_note": "每月，2 个机柜"},
                            {"name": "世纪互联", "quote": Decimal("13800"), "quote_note": "每月，2 个机柜"}],
            )  # fmt: skip
            cands = {c.name: c for c in sel.candidates.all()}
            crits = {c.name: c for c in sel.criteria.all()}
            grid = {"上海电信IDC机房": (9, 7, 8), "上海联通IDC": (7, 9, 7), "世纪互联": (9, 5, 9)}
            selection.selection_score(actor=manager, selection=sel, scores={
                (cands[n].pk, crits[c].pk): v for n, row in grid.items()
                for c, v in zip(("网络质量", "价格", "服务响应"), row, strict=True)})  # fmt: skip
            top = selection.ranking(sel)[0]
            approval = selection.selection_decide(
                actor=manager,
                selection=sel,
                candidate=cands[top["name"]],
                reason="综合得分最高；网络质量与现有线路一致，迁移成本最低。",
            )
            approval_approve(actor=leader, approval=approval)
        if not ProviderSelection.objects.filter(title="备用互联网线路").exists():
            selection.selection_create(
                actor=manager, title="备用互联网线路", kind="isp", need="主线路故障时的备用出口。",
                criteria=[("带宽", 40), ("价格", 40), ("开通周期", 20)],
                candidates=[{"name": "上海移动专线", "quote": Decimal("2800")},
                            {"name": "上海电信宽带", "quote": Decimal("1200")}],
            )  # fmt: skip

    def _more(self, manager, mgr, isp, today):
        """Websites (one live, one being built), an installation record, the office line, a
        maintenance schedule and a laptop checked out (and accepted) — each once."""
        from siteops.infra import equipment, sites, upkeep

        shop = Site.objects.filter(base_url="https://shop.example.cn/").first()
        if shop is None:
            shop = sites.site_save(actor=manager, site=Site(
                name="示例商城", base_url="https://shop.example.cn/", domain=Domain.objects.filter(name="example.cn").first(),
                icp_number="沪ICP备20260001号-1"))  # fmt: skip
            sites.site_mark_live(
                actor=manager, site=shop, live_on=today - datetime.timedelta(days=5)
            )
        if not Site.objects.filter(base_url="https://vip.example.cn/").exists():
            sites.site_save(
                actor=manager,
                site=Site(name="会员中心（建设中）", base_url="https://vip.example.cn/"),
            )
        server = Asset.objects.filter(kind="server").order_by("tag").first()
        if server is not None and not Installation.objects.filter(asset=server).exists():
            inst = Installation.objects.create(
                asset=server, installed_on=today - datetime.timedelta(days=3), os="openEuler 24.03 LTS",
                firmware="iBMC 3.05", ip_addresses="10.10.1.21/24\n10.10.9.21/24", vlan="101（业务）/ 909（带外）",
                checklist="[x] 上架并接电\n[x] 配置 RAID 1\n[x] 安装操作系统\n[x] 接入监控",
            )  # fmt: skip
            upkeep.installation_sign_off(actor=manager, installation=inst)
        if server is not None and not upkeep.schedules_of(server).exists():
            upkeep.schedule_add(
                actor=manager, asset=server, what="固件与 BIOS 升级", frequency="quarterly", day=15
            )
        if not NetworkLine.objects.exists():
            NetworkLine.objects.create(name="办公室光纤", kind="fibre", provider=isp, bandwidth_mbps=500,
                                       location="3 楼弱电间", ip_blocks="202.96.10.8/29", circuit_id="SH-FTTH-0088")  # fmt: skip
        laptop = Asset.objects.filter(kind="laptop", tag__startswith="OF-DEMO-").first()
        editor = (
            User.objects.filter(username="copy_editor").first()
            or User.objects.filter(username="chief_editor").first()
        )
        if (
            laptop is not None
            and editor is not None
            and not EquipmentLoan.objects.filter(asset=laptop).exists()
        ):
            loan = equipment.loan_checkout(
                actor=manager, asset=laptop, person=editor, on=today - datetime.timedelta(days=20)
            )
            equipment.loan_accept(actor=editor, loan=loan)
