"""ACT-03 after registering one by one: staff import a registration list (XLSX/CSV through the
shared reader: preview with row errors, capacity respected, a replay creates nothing), keep the
event's staff roster, and close the event with its summary (attendance from the check-ins,
cost against the budget, notes, photos)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import make_staff
from siteops.campaigns import offline, services
from siteops.campaigns.models import OfflineEvent, Registration, RosterShift
from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.spreadsheets import xlsx_bytes
from siteops.org.models import Position

from .factories import campaign

pytestmark = pytest.mark.django_db


def _event(actor, *, capacity=3, hours=(24, 27), **kw):
    c = campaign(actor, kind="offline_event", code=kw.pop("code", "meetup-2026"))
    now = timezone.now()
    return OfflineEvent.objects.create(
        campaign=c, title="读者见面会", venue="书城三楼", capacity=capacity,
        starts_at=now + datetime.timedelta(hours=hours[0]),
        ends_at=now + datetime.timedelta(hours=hours[1]), budget=Decimal("1000"), **kw,
    )  # fmt: skip


def _csv(text: str, name="list.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def png(name="p.png"):
    buf = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_a_list_is_previewed_then_registered_within_capacity_and_a_replay_adds_nothing(
    activity_planner,
):
    ev = _event(activity_planner, capacity=3)
    services.registration_add(actor=activity_planner, event=ev, name="老读者", phone="13900000000")
    text = ("姓名,手机\n张三,138 0000 0001\n李四,\n王五,abc\n赵六,13800000001\n"
            "老读者,13900000000\n孙七,13800000002\n周八,13800000003\n")  # fmt: skip
    batch, created = offline.registration_import_preview(
        actor=activity_planner, event=ev, upload=_csv(text)
    )
    assert created and batch.rows_total == 7
    rows = {r.line: (r.status, r.key) for r in batch.rows.all()}
    assert rows[2] == ("pending", "13800000001")  # spaces taken out of the phone
    assert rows[3][0] == rows[4][0] == "error"  # no phone; not a phone number
    assert rows[5][0] == "duplicate" and rows[6][0] == "duplicate"  # in the file; registered
    assert Registration.objects.filter(event=ev).count() == 1  # a preview registers nobody

    offline.registration_import_apply(actor=activity_planner, batch=batch)
    ev.refresh_from_db()
    assert ev.registered == ev.capacity == 3  # two places were left: two of the three pending
    assert set(Registration.objects.filter(event=ev).values_list("name", flat=True)) == {
        "老读者", "张三", "孙七"}  # fmt: skip
    batch.refresh_from_db()
    full = batch.rows.get(line=8)
    assert (full.status, batch.rows_applied) == ("error", 2) and "满" in full.error
    with pytest.raises(IllegalTransition):  # applied once
        offline.registration_import_apply(actor=activity_planner, batch=batch)
    again, created = offline.registration_import_preview(
        actor=activity_planner, event=ev, upload=_csv(text)
    )
    assert (again.pk, created) == (batch.pk, False)
    assert (Registration.objects.count(), ev.imports.count()) == (3, 1)


def test_an_xlsx_list_through_the_pages(client, activity_planner):
    ev = _event(activity_planner, capacity=10)
    data = xlsx_bytes([["name", "phone"], ["陈一", "13700000001"], ["林二", 13700000002]])
    client.force_login(activity_planner)
    r = client.post(reverse("admin:campaigns_event_import", args=[ev.pk]),
                    {"file": SimpleUploadedFile("名单.xlsx", data)})  # fmt: skip
    batch = ev.imports.get()
    assert r["Location"] == reverse("admin:campaigns_import", args=[batch.pk])
    page = client.get(r["Location"]).content.decode()
    assert "陈一" in page and "13700000002" in page and "data-apply-form" in page
    client.post(reverse("admin:campaigns_import_apply", args=[batch.pk]), {"action": "apply"})
    assert sorted(Registration.objects.values_list("phone", flat=True)) == [
        "13700000001", "13700000002"]  # fmt: skip
    # not a spreadsheet: a translated message, nothing recorded
    r = client.post(reverse("admin:campaigns_event_import", args=[ev.pk]),
                    {"file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4 \x00\x01")}, follow=True)  # fmt: skip
    assert r.status_code == 200 and ev.imports.count() == 1


def test_the_roster(activity_planner, promotion):
    ev = _event(activity_planner)
    prm = Position.objects.get(code="PRM")
    at = ev.starts_at
    shift = offline.roster_add(
        actor=activity_planner, event=ev, position=prm, person=promotion, role="check_in",
        starts_at=at, ends_at=at + datetime.timedelta(hours=2),
    )  # fmt: skip
    offline.roster_add(
        actor=activity_planner, event=ev, position=Position.objects.get(code="ACT"), role="lead",
        starts_at=at, ends_at=at + datetime.timedelta(hours=3),
    )  # fmt: skip
    with pytest.raises(DomainError):  # the same person on an overlapping shift
        offline.roster_add(
            actor=activity_planner, event=ev, position=prm, person=promotion, role="photos",
            starts_at=at + datetime.timedelta(hours=1), ends_at=at + datetime.timedelta(hours=4),
        )  # fmt: skip
    with pytest.raises(Exception):  # noqa: B017 - ends before it starts: a validation error
        offline.roster_add(
            actor=activity_planner, event=ev, position=prm, role="host", starts_at=at,
            ends_at=at - datetime.timedelta(hours=1),
        )  # fmt: skip
    with pytest.raises(DomainError):  # promotion does not plan events
        offline.roster_add(
            actor=promotion, event=ev, position=prm, role="host", starts_at=at,
            ends_at=at + datetime.timedelta(hours=1),
        )  # fmt: skip
    assert RosterShift.objects.filter(event=ev).count() == 2
    offline.roster_remove(actor=activity_planner, shift=shift)
    assert RosterShift.objects.filter(event=ev).count() == 1


def test_the_summary_counts_check_ins_compares_cost_and_closes_the_event(
    client, activity_planner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ev = _event(activity_planner, capacity=5, hours=(-3, -1))
    regs = [
        services.registration_add(
            actor=activity_planner, event=ev, name=f"读者{i}", phone=f"1360000000{i}"
        )  # fmt: skip
        for i in range(3)
    ]
    for reg in regs[:2]:
        services.registration_check_in(actor=activity_planner, code=reg.code, event=ev)
    photo = offline.photo_add(actor=activity_planner, event=ev, image=png(), caption="签到台")
    assert photo.image.name.startswith("campaigns/events/")
    with pytest.raises(DomainError):  # a renamed PDF is no photo
        offline.photo_add(
            actor=activity_planner, event=ev, image=SimpleUploadedFile("a.png", b"%PDF-1.4")
        )
    with pytest.raises(DomainError):  # notes are required
        offline.event_close(actor=activity_planner, event=ev, actual_cost=Decimal("1"), notes="")
    summary = offline.event_close(
        actor=activity_planner, event=ev, actual_cost=Decimal("1200.00"), notes="签到排队太长"
    )
    assert (summary.registered, summary.attended) == (3, 2)
    assert summary.variance == Decimal("200.00") and summary.attendance_rate == Decimal("66.7")
    ev.refresh_from_db()
    assert ev.closed_at is not None
    with pytest.raises(IllegalTransition):
        offline.event_close(actor=activity_planner, event=ev, actual_cost=Decimal("1"), notes="x")
    with pytest.raises(IllegalTransition):
        services.registration_add(actor=activity_planner, event=ev, name="迟到", phone="13600009")
    with pytest.raises(IllegalTransition):
        services.registration_check_in(actor=activity_planner, code=regs[2].code, event=ev)
    with pytest.raises(IllegalTransition):
        offline.photo_add(actor=activity_planner, event=ev, image=png())
    client.force_login(activity_planner)
    page = client.get(reverse("admin:campaigns_event", args=[ev.pk])).content.decode()
    assert "签到排队太长" in page and "data-closed" in page and "data-close-form" not in page
    # who closed it, as which position, by the position's name (never its code)
    assert (summary.closed_by, summary.closed_position_code, summary.closed_acting) == (
        activity_planner,
        "ACT",
        False,
    )
    from siteops.org.models import Position

    name = Position.objects.get(code="ACT").name_zh
    assert f"({name})" in page and "(ACT)" not in page and "· ACT" not in page
    listed = client.get("/backoffice/campaigns/eventsummary/").content.decode()
    assert f"({name})" in listed
    assert client.get(photo.image.url).status_code == 200  # staff-only media, for the planner
    client.force_login(make_staff("sales2", "SAL-PRJ"))
    assert client.get(photo.image.url).status_code == 403


def test_an_event_not_yet_over_cannot_be_closed(activity_planner):
    ev = _event(activity_planner)
    with pytest.raises(IllegalTransition):
        offline.event_close(actor=activity_planner, event=ev, actual_cost=Decimal("0"), notes="x")
    ev.refresh_from_db()
    assert ev.closed_at is None and not hasattr(ev, "summary")
