"""Who may open the IT and hosting screens: the manager (and an acting manager) works there, the
maintainer and the programming lead see availability, leadership reads, HR, other departments
and customers get nothing; anonymous sees only /status/."""

from decimal import Decimal

import pytest

from conftest import make_staff
from siteops.infra import services
from siteops.infra.models import Monitor, ProcurementPlan
from siteops.org.models import Position


@pytest.fixture
def plan(manager):
    return services.plan_create(
        actor=manager,
        data={"title": "办公笔记本", "need": "新员工入职", "kind": "laptop", "quantity": 1,
              "budget": Decimal("8000"), "owner": Position.objects.get(code="MGR")},
        options=[{"supplier": "联想", "model_name": "ThinkPad T14", "unit_price": Decimal("7000"), "chosen": True}],
    )  # fmt: skip


EQUIPMENT = ["/backoffice/infra/", "/backoffice/infra/asset/", "/backoffice/infra/procurementplan/"]
AVAILABILITY = [
    "/backoffice/infra/monitor/",
    "/backoffice/infra/incident/",
    "/backoffice/infra/check/",
]


def test_status_page_is_public_and_shows_monitors(client, db):
    Monitor.objects.create(name="首页", path="/")
    Monitor.objects.create(name="内部接口", path="/healthz", is_public=False)
    page = client.get("/status/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "首页" in html and "内部接口" not in html


def test_anonymous_is_sent_to_login(client, plan):
    for url in EQUIPMENT + AVAILABILITY + [f"/backoffice/infra/plans/{plan.pk}/"]:
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"], url
    client.post(f"/backoffice/infra/plans/{plan.pk}/order/", {"purchase_order": "PO"})
    assert ProcurementPlan.objects.get(pk=plan.pk).purchase_order == ""


@pytest.mark.parametrize("username", ["manager", "leader"])
def test_manager_and_leadership_read_everything(client, plan, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in EQUIPMENT + AVAILABILITY + [f"/backoffice/infra/plans/{plan.pk}/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", ["maintainer", "dev_lead"])
def test_maintainer_and_programming_lead_see_availability_not_procurement(
    client, plan, username, request
):
    client.force_login(request.getfixturevalue(username))
    for url in AVAILABILITY + ["/backoffice/infra/asset/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/backoffice/infra/procurementplan/").status_code == 403
    assert client.get(f"/backoffice/infra/plans/{plan.pk}/").status_code == 403
    client.post(f"/backoffice/infra/plans/{plan.pk}/order/", {"purchase_order": "PO"})
    assert ProcurementPlan.objects.get(pk=plan.pk).purchase_order == ""


@pytest.mark.parametrize("username", ["hr", "purchasing", "warehouse", "chief_editor"])
def test_other_positions_and_departments_see_nothing(client, plan, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in EQUIPMENT + AVAILABILITY + [f"/backoffice/infra/plans/{plan.pk}/"]:
        assert client.get(url).status_code == 403, url


def test_customer_is_refused(client, plan, customer):
    client.force_login(customer)
    for url in EQUIPMENT + [f"/backoffice/infra/plans/{plan.pk}/"]:
        assert client.get(url).status_code in (302, 403), url
    assert client.get("/status/").status_code == 200


def test_leadership_cannot_order(client, plan, manager, leader):
    from siteops.approvals.services import approval_approve

    approval_approve(actor=leader, approval=services.plan_submit(actor=manager, plan=plan))
    client.force_login(leader)
    client.post(f"/backoffice/infra/plans/{plan.pk}/order/", {"purchase_order": "PO-9"})
    assert ProcurementPlan.objects.get(pk=plan.pk).status == "approved"
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    client.force_login(acting)
    client.post(f"/backoffice/infra/plans/{plan.pk}/order/", {"purchase_order": "PO-9"})
    assert ProcurementPlan.objects.get(pk=plan.pk).status == "ordered"
    r = client.post(
        f"/backoffice/infra/plans/{plan.pk}/receive/", {"serials": "a\nb\nc"}, follow=True
    )
    assert r.status_code == 200 and ProcurementPlan.objects.get(pk=plan.pk).status == "ordered"
