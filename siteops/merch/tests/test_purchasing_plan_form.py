"""Purchasing fills in a plan in the back office (lines and ad requests), then submits it."""

import pytest

from siteops.merch.models import ShelfPlan
from siteops.work.models import WorkItem

from .factories import ad_position, product, shelf

pytestmark = pytest.mark.django_db


def form_data(hot, cup, banner, **extra):
    data = {
        "title": "圣诞货架", "note": "",
        "period_start_0": "2026-12-20", "period_start_1": "00:00:00",
        "period_end_0": "2026-12-27", "period_end_1": "00:00:00",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-shelf": str(hot.pk), "items-0-product": str(cup.pk), "items-0-order": "1",
        "ad_requests-TOTAL_FORMS": "1", "ad_requests-INITIAL_FORMS": "0",
        "ad_requests-MIN_NUM_FORMS": "0", "ad_requests-MAX_NUM_FORMS": "1000",
        "ad_requests-0-position": str(banner.pk), "ad_requests-0-brief": "圣诞特惠",
        "ad_requests-0-link": "/sale/",
    }  # fmt: skip
    data.update(extra)
    return data


def test_purchasing_creates_and_submits_a_plan(client, purchasing):
    hot, cup, banner = shelf(), product(), ad_position()
    client.force_login(purchasing)
    r = client.post("/backoffice/merch/shelfplan/add/", form_data(hot, cup, banner))
    assert r.status_code == 302, r.content.decode()[:2000]
    plan = ShelfPlan.objects.get()
    assert r["Location"] == f"/backoffice/merch/plans/{plan.pk}/"
    assert plan.department.code == "PUR" and plan.created_by == purchasing
    assert plan.items.get().product == cup and plan.ad_requests.get().brief == "圣诞特惠"
    assert plan.history.first().history_position == "PUR-COL"
    client.post(f"/backoffice/merch/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert WorkItem.objects.filter(position__code="PED").count() == 1
    # Once submitted, the plan is no longer editable by Purchasing.
    r = client.post(f"/backoffice/merch/shelfplan/{plan.pk}/change/", form_data(hot, cup, banner))
    assert r.status_code == 403


def test_bad_link_and_period_are_refused_with_nothing_saved(client, purchasing):
    hot, cup, banner = shelf(), product(), ad_position()
    client.force_login(purchasing)
    r = client.post(
        "/backoffice/merch/shelfplan/add/",
        form_data(hot, cup, banner, **{"ad_requests-0-link": "javascript:alert(1)",
                                       "period_end_0": "2026-12-01"}),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )  # fmt: skip
    assert r.status_code == 200
    html = r.content.decode()
    assert "本站路径" in html and "周期结束时间必须晚于开始时间" in html
    assert not ShelfPlan.objects.exists()


def test_purchasing_finds_products_for_plan_lines(client, purchasing):
    cup = product(title="保温杯 Autocomplete")
    url = ("/backoffice/autocomplete/?app_label=merch&model_name=shelfplanitem"
           "&field_name=product&term=保温杯")  # fmt: skip
    client.force_login(purchasing)
    r = client.get(url)
    assert r.status_code == 200 and str(cup.pk) in [x["id"] for x in r.json()["results"]]
    client.logout()
    assert client.get(url).status_code == 302
