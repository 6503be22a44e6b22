"""Who may open the campaign screens and press their buttons (GET and each POST)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.campaigns.choices import Stage
from siteops.campaigns.models import BudgetLine, Plan

from .factories import approved, campaign

pytestmark = pytest.mark.django_db

READERS = ["activity_planner", "promotion", "planning_lead", "manager", "art", "acting_act"]
OUTSIDERS = ["sales", "purchasing", "warehouse"]


@pytest.fixture
def people(staff):
    staff["art"] = make_staff("art", "ART")
    staff["acting_act"] = make_staff("acting_act", "ACT", kind="acting")
    return staff


def _get(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize("name", ["admin:campaigns_board", "admin:campaigns_calendar", "page"])
def test_get_matrix(client, people, customer, name):
    c = campaign(people["activity_planner"])
    url = reverse("admin:campaigns_campaign_page", args=[c.pk]) if name == "page" else reverse(name)
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert client.get(url).status_code == 302  # a shop customer never enters the back office
    for who in READERS:
        assert _get(client, people[who], url) == 200, who
    for who in OUTSIDERS:
        assert _get(client, people[who], url) == 403, who


def test_calendar_bad_month_is_no_500(client, activity_planner):
    client.force_login(activity_planner)
    r = client.get(reverse("admin:campaigns_calendar") + "?year=99999&month=x")
    assert r.status_code == 200


def test_plan_post_matrix(client, people):
    c = campaign(people["activity_planner"])
    url = reverse("admin:campaigns_plan", args=[c.pk])
    data = {"title": "策划案", "body": "内容", "budget": "3000"}
    for who in ["promotion", "planning_lead", "art", "sales"]:
        client.force_login(people[who])
        assert client.post(url, data).status_code == 403, who
    assert not Plan.objects.exists()
    client.force_login(people["acting_act"])
    assert client.post(url, {**data, "budget": "1e9"}).status_code == 302  # refused, not 500
    assert not Plan.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Plan.objects.get().budget == Decimal("3000")
    submit = reverse("admin:campaigns_plan_submit", args=[c.pk])
    client.force_login(people["promotion"])
    assert client.post(submit).status_code == 403
    client.force_login(people["activity_planner"])
    assert client.post(submit).status_code == 302
    c.refresh_from_db()
    assert c.stage == Stage.PROPOSED
    assert client.get(submit).status_code == 405


def test_move_and_money_post_matrix(client, people):
    c = approved(people["activity_planner"], people["planning_lead"])
    line = BudgetLine.objects.create(campaign=c, category="media", description="软文", planned=1)
    move = reverse("admin:campaigns_move", args=[c.pk])
    money = reverse("admin:campaigns_money", args=[c.pk])
    for who in ["promotion", "planning_lead", "art", "sales"]:
        client.force_login(people[who])
        assert client.post(move, {"action": "prepare"}).status_code == 403, who
        assert client.post(money, {"line": line.pk, "amount": "10"}).status_code == 403, who
    client.force_login(people["activity_planner"])
    assert client.post(move, {"action": "launch"}).status_code == 302  # illegal: a message
    c.refresh_from_db()
    assert c.stage == Stage.APPROVED
    assert client.post(move, {"action": "prepare"}).status_code == 302
    c.refresh_from_db()
    assert c.stage == Stage.PREPARING
    client.force_login(people["manager"])
    assert client.post(money, {"line": line.pk, "amount": "abc"}).status_code == 302
    assert client.post(money, {"line": "x", "amount": "1"}).status_code == 302
    assert client.post(money, {"line": line.pk, "amount": "100"}).status_code == 302
    line.refresh_from_db()
    assert line.committed == Decimal("100")
    r = client.post(money, {"line": line.pk, "amount": "999999"}, follow=True)
    assert r.status_code == 200
    line.refresh_from_db()
    assert line.committed == Decimal("100")


def test_admin_lists_matrix(client, people):
    for model in [
        "campaign",
        "budgetline",
        "offlineevent",
        "partner",
        "swap",
        "post",
        "trackedlink",
        "source",
    ]:
        url = reverse(f"admin:campaigns_{model}_changelist")
        for who in OUTSIDERS:
            assert _get(client, people[who], url) == 403, (model, who)
        assert _get(client, people["manager"], url) == 200, model
    assert _get(client, people["promotion"], reverse("admin:campaigns_partner_add")) == 200
    assert _get(client, people["activity_planner"], reverse("admin:campaigns_partner_add")) == 403


def test_short_link_is_public(client, activity_planner, customer):
    from .factories import link

    c = campaign(activity_planner)
    link(activity_planner, c, code="pub1", target="/")
    assert client.get("/go/c/pub1/").status_code == 302
    client.force_login(customer)
    assert client.get("/go/c/pub1/").status_code == 302
