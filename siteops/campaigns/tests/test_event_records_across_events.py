"""The offline events' records over all events in the back office: the roster (who works which
event when), the registration lists staff uploaded (with their rows' errors) and the post-event
summaries. Read-only lists (written on the event's page); who may open them; bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.campaigns import offline, services
from siteops.campaigns.models import EventSummary, OfflineEvent, RegistrationImport, RosterShift
from siteops.org.models import Position

from .factories import campaign

pytestmark = pytest.mark.django_db

ROSTER = "admin:campaigns_rostershift_changelist"
IMPORTS = "admin:campaigns_registrationimport_changelist"
SUMMARIES = "admin:campaigns_eventsummary_changelist"
EVENT_READERS = ["activity_planner", "acting_act", "promotion", "planning_lead", "manager"]
# the lists' rows are people's names and phones: as for the registrations themselves
LIST_READERS = ["activity_planner", "acting_act", "planning_lead", "manager"]
OUTSIDERS = ["sales", "purchasing", "warehouse", "art"]


@pytest.fixture
def people(staff):
    staff["acting_act"] = make_staff("acting_act", "ACT", kind="acting")
    staff["art"] = make_staff("art", "ART")
    return staff


_n = iter(range(1000))


def _event(actor, *, hours=(-3, -1), title="见面会") -> OfflineEvent:
    c = campaign(actor, kind="offline_event", code=f"meetup-{next(_n)}")
    now = timezone.now()
    return OfflineEvent.objects.create(
        campaign=c, title=title, venue="书城", capacity=10, budget=Decimal("500"),
        starts_at=now + datetime.timedelta(hours=hours[0]),
        ends_at=now + datetime.timedelta(hours=hours[1]),
    )  # fmt: skip


def _shift(actor, ev, code="PRM", person=None, role="check_in"):
    return offline.roster_add(
        actor=actor, event=ev, position=Position.objects.get(code=code), person=person,
        role=role, starts_at=ev.starts_at, ends_at=ev.ends_at,
    )  # fmt: skip


def _list(actor, ev, text="姓名,手机\n张三,13800000001\n李四,\n王五,abc\n"):
    batch, _ = offline.registration_import_preview(
        actor=actor, event=ev, upload=SimpleUploadedFile("名单.csv", text.encode())
    )
    return batch


def _close(actor, ev, cost="650.00"):
    reg = services.registration_add(actor=actor, event=ev, name="读者", phone="13600000001")
    services.registration_add(actor=actor, event=ev, name="读者二", phone="13600000002")
    services.registration_check_in(actor=actor, code=reg.code, event=ev)
    return offline.event_close(actor=actor, event=ev, actual_cost=Decimal(cost), notes="人太多")


def _records(people):
    act = people["activity_planner"]
    past = _event(act, title="读书会")
    coming = _event(act, hours=(48, 50), title="签售会")
    shifts = [_shift(act, past, person=people["promotion"]), _shift(act, coming, code="ACT")]
    batch = _list(act, coming)
    summary = _close(act, past)
    return past, coming, shifts, batch, summary


def test_who_may_open_the_lists(client, people, customer):
    past, coming, shifts, batch, summary = _records(people)
    for name, readers in [(ROSTER, EVENT_READERS), (SUMMARIES, EVENT_READERS),
                          (IMPORTS, LIST_READERS)]:  # fmt: skip
        url = reverse(name)
        client.logout()
        assert client.get(url).status_code == 302  # anonymous → login
        client.force_login(customer)
        assert client.get(url).status_code == 302  # a shop customer is no staff
        for who in readers:
            client.force_login(people[who])
            assert client.get(url).status_code == 200, (name, who)
        for who in [*OUTSIDERS, *({*EVENT_READERS} - {*readers})]:
            client.force_login(people[who])
            assert client.get(url).status_code == 403, (name, who)


def test_the_lists_are_read_only_and_a_row_opens_its_page(client, people):
    past, coming, shifts, batch, summary = _records(people)
    client.force_login(people["activity_planner"])
    for model, obj, page in [
        ("rostershift", shifts[1], reverse("admin:campaigns_event", args=[coming.pk])),
        ("eventsummary", summary, reverse("admin:campaigns_event", args=[past.pk])),
        ("registrationimport", batch, reverse("admin:campaigns_import", args=[batch.pk])),
    ]:
        change = reverse(f"admin:campaigns_{model}_change", args=[obj.pk])
        assert client.get(change)["Location"] == page, model
        r = client.post(change, {"note": "x", "status": "applied"})  # a POST changes nothing
        assert r.status_code == 302 and r["Location"] == page, model
        assert client.get(reverse(f"admin:campaigns_{model}_add")).status_code == 403, model
        delete = reverse(f"admin:campaigns_{model}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403, model
        assert (
            client.get(reverse(f"admin:campaigns_{model}_change", args=[99999])).status_code == 404
        )
        bad = reverse(f"admin:campaigns_{model}_changelist") + "abc\x00/change/"
        assert client.get(bad).status_code in (302, 404), model
    assert RosterShift.objects.get(pk=shifts[1].pk).note == ""
    assert RegistrationImport.objects.get(pk=batch.pk).status != "applied"
    assert EventSummary.objects.count() == 1
    client.force_login(people["sales"])
    assert (
        client.get(reverse("admin:campaigns_rostershift_change", args=[shifts[0].pk])).status_code
        == 403
    )


def test_the_roster_over_all_events(client, people):
    past, coming, shifts, batch, summary = _records(people)
    client.force_login(people["planning_lead"])
    page = client.get(reverse(ROSTER)).content.decode()
    assert "读书会" in page and "签售会" in page
    assert reverse("admin:campaigns_event", args=[coming.pk]) in page
    assert "not named yet" in page or "尚未指定" in page  # the ACT shift has no person yet
    coming_only = client.get(reverse(ROSTER) + "?when=coming").content.decode()
    assert "签售会" in coming_only and "读书会" not in coming_only
    past_only = client.get(reverse(ROSTER) + "?when=past").content.decode()
    assert "读书会" in past_only and "签售会" not in past_only
    acts = client.get(
        reverse(ROSTER) + f"?position__id__exact={Position.objects.get(code='ACT').pk}"
    )
    assert "签售会" in acts.content.decode() and "读书会" not in acts.content.decode()


def test_registration_lists_show_their_errors(client, people):
    past, coming, shifts, batch, summary = _records(people)
    assert batch.rows_error == 2
    client.force_login(people["manager"])
    page = client.get(reverse(IMPORTS)).content.decode()
    errors_url = reverse("admin:campaigns_import", args=[batch.pk]) + "?status=error"
    assert "名单.csv" in page and errors_url in page
    assert "名单.csv" in client.get(reverse(IMPORTS) + "?errors=yes").content.decode()
    assert "名单.csv" not in client.get(reverse(IMPORTS) + "?errors=no").content.decode()
    only = client.get(errors_url).content.decode()
    assert 'data-line="3"' in only and 'data-line="4"' in only and 'data-line="2"' not in only
    every = client.get(reverse("admin:campaigns_import", args=[batch.pk])).content.decode()
    assert 'data-line="2"' in every and "data-row-filter" in every
    weird = reverse("admin:campaigns_import", args=[batch.pk]) + "?status=nonsense"
    assert 'data-line="2"' in client.get(weird).content.decode()  # unknown: every row
    assert client.get(weird + "%00").status_code == 400  # a NUL byte: refused, no 500


def test_the_summaries_side_by_side(client, people):
    past, coming, shifts, batch, summary = _records(people)
    client.force_login(people["manager"])
    page = client.get(reverse(SUMMARIES)).content.decode()
    assert "读书会" in page and "+150.00" in page and "50.0 %" in page
    assert summary.variance == Decimal("150.00")


@pytest.mark.parametrize(
    "query",
    ["?starts_at__year=1e300000", "?starts_at__month=13&starts_at__year=2026", "?when=%00",
     "?q=%00", "?errors=maybe", "?closed_at__day=99&closed_at__month=1&closed_at__year=2026",
     "?o=99", "?p=1e300000"],
)  # fmt: skip
def test_bad_input_is_no_500(client, people, query):
    _records(people)
    client.force_login(people["manager"])
    for name in (ROSTER, IMPORTS, SUMMARIES):
        assert client.get(reverse(name) + query).status_code in (200, 302, 400), (name, query)


def test_queries_do_not_grow_with_the_rows(client, people):
    act = people["activity_planner"]
    client.force_login(people["manager"])

    def counts():
        out = []
        for name in (ROSTER, IMPORTS, SUMMARIES):
            with CaptureQueriesContext(connection) as q:
                assert client.get(reverse(name)).status_code == 200
            out.append(len(q))
        return out

    _records(people)
    small = counts()
    for i in range(4):
        ev = _event(act, title=f"活动{i}")
        _shift(act, ev, person=people["promotion"])
        _list(act, ev, text=f"姓名,手机\n张{i},1380000010{i}\n")
        _close(act, ev)
    assert counts() == small


def test_the_menu_shows_the_lists_to_whom_may_open_them(client, people):
    client.force_login(people["activity_planner"])
    page = client.get(reverse(ROSTER)).content.decode()
    for name in (ROSTER, IMPORTS, SUMMARIES):
        assert reverse(name) in page, name
    client.force_login(people["promotion"])
    page = client.get(reverse(ROSTER)).content.decode()
    assert reverse(ROSTER) in page and reverse(IMPORTS) not in page
