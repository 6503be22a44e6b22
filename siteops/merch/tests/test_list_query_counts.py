"""List pages and work screens: the same number of queries at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from siteops.merch import services

from .factories import ad, ad_position, hours, image_upload, product, shelf, slot

pytestmark = pytest.mark.django_db


def grow(n, buyer, editor):
    pos = ad_position()
    s = shelf()
    for _ in range(n):
        ad(pos)
        slot(s, product())
        plan = services.plan_create(actor=buyer, title="p", period_start=hours(1),
                                    period_end=hours(9))  # fmt: skip
        services.plan_item_add(actor=buyer, plan=plan, shelf=s, product=product())
        req = services.ad_request_add(actor=buyer, plan=plan, position=pos, brief="b",
                                      link="/x/")  # fmt: skip
        services.plan_submit(actor=buyer, plan=plan)
        services.ad_request_upload_image(actor=editor, ad_request=req, image=image_upload())
    return plan


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(ctx.captured_queries)


URLS = [
    "/backoffice/merch/ad/",
    "/backoffice/merch/shelf/",
    "/backoffice/merch/shelfslot/",
    "/backoffice/merch/shelfplan/",
    "/backoffice/merch/adposition/",
    "/backoffice/merch/art/",
]


def test_list_pages_constant(client):
    buyer, editor = make_staff("qc_buyer", "PUR-COL"), make_staff("qc_ped", "PED")
    client.force_login(editor)
    plan = grow(2, buyer, editor)
    small = {u: count(client, u) for u in URLS + [f"/backoffice/merch/plans/{plan.pk}/"]}
    plan = grow(12, buyer, editor)
    big = {u: count(client, u) for u in URLS + [f"/backoffice/merch/plans/{plan.pk}/"]}
    for k in small:
        k_big = k if "plans/" not in k else f"/backoffice/merch/plans/{plan.pk}/"
        assert small[k] == big[k_big], (k, small[k], big[k_big])
