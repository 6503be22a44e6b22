"""Every merchandising page × anonymous, a customer, every position, and acting holders."""

import datetime

import pytest
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.merch import services
from siteops.merch.models import AdRequest, ShelfPlan, ShelfSlot
from siteops.org.models import Department, Position, PositionAssignment

from .factories import ad, ad_position, hours, image_upload, product, shelf, slot

pytestmark = pytest.mark.django_db

EDITORS = {"PED", "CE", "MGR"}
PURCHASING = {"PUR-MGR", "PUR-COL"}
ART_COVER = EDITORS | {"ART"}
CODES = sorted({*STAFF.values(), "ART", "PUR-CAT"})


@pytest.fixture
def plan(db):
    buyer = make_staff("plan_buyer", "PUR-COL")
    plan = services.plan_create(actor=buyer, title="计划", period_start=hours(1),
                                period_end=hours(48))  # fmt: skip
    services.plan_item_add(actor=buyer, plan=plan, shelf=shelf(), product=product())
    services.ad_request_add(actor=buyer, plan=plan, position=ad_position(), brief="文案",
                            link="/sale/")  # fmt: skip
    services.plan_submit(actor=buyer, plan=plan)
    return plan


def pages(plan):
    a, s = ad(), slot()
    return {
        "/backoffice/merch/shelf/": EDITORS,
        f"/backoffice/merch/shelf/{s.shelf_id}/change/": EDITORS,
        "/backoffice/merch/shelfslot/": EDITORS,
        "/backoffice/merch/ad/": EDITORS,
        f"/backoffice/merch/ad/{a.pk}/change/": EDITORS,
        "/backoffice/merch/ad/add/": EDITORS,
        "/backoffice/merch/adposition/": ART_COVER,
        "/backoffice/merch/shelfplan/": ART_COVER | PURCHASING,
        "/backoffice/merch/shelfplan/add/": PURCHASING,
        f"/backoffice/merch/plans/{plan.pk}/": ART_COVER | PURCHASING,
        "/backoffice/merch/art/": ART_COVER,
    }


def login_as(client, who):
    if who == "customer":
        client.force_login(make_staff("shopper", None))
    elif who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))


@pytest.mark.parametrize("who", [*CODES, "anonymous", "customer"])
def test_page_access(client, plan, who):
    login_as(client, who)
    for url, allowed in pages(plan).items():
        response = client.get(url)
        if who in ("anonymous", "customer"):
            assert response.status_code == 302, url
            assert "/backoffice/login/" in response["Location"], url
        elif who in allowed:
            assert response.status_code == 200, (url, who)
        else:
            assert response.status_code in (403, 404), (url, who, response.status_code)


def acting(username, code, holds="CPY"):
    user = make_staff(username, holds)
    PositionAssignment.objects.create(
        user=user, position=Position.objects.get(code=code), kind="acting",
        start=timezone.localdate(), end=timezone.localdate() + datetime.timedelta(days=3),
        reason="休假",
    )  # fmt: skip
    return user


def test_acting_holders_get_the_positions_pages(client, plan):
    client.force_login(acting("acting_art", "ART"))
    assert client.get("/backoffice/merch/art/").status_code == 200
    assert client.get("/backoffice/merch/shelf/").status_code == 403
    client.force_login(acting("acting_buyer", "PUR-COL", holds="WH-STK"))
    assert client.get("/backoffice/merch/shelfplan/add/").status_code == 200
    assert client.get(f"/backoffice/merch/plans/{plan.pk}/").status_code == 200
    client.force_login(acting("acting_ped", "PED"))
    assert client.get("/backoffice/merch/shelf/").status_code == 200


def test_purchasing_sees_only_its_own_department(client, plan):
    other = ShelfPlan.objects.create(
        title="别的部门", period_start=hours(1), period_end=hours(2),
        department=Department.objects.get(code="WH"), created_by=make_staff("wh", "WH-STK"),
        status="submitted",
    )  # fmt: skip
    client.force_login(make_staff("u_pur", "PUR-MGR"))
    assert client.get(f"/backoffice/merch/plans/{other.pk}/").status_code == 404
    html = client.get("/backoffice/merch/shelfplan/").content.decode()
    assert "计划" in html and "别的部门" not in html
    client.force_login(make_staff("u_ped", "PED"))
    assert "别的部门" in client.get("/backoffice/merch/shelfplan/").content.decode()


@pytest.mark.parametrize("who", ["PED", "CE", "MGR", "PUR-COL", "ART", "CPY", "anonymous"])
def test_apply_post(client, plan, who):
    login_as(client, who)
    r = client.post(f"/backoffice/merch/plans/{plan.pk}/apply/")
    created = ShelfSlot.objects.filter(plan_item__plan=plan).exists()
    if who == "anonymous":
        assert r.status_code == 302 and "login" in r["Location"] and not created
    elif who in EDITORS:
        assert r.status_code == 302 and created
    else:
        assert r.status_code == 403 and not created


@pytest.mark.parametrize("who", ["PUR-COL", "PUR-MGR", "PED", "WH-STK", "anonymous"])
def test_submit_post(client, who):
    buyer = make_staff("buyer2", "PUR-COL")
    draft = services.plan_create(actor=buyer, title="草稿", period_start=hours(1),
                                 period_end=hours(2))  # fmt: skip
    services.plan_item_add(actor=buyer, plan=draft, shelf=shelf(), product=product())
    login_as(client, who)
    r = client.post(f"/backoffice/merch/plans/{draft.pk}/submit/")
    draft.refresh_from_db()
    if who == "anonymous":
        assert r.status_code == 302 and "login" in r["Location"]
        assert draft.status == "draft"
    elif who in PURCHASING:
        assert r.status_code == 302 and draft.status == "submitted"
    else:
        assert r.status_code in (403, 404) and draft.status == "draft"


@pytest.mark.parametrize("who", ["ART", "PED", "CPY", "PUR-COL", "anonymous"])
def test_upload_post(client, plan, who):
    req = plan.ad_requests.get()
    login_as(client, who)
    r = client.post(f"/backoffice/merch/art/{req.pk}/upload/", {"image": image_upload()})
    has_image = bool(AdRequest.objects.get(pk=req.pk).image)
    if who == "anonymous":
        assert r.status_code == 302 and "login" in r["Location"] and not has_image
    elif who in ART_COVER:
        assert r.status_code == 302 and has_image
    else:
        assert r.status_code == 403 and not has_image


def test_acting_art_editor_can_upload(client, plan):
    req = plan.ad_requests.get()
    client.force_login(acting("acting_art2", "ART"))
    client.post(f"/backoffice/merch/art/{req.pk}/upload/", {"image": image_upload()})
    assert AdRequest.objects.get(pk=req.pk).image
