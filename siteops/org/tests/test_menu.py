import pytest
from django.utils import translation

from conftest import make_staff
from siteops.core.menu import visible_menu

pytestmark = pytest.mark.django_db


def titles(user):
    with translation.override("en"):
        return {str(g["title"]): [i["name"] for i in g["items"]] for g in visible_menu(user)}


def test_manager_sees_staffing_entries_and_clerk_does_not():
    mgr = titles(make_staff("m", "MGR"))
    clerk = titles(make_staff("c", "WH-STK"))
    assert "admin:org_positionassignment_changelist" in mgr["Organisation"]
    assert "admin:org_positionassignment_changelist" not in clerk["Organisation"]
    assert "admin:org_chart" in clerk["Organisation"]


def test_user_without_position_sees_no_menu():
    assert visible_menu(make_staff("nobody", None)) == []


def test_sidebar_renders_only_allowed_groups(client):
    client.force_login(make_staff("c", "WH-STK"))
    html = client.get("/backoffice/org/chart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Org chart" in html and "Appointments" not in html
