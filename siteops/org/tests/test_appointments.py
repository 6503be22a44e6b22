"""Appointing, ending and acting cover through the position page and the services."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.core.errors import NotAllowed
from siteops.org import services
from siteops.org.models import Position, PositionAssignment, User

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def post_appoint(client, code, **data):
    return client.post(f"/backoffice/org/positions/{code}/appoint/", data, follow=True,
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip


def test_manager_appoints_a_holder_and_permissions_follow_at_once(client, manager):
    newbie = make_staff("newbie", None)
    client.force_login(manager)
    r = post_appoint(client, "CPY", kind="holder", user=newbie.pk, start=TODAY().isoformat())
    assert "Appointment saved" in r.content.decode()
    a = PositionAssignment.objects.get(user=newbie)
    assert a.created_by == manager and a.created_position_code == "MGR"
    assert User.objects.get(pk=newbie.pk).has_perm("org.view_position")


def test_manager_appoints_acting_for_a_vacancy_with_reason_and_dates(client, manager):
    editor = make_staff("ed", "PED")
    client.force_login(manager)
    end = TODAY() + datetime.timedelta(days=10)
    r = post_appoint(client, "ART", kind="acting", user=editor.pk, start=TODAY().isoformat(),
                     end=end.isoformat(), reason="art editor left")  # fmt: skip
    assert r.status_code == 200
    from siteops.org.selectors import resolve

    res = resolve("ART")
    assert res.users == [editor] and res.via == "acting"
    page = client.get("/backoffice/org/positions/ART/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "art editor left" in page


def test_history_records_who_and_acting_as_which_position(manager):
    newbie = make_staff("newbie", None)
    services.assignment_create(actor=manager, user=newbie, position=Position.objects.get(code="CPY"),
                               kind="holder")  # fmt: skip
    h = PositionAssignment.history.get(user_id=newbie.pk)
    assert h.history_user == manager and h.history_position == "MGR" and not h.history_acting


def test_acting_manager_appointment_is_recorded_as_acting():
    ce = make_staff("ce", "CE")
    PositionAssignment.objects.create(
        user=ce, position=Position.objects.get(code="MGR"), kind="acting", start=TODAY(),
        end=TODAY() + datetime.timedelta(days=5), reason="manager on leave",
    )  # fmt: skip
    newbie = make_staff("newbie", None)
    services.assignment_create(actor=User.objects.get(pk=ce.pk), user=newbie,
                               position=Position.objects.get(code="CPY"), kind="holder")  # fmt: skip
    h = PositionAssignment.history.filter(user_id=newbie.pk).get()
    assert h.history_position == "MGR" and h.history_acting


def test_end_appointment_makes_position_vacant(client, manager):
    writer = make_staff("writer", "CPY")
    client.force_login(manager)
    a = PositionAssignment.objects.get(user=writer)
    r = client.post(f"/backoffice/org/positions/CPY/end/{a.pk}/", {"end": ""}, follow=True,
                    HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert "Appointment ended" in r.content.decode()
    from siteops.org.selectors import resolve

    assert resolve("CPY").is_vacant
    assert not User.objects.get(pk=writer.pk).has_perm("org.view_position")


def test_end_date_before_start_is_refused_and_nothing_saved(client, manager):
    newbie = make_staff("newbie", None)
    client.force_login(manager)
    r = post_appoint(client, "CPY", kind="holder", user=newbie.pk, start=TODAY().isoformat(),
                     end=(TODAY() - datetime.timedelta(days=1)).isoformat())  # fmt: skip
    assert "The end date cannot be before the start date." in r.content.decode()
    assert not PositionAssignment.objects.filter(user=newbie).exists()


def test_second_holder_beyond_headcount_is_refused(client, manager):
    make_staff("writer", "CPY")
    newbie = make_staff("newbie", None)
    client.force_login(manager)
    r = post_appoint(client, "CPY", kind="holder", user=newbie.pk, start=TODAY().isoformat())
    assert "full headcount" in r.content.decode()
    assert not PositionAssignment.objects.filter(user=newbie).exists()


def test_headcount_refusal_is_translated_to_chinese(manager):
    from django.utils import translation

    make_staff("writer", "CPY")
    newbie = make_staff("newbie", None)
    with translation.override("zh-hans"):
        with pytest.raises(Exception) as exc:
            services.assignment_create(actor=manager, user=newbie,
                                       position=Position.objects.get(code="CPY"), kind="holder")  # fmt: skip
        assert "编制" in " ".join(exc.value.messages)


def test_appointing_outside_remit_is_refused(client, manager):
    newbie = make_staff("newbie", None)
    client.force_login(manager)
    r = post_appoint(client, "WH-STK", kind="holder", user=newbie.pk, start=TODAY().isoformat())
    assert "outside your remit" in r.content.decode()
    assert not PositionAssignment.objects.filter(user=newbie).exists()
    with pytest.raises(NotAllowed):
        services.assignment_create(actor=manager, user=newbie, kind="holder",
                                   position=Position.objects.get(code="MGR"))  # fmt: skip


def test_hr_may_appoint_in_any_department(hr):
    newbie = make_staff("newbie", None)
    a = services.assignment_create(actor=hr, user=newbie, kind="holder",
                                   position=Position.objects.get(code="WH-STK"))  # fmt: skip
    assert a.created_position_code == "HR-ADM"


def test_staff_without_remit_cannot_appoint(client, chief_editor):
    newbie = make_staff("newbie", None)
    client.force_login(chief_editor)
    r = post_appoint(client, "CPY", kind="holder", user=newbie.pk, start=TODAY().isoformat())
    assert r.status_code == 403
    assert not PositionAssignment.objects.filter(user=newbie).exists()
    with pytest.raises(NotAllowed):
        services.assignment_create(actor=chief_editor, user=newbie, kind="holder",
                                   position=Position.objects.get(code="CPY"))  # fmt: skip


def test_acting_requires_reason_and_end(client, manager):
    editor = make_staff("ed", "PED")
    client.force_login(manager)
    r = post_appoint(client, "ART", kind="acting", user=editor.pk, start=TODAY().isoformat())
    body = r.content.decode()
    assert "Say why someone is acting" in body and "needs an end date" in body
    assert not PositionAssignment.objects.filter(position__code="ART").exists()
