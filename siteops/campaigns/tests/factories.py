import datetime
from decimal import Decimal

from siteops.campaigns import services
from siteops.campaigns.choices import CampaignKind, ChannelKind, Medium
from siteops.campaigns.models import Campaign, Source
from siteops.org.models import Position


def campaign(actor, *, code="spring-2026", days=(0, 14), **kw) -> Campaign:
    today = datetime.date.today()
    c = Campaign(
        code=code,
        name=kw.pop("name", "春季大促"),
        kind=kw.pop("kind", CampaignKind.PROMOTION),
        start=today + datetime.timedelta(days=days[0]),
        end=today + datetime.timedelta(days=days[1]),
        owner_position=Position.objects.get(code="ACT"),
        target_orders=100,
        target_gmv=Decimal("50000"),
        **kw,
    )
    return services.campaign_save(actor=actor, campaign=c)


def approved(actor, planning_lead, *, budget=Decimal("5000"), **kw) -> Campaign:
    """A campaign whose plan the planning lead approved (budget under the manager's threshold)."""
    from siteops.approvals.services import approval_approve

    c = campaign(actor, **kw)
    plan, _rev = services.plan_save(
        actor=actor, campaign=c, title="春季大促策划案", body="首页专题 + 论坛软文", budget=budget
    )
    approval = services.plan_submit(actor=actor, plan=plan)
    approval_approve(actor=planning_lead, approval=approval)
    c.refresh_from_db()
    return c


def source(code="tianya", channel=ChannelKind.BBS, name="天涯社区") -> Source:
    return Source.objects.get_or_create(code=code, defaults={"name": name, "channel": channel})[0]


def link(actor, c, *, code="spr1", target="/", medium=Medium.BBS, src=None):
    return services.link_create(
        actor=actor, campaign=c, source=src or source(), medium=medium, target=target, code=code
    )
