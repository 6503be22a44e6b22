"""Who may open an offline event's screens and press their buttons: anonymous, a shop customer,
the wrong positions, the activity planner and who acts for the planner (GET and every POST)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import make_staff
from siteops.campaigns import offline
from siteops.campaigns.models import EventPhoto, OfflineEvent, RosterShift
from siteops.org.models import Position

from .factories import campaign

pytestmark = pytest.mark.django_db

OUTSIDERS = ["sales", "purchasing", "warehouse"]


@pytest.fixture
def people(staff):
    staff["acting_act"] = make_staff("acting_act", "ACT", kind="acting")
    staff["art"] = make_staff("art", "ART")
    return staff


def _event(actor, hours=(-3, -1)):
    c = campaign(actor, kind="offline_event", code="meetup")
    now = timezone.now()
    return OfflineEvent.objects.create(
        campaign=c, title="见面会", venue="书城", capacity=10, budget=Decimal("500"),
        starts_at=now + datetime.timedelta(hours=hours[0]),
        ends_at=now + datetime.timedelta(hours=hours[1]),
    )  # fmt: skip


def _csv():
    return SimpleUploadedFile("l.csv", "name,phone\n甲,13500000001\n".encode())


def _png():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return SimpleUploadedFile("p.png", buf.getvalue())


def test_event_and_import_pages(client, people, customer):
    ev = _event(people["activity_planner"])
    batch, _ = offline.registration_import_preview(
        actor=people["activity_planner"], event=ev, upload=_csv()
    )
    for url, readers in [
        (reverse("admin:campaigns_event", args=[ev.pk]),
         ["activity_planner", "acting_act", "promotion", "planning_lead", "manager"]),
        (reverse("admin:campaigns_import", args=[batch.pk]),
         ["activity_planner", "acting_act", "planning_lead", "manager"]),
    ]:  # fmt: skip
        client.logout()
        assert client.get(url).status_code == 302  # anonymous → login
        client.force_login(customer)
        assert client.get(url).status_code == 302
        for who in readers:
            client.force_login(people[who])
            assert client.get(url).status_code == 200, (url, who)
        for who in [*OUTSIDERS, "art"]:
            client.force_login(people[who])
            assert client.get(url).status_code == 403, (url, who)
    client.force_login(people["activity_planner"])
    assert client.get(reverse("admin:campaigns_event", args=[99999])).status_code == 404


def test_every_post(client, people, customer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ev = _event(people["activity_planner"])
    act = Position.objects.get(code="ACT")
    upload = reverse("admin:campaigns_event_import", args=[ev.pk])
    roster = reverse("admin:campaigns_roster", args=[ev.pk])
    photo = reverse("admin:campaigns_photo", args=[ev.pk])
    close = reverse("admin:campaigns_close", args=[ev.pk])
    start = timezone.localtime(ev.starts_at).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(ev.ends_at).strftime("%Y-%m-%dT%H:%M")
    shift = {"action": "add", "who": "ACT", "role": "lead", "starts_at": start, "ends_at": end}
    posts = [
        (upload, lambda: {"file": _csv()}),
        (roster, lambda: shift),
        (photo, lambda: {"image": _png(), "caption": "x"}),
        (close, lambda: {"actual_cost": "480", "notes": "顺利"}),
    ]
    for url, data in posts:
        client.logout()
        assert client.post(url, data()).status_code == 302  # anonymous → login
        client.force_login(customer)
        assert client.post(url, data()).status_code == 302
        for who in [*OUTSIDERS, "promotion", "planning_lead", "art"]:
            client.force_login(people[who])
            assert client.post(url, data()).status_code == 403, (url, who)
        client.force_login(people["activity_planner"])
        assert client.get(url).status_code == 405
    assert not ev.imports.exists() and not RosterShift.objects.exists()
    assert not EventPhoto.objects.exists() and not OfflineEvent.objects.get().closed_at

    client.force_login(people["acting_act"])  # the acting holder does each
    # bad input: a translated message on the page, never a 500, nothing written
    for url, data in [
        (roster, {**shift, "starts_at": "2026-02-30T10:00"}),
        (roster, {**shift, "who": "NOPE"}),
        (roster, {"action": "remove", "shift": "99999999999999"}),
        (close, {"actual_cost": "1e400", "notes": "x"}),
        (close, {"actual_cost": "1", "notes": "a\x00b"}),
        (upload, {}),
        (photo, {"caption": "no file"}),
    ]:
        assert client.post(url, data).status_code == 302, (url, data)
    assert not RosterShift.objects.exists() and not OfflineEvent.objects.get().closed_at
    assert client.post(upload, {"file": _csv()}).status_code == 302
    batch = ev.imports.get()
    apply = reverse("admin:campaigns_import_apply", args=[batch.pk])
    for who in [*OUTSIDERS, "promotion", "planning_lead"]:
        client.force_login(people[who])
        assert client.post(apply, {"action": "apply"}).status_code == 403, who
    client.force_login(people["acting_act"])
    assert client.post(apply, {"action": "apply"}).status_code == 302
    assert ev.registrations.count() == 1
    assert client.post(apply, {"action": "apply"}).status_code == 302  # again: refused, a message
    assert ev.registrations.count() == 1
    assert client.post(roster, shift).status_code == 302
    assert RosterShift.objects.get().position == act
    assert client.post(photo, {"image": _png()}).status_code == 302
    assert EventPhoto.objects.count() == 1
    assert client.post(close, {"actual_cost": "480", "notes": "顺利"}).status_code == 302
    ev.refresh_from_db()
    assert ev.closed_at is not None and ev.summary.actual_cost == Decimal("480")


def _event_page_queries(client, user, ev):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("admin:campaigns_event", args=[ev.pk])).status_code == 200
    return len(ctx)


def test_event_page_queries_do_not_grow(client, activity_planner, promotion):
    ev = _event(activity_planner, hours=(2, 5))
    prm = Position.objects.get(code="PRM")

    def add(n):
        for i in range(n):
            offline.roster_add(
                actor=activity_planner, event=ev, position=prm, role="support",
                starts_at=ev.starts_at + datetime.timedelta(minutes=i),
                ends_at=ev.ends_at, person=promotion if i == 0 and not ev.roster.exists() else None,
            )  # fmt: skip

    add(1)
    small = _event_page_queries(client, activity_planner, ev)
    add(6)
    assert _event_page_queries(client, activity_planner, ev) == small


def test_import_page_queries_do_not_grow(client, activity_planner):
    ev = _event(activity_planner, hours=(2, 5))

    def queries(n):
        text = "name,phone\n" + "".join(f"人{i},1350000{n:02d}{i:02d}\n" for i in range(n))
        batch, _ = offline.registration_import_preview(
            actor=activity_planner, event=ev, upload=SimpleUploadedFile(f"{n}.csv", text.encode())
        )
        client.force_login(activity_planner)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("admin:campaigns_import", args=[batch.pk]))
        assert r.status_code == 200 and r.content.decode().count("data-line=") == n
        return len(ctx)

    assert queries(2) == queries(25)
