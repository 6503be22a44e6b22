"""Permissions are the union of the groups of the positions a user holds or acts for, by date."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.org.models import User

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)  # permission caches live on the instance


def test_holder_has_position_permissions_and_others_do_not():
    mgr = make_staff("mgr", "MGR")
    clerk = make_staff("clerk", "WH-STK")
    assert mgr.has_perm("org.manage_department_assignments")
    assert not clerk.has_perm("org.manage_department_assignments")
    assert clerk.has_perm("org.view_position")


def test_acting_permissions_start_and_end_by_date():
    today = timezone.localdate()
    editor = make_staff("ed", "CPY")
    from siteops.org.models import Position, PositionAssignment

    PositionAssignment.objects.create(
        user=editor, position=Position.objects.get(code="MGR"), kind="acting",
        start=today + datetime.timedelta(days=2), end=today + datetime.timedelta(days=5),
        reason="manager on leave",
    )  # fmt: skip
    assert not fresh(editor).has_perm("org.manage_department_assignments")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        assert fresh(editor).has_perm("org.manage_department_assignments")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7), tick=False):
        assert not fresh(editor).has_perm("org.manage_department_assignments")
        assert fresh(editor).has_perm("org.view_position")  # still holds CPY


def test_user_groups_added_by_hand_give_nothing():
    from django.contrib.auth.models import Group

    user = make_staff("u", None)
    group = Group.objects.get(name="position:MGR")
    user.groups.add(group)
    assert not fresh(user).has_perm("org.manage_department_assignments")


def test_user_with_no_position_sees_nothing_in_backoffice(client):
    user = make_staff("nobody", None)
    client.force_login(user)
    response = client.get("/backoffice/org/chart/")
    assert response.status_code == 302 and "/backoffice/login/" in response["Location"]


def test_login_without_position_is_refused_with_a_clear_message(client):
    user = make_staff("nobody", None)
    user.set_password("pw-nobody-123")
    user.save()
    response = client.post(
        "/backoffice/login/", {"username": "nobody", "password": "pw-nobody-123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    assert "holds no position" in response.content.decode()
