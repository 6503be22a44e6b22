"""Offline events from both sides: a customer registers from the topic page's sign-up block and
gets a QR code; door staff check people in once; the campaign page shows its topic page's
publication state; who may open the check-in list and the QR codes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.campaigns import services
from siteops.campaigns.models import OfflineEvent, Registration
from siteops.content import services as content
from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.revisions import revision_publish
from siteops.org.acting import system_acting

from .factories import approved

pytestmark = pytest.mark.django_db


def _event(c, *, capacity=3, public=True):
    start = timezone.now() + datetime.timedelta(days=4)
    return OfflineEvent.objects.create(
        campaign=c, title="春季新品体验会", venue="上海市徐汇区", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), capacity=capacity, is_public=public,
    )  # fmt: skip


@pytest.fixture
def spring(activity_planner, planning_lead):
    return approved(activity_planner, planning_lead, topic_url="/t/spring/")


def _topic(actor, event, slug="spring"):
    page = content.page_create(
        actor=actor, kind="topic", slug=slug,
        data={"title": "春季专题", "body": "<p>春天来了</p>",
              "blocks": [{"type": "event_signup", "event": str(event.pk)}]},
    )  # fmt: skip
    return page


def test_campaign_page_shows_the_topic_page_state(client, spring, activity_planner, promotion):
    url = reverse("admin:campaigns_campaign_page", args=[spring.pk])
    client.force_login(promotion)
    assert "尚未撰写" in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    page = _topic(activity_planner, _event(spring))
    html = client.get(url).content.decode()
    assert 'data-state="draft"' in html and "春季专题" in html
    revision_publish(obj=page, who=system_acting())
    assert 'data-state="live"' in client.get(url).content.decode()


def test_customer_registers_from_the_topic_page_once(client, spring, activity_planner, customer):
    event = _event(spring, capacity=2)
    page = _topic(activity_planner, event)
    revision_publish(obj=page, who=system_acting())
    topic = client.get("/t/spring/").content.decode()
    register = reverse("campaigns:register", args=[event.pk])
    assert register in topic  # the block's button
    r = client.get(register)
    assert r.status_code == 302 and reverse("storefront:login") in r["Location"]  # log in first
    client.force_login(customer)
    assert client.get(register).status_code == 200
    bad = client.post(register, {"name": "顾客", "phone": ""})
    assert bad.status_code == 200 and not Registration.objects.exists()
    r = client.post(register, {"name": "顾客", "phone": "138 0000 1111"})
    assert r.status_code == 302
    reg = Registration.objects.get()
    assert (reg.customer, reg.via, reg.phone) == (customer, "shop", "13800001111")
    page_html = client.get(register).content.decode()
    assert "<svg" in page_html and reg.code in page_html
    client.post(register, {"name": "顾客", "phone": "13800002222"})  # double submit
    assert Registration.objects.count() == 1
    event.refresh_from_db()
    assert event.registered == 1


def test_private_or_finished_events_cannot_be_opened_by_customers(client, spring, customer):
    client.force_login(customer)
    private = _event(spring, public=False)
    assert client.get(reverse("campaigns:register", args=[private.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.registration_add(customer=customer, event=private, name="a", phone="13800000000")
    past = _event(spring)
    OfflineEvent.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert client.get(reverse("campaigns:register", args=[past.pk])).status_code == 404


def test_check_in_once_and_only_at_its_own_event(spring, activity_planner):
    event, other = _event(spring), _event(spring)
    reg = services.registration_add(
        actor=activity_planner, event=event, name="王芳", phone="13900000001"
    )
    with pytest.raises(DomainError) as wrong:
        services.registration_check_in(actor=activity_planner, code=reg.code, event=other)
    assert wrong.value.code == "unknown_code"
    services.registration_check_in(actor=activity_planner, code=reg.code.upper(), event=event)
    with pytest.raises(IllegalTransition) as twice:
        services.registration_check_in(actor=activity_planner, code=reg.code, event=event)
    assert twice.value.code == "checked_in"


def test_check_in_page_and_qr_matrix(client, staff, spring, customer):
    event = _event(spring)
    reg = services.registration_add(
        actor=staff["activity_planner"], event=event, name="王芳", phone="13900000001"
    )
    acting = make_staff("acting_act", "ACT", kind="acting")
    page = reverse("admin:campaigns_checkin", args=[event.pk])
    qr = reverse("admin:campaigns_registration_qr", args=[reg.pk])
    assert client.get(page).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert client.get(page).status_code == 302 and client.get(qr).status_code == 302
    for who in ("sales", "purchasing", "art_less", "warehouse", "promotion"):
        user = staff.get(who) or make_staff(who, "ART")
        client.force_login(user)
        assert client.get(page).status_code == 403, who
        assert client.get(qr).status_code == 403, who
        assert client.post(page, {"code": reg.code}).status_code == 403, who
    for user in (staff["planning_lead"], staff["manager"]):
        client.force_login(user)
        assert client.get(page).status_code == 200
        assert client.post(page, {"code": reg.code}).status_code == 403  # may read, not admit
    reg.refresh_from_db()
    assert reg.checked_in_at is None
    client.force_login(acting)
    r = client.get(qr)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert r.content.startswith(b"\x89PNG")
    assert client.post(page, {"code": reg.code}).status_code == 302
    assert client.post(page, {"code": "\x00bad"}).status_code == 302  # refused, no 500
    reg.refresh_from_db()
    assert reg.checked_in_at is not None
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert reg.code in html
