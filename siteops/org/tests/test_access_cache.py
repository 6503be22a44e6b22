"""Positions, permissions and the menu are cached (siteops.org.access, siteops.core.menu), yet a
change of appointment — made by anyone, by any write path, or by the calendar — takes effect on
the very next request, and a cached menu never shows an entry its user lacks."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone

from conftest import make_staff
from siteops.core import hooks
from siteops.core.menu import MENU, _url
from siteops.org.models import Position, PositionAssignment, User

pytestmark = pytest.mark.django_db

PAGE = "/backoffice/work/notifications/"  # any back-office person may open it; it has the shell
APPOINTMENTS = "admin:org_positionassignment_changelist"
ITEMS = {item.url: item for group in MENU for item in group.items}
CODES = ["LEAD", "MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT",
         "PUR-MGR", "PUR-COL", "PUR-CAT", "WH-STK", "LOG-DSP", "CS-AGT", "SAL-PRJ", "HR-ADM"]  # fmt: skip


def today():
    return timezone.localdate()


def truth(user) -> set[str]:
    """The permissions the user's positions give today, straight from the database."""
    positions = PositionAssignment.objects.active().filter(user=user).values("position")
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__position__in=positions).values_list(
            "content_type__app_label", "codename"
        )
    }


def menu_names(response) -> list[str]:
    return [i["name"] for g in response.context["sidebar_navigation"] for i in g["items"]]


def check_menu(client, user):
    """The page's menu shows exactly the entries the user's positions allow today."""
    response = client.get(PAGE)
    if not PositionAssignment.objects.active().filter(user=user).exists():
        assert response.status_code == 302  # no position today: back to the login page
        return
    assert response.status_code == 200
    perms = truth(user)
    fresh = User.objects.get(pk=user.pk)  # not request-loaded: resolved from the database
    shown = set(menu_names(response))
    for name in shown:
        item = ITEMS[name]
        assert item.perm is None or item.perm in perms, (user, name)
        assert item.check is None or hooks.ask(item.check, fresh), (user, name)
    for name, item in ITEMS.items():
        if item.check is None and (item.perm is None or item.perm in perms) and _url(name):
            assert name in shown, (user, name)


def appoint(user, code, *, kind="holder", start=None, end=None):
    return PositionAssignment.objects.create(
        user=user, position=Position.objects.get(code=code), kind=kind,
        start=start or today() - datetime.timedelta(days=10), end=end,
        reason="cover" if kind == "acting" else "",
    )  # fmt: skip


def test_appointment_change_takes_effect_on_next_request(client):
    user = make_staff("writer", "CPY")
    client.force_login(user)
    first = client.get(PAGE)
    assert APPOINTMENTS not in menu_names(first)
    assert client.get("/backoffice/org/positionassignment/").status_code == 403

    mgr = appoint(user, "MGR")  # the cached access of yesterday's version must not be served
    assert APPOINTMENTS in menu_names(client.get(PAGE))
    assert client.get("/backoffice/org/positionassignment/").status_code == 200

    # Ended by a bulk update (no model signal): the database raises the version all the same.
    PositionAssignment.objects.filter(pk=mgr.pk).update(end=today() - datetime.timedelta(days=1))
    assert APPOINTMENTS not in menu_names(client.get(PAGE))
    assert client.get("/backoffice/org/positionassignment/").status_code == 403

    user.assignments.all().delete()  # no position left: the door closes at once
    response = client.get(PAGE)
    assert response.status_code == 302 and "/backoffice/login/" in response["Location"]


def test_permission_removed_from_a_position_takes_effect_on_next_request(client):
    user = make_staff("mgr", "MGR")
    client.force_login(user)
    assert APPOINTMENTS in menu_names(client.get(PAGE))
    group = Position.objects.get(code="MGR").group
    perm = Permission.objects.get(codename="view_positionassignment")
    group.permissions.remove(perm)
    assert APPOINTMENTS not in menu_names(client.get(PAGE))
    group.permissions.add(perm)
    assert APPOINTMENTS in menu_names(client.get(PAGE))


def test_acting_starts_and_ends_by_date_with_nobody_touching_the_user(client):
    user = make_staff("writer", "CPY")
    appoint(user, "MGR", kind="acting", start=today() + datetime.timedelta(days=2),
            end=today() + datetime.timedelta(days=5))  # fmt: skip
    client.force_login(user)
    assert APPOINTMENTS not in menu_names(client.get(PAGE))  # cached for today
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        assert APPOINTMENTS in menu_names(client.get(PAGE))
        assert client.get("/backoffice/org/positionassignment/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7), tick=False):
        assert APPOINTMENTS not in menu_names(client.get(PAGE))
        assert client.get("/backoffice/org/positionassignment/").status_code == 403


def test_second_request_resolves_no_positions_or_permissions(client, monkeypatch):
    from siteops.org import access

    client.force_login(make_staff("mgr", "MGR"))
    assert client.get(PAGE).status_code == 200
    calls = []
    resolve = access._resolve
    monkeypatch.setattr(access, "_resolve", lambda *a: calls.append(a) or resolve(*a))
    assert client.get(PAGE).status_code == 200
    assert calls == []  # the door, the menu and every has_perm served from the cache


@pytest.mark.parametrize("code", CODES)
def test_cached_menu_shows_only_what_the_user_may(client, code):
    """Every position, before and after an appointment change, at acting start and end."""
    other = CODES[(CODES.index(code) + 7) % len(CODES)]
    user = make_staff(f"u-{code.lower()}", code)
    client.force_login(user)
    check_menu(client, user)
    # Appointed to another position too, then the first one ends.
    second = appoint(user, other)
    check_menu(client, user)
    user.assignments.exclude(pk=second.pk).update(end=today() - datetime.timedelta(days=1))
    check_menu(client, user)
    # Acting for the first position again from the day after tomorrow to the day after.
    appoint(user, code, kind="acting", start=today() + datetime.timedelta(days=2),
            end=today() + datetime.timedelta(days=3))  # fmt: skip
    check_menu(client, user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        check_menu(client, user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        check_menu(client, user)
    second.delete()
    check_menu(client, user)
