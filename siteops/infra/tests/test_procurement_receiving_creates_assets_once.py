"""The manager files a procurement plan for two servers, leadership approves it, the order is
placed and received: two assets appear with their serials, once; warranty ends become due dates."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from siteops.approvals.services import approval_approve
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.deadlines.models import Deadline
from siteops.infra import services
from siteops.infra.models import Asset, ProcurementPlan
from siteops.org.models import Position


def _plan(manager):
    return services.plan_create(
        actor=manager,
        data={"title": "机房扩容：两台应用服务器", "need": "大促期间峰值负载超过现有服务器能力。", "kind": "server",
              "quantity": 2, "budget": Decimal("60000"), "budget_line": "2027 IT 资本支出",
              "owner": Position.objects.get(code="MGR")},
        options=[{"supplier": "华为", "model_name": "FusionServer 2288H V7", "unit_price": Decimal("28000"), "chosen": True},
                 {"supplier": "浪潮", "model_name": "NF5280M7", "unit_price": Decimal("26500")}],
    )  # fmt: skip


def test_plan_to_two_assets_once(manager, leader, client):
    plan = _plan(manager)
    approval = services.plan_submit(actor=manager, plan=plan)
    with pytest.raises(NotAllowed):
        approval_approve(actor=manager, approval=approval)  # not one's own
    approval_approve(actor=leader, approval=approval)
    plan.refresh_from_db()
    assert plan.status == "approved"
    client.force_login(manager)
    client.post(f"/backoffice/infra/plans/{plan.pk}/order/", {"purchase_order": "PO-2027-0042"})
    r = client.post(
        f"/backoffice/infra/plans/{plan.pk}/receive/",
        {"serials": "2102311ABC\n2102311ABD", "location": "A机房 3排"},
    )
    assert r.status_code == 302
    assets = list(Asset.objects.filter(plan=plan).order_by("tag"))
    assert [a.serial for a in assets] == ["2102311ABC", "2102311ABD"]
    assert all(
        a.status == "received" and a.cost == Decimal("28000") and a.warranty_end for a in assets
    )
    assert Deadline.objects.filter(kind__code="warranty", status="open").count() == 2
    # Submitting the form again (a double click) creates nothing.
    client.post(
        f"/backoffice/infra/plans/{plan.pk}/receive/", {"serials": "2102311ABC\n2102311ABD"}
    )
    assert Asset.objects.filter(plan=plan).count() == 2
    with pytest.raises(IllegalTransition):
        services.plan_receive(
            actor=manager, plan=ProcurementPlan.objects.get(pk=plan.pk), serials=["X1", "X2"]
        )


def test_receiving_needs_one_serial_per_unit(manager, leader):
    plan = _plan(manager)
    approval_approve(actor=leader, approval=services.plan_submit(actor=manager, plan=plan))
    plan.refresh_from_db()
    services.plan_order(actor=manager, plan=plan, purchase_order="PO-1")
    for serials in (["A"], ["A", "A"], ["A", "B", "C"]):
        with pytest.raises(ValidationError):
            services.plan_receive(actor=manager, plan=plan, serials=serials)
    assert (
        Asset.objects.count() == 0 and ProcurementPlan.objects.get(pk=plan.pk).status == "ordered"
    )


def test_over_budget_plan_is_not_submitted(manager):
    plan = _plan(manager)
    plan.options.update(chosen=False)
    plan.options.filter(supplier="浪潮").update(chosen=True, unit_price=Decimal("40000"))
    with pytest.raises(ValidationError):
        services.plan_submit(actor=manager, plan=plan)
