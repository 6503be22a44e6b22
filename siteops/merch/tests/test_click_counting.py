"""Ad and slot clicks: one conditional UPDATE each, no lost updates, no open redirect."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from siteops.merch import services
from siteops.merch.models import Ad, ClickDay, ShelfSlot

from .factories import ad, hours, slot


@pytest.mark.django_db
def test_click_redirects_to_the_stored_link_and_counts(client):
    a = ad(link="https://partner.example.com/landing?x=1")
    r = client.get(f"/go/ad/{a.pk}/?next=https://evil.example.com/")
    assert r.status_code == 302 and r["Location"] == "https://partner.example.com/landing?x=1"
    assert Ad.objects.get(pk=a.pk).click_count == 1


@pytest.mark.django_db
def test_slot_click_goes_to_the_product(client):
    s = slot()
    r = client.get(f"/go/slot/{s.pk}/")
    assert r.status_code == 302 and r["Location"].startswith("/")
    assert ShelfSlot.objects.get(pk=s.pk).click_count == 1


@pytest.mark.django_db
def test_unknown_or_unsafe_targets_are_404(client):
    assert client.get("/go/ad/999999/").status_code == 404
    assert client.get("/go/slot/999999/").status_code == 404
    a = ad()
    Ad.objects.filter(pk=a.pk).update(link="javascript:alert(1)")  # bypassing validation
    assert client.get(f"/go/ad/{a.pk}/").status_code == 404
    Ad.objects.filter(pk=a.pk).update(link="//evil.example.com/")
    assert client.get(f"/go/ad/{a.pk}/").status_code == 404


@pytest.mark.parametrize(
    "window",
    [
        {"start": hours(-5), "end": hours(-1)},  # ended
        {"start": hours(2), "end": hours(5)},  # not yet live
        {"is_active": False},  # paused
    ],
    ids=["ended", "not-yet-live", "inactive"],
)
@pytest.mark.django_db
def test_an_ad_that_is_not_live_leads_home_not_to_its_target(client, window):
    a = ad(link="https://partner.example.com/landing", **window)
    r = client.get(f"/go/ad/{a.pk}/")
    assert r.status_code == 302 and r["Location"] == "/"
    assert Ad.objects.get(pk=a.pk).click_count == 0


@pytest.mark.django_db
def test_an_ad_in_an_inactive_position_leads_home(client):
    a = ad(link="https://partner.example.com/landing")
    type(a.position).objects.filter(pk=a.position_id).update(is_active=False)
    r = client.get(f"/go/ad/{a.pk}/")
    assert r.status_code == 302 and r["Location"] == "/"


@pytest.mark.django_db
def test_a_click_is_conditional_updates_only():
    """The running total and the day's row (reports): UPDATEs, no read-modify-write; the day's
    first click also inserts its row."""
    a = ad()
    assert services.ad_click(a.pk)  # the day's first: creates the day's row
    with CaptureQueriesContext(connection) as ctx:
        assert services.ad_click(a.pk)
    sql = [
        q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(sql) == 2 and all(q.startswith("UPDATE") for q in sql)
    assert "click_count" in sql[0] and "merch_clickday" in sql[1]
    assert ClickDay.objects.get(ad=a).clicks == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_lose_no_update():
    a, s = ad(), slot()
    threads, per_thread, n = [], 10, 8
    errors = []

    def click():
        try:
            for _ in range(per_thread):
                services.ad_click(a.pk)
                services.slot_click(s.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    for _ in range(n):
        threads.append(threading.Thread(target=click))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Ad.objects.get(pk=a.pk).click_count == n * per_thread
    assert ShelfSlot.objects.get(pk=s.pk).click_count == n * per_thread
    # the days' rows (what reports read) lose nothing either, the first-click race included
    assert sum(ClickDay.objects.filter(ad=a).values_list("clicks", flat=True)) == n * per_thread
    assert sum(ClickDay.objects.filter(slot=s).values_list("clicks", flat=True)) == n * per_thread
