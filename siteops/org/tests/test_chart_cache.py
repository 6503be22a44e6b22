"""The org chart's body is cached per organisation version and day, and still shows every change
on the next request: the database raises the version on any write the chart shows."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.org import admin_views, selectors
from siteops.org.models import Position, PositionAssignment, User

pytestmark = pytest.mark.django_db
CHART = "/backoffice/org/chart/"


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = selectors.org_chart
    monkeypatch.setattr(admin_views, "org_chart", lambda *a: calls.append(1) or real(*a))
    return calls


def test_chart_body_is_built_once_then_follows_every_change(client, counted):
    client.force_login(make_staff("mgr", "MGR"))
    assert "图图" not in client.get(CHART).content.decode()
    client.get(CHART)
    assert len(counted) == 1  # the second reader got the cached body

    art = make_staff("art", "ART")  # the vacant art editor's post is filled
    User.objects.filter(pk=art.pk).update(display_name="图图")
    assert "图图" in client.get(CHART).content.decode()
    assert len(counted) == 2

    PositionAssignment.objects.filter(user=art).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "图图" not in client.get(CHART).content.decode()


def test_chart_follows_acting_by_date_with_nobody_writing(client):
    client.force_login(make_staff("mgr", "MGR"))
    today = timezone.localdate()
    acting = make_staff("cover", None)
    User.objects.filter(pk=acting.pk).update(display_name="临时顶岗甲")
    PositionAssignment.objects.create(
        user=acting, position=Position.objects.get(code="ART"), kind="acting", reason="cover",
        start=today + datetime.timedelta(days=2), end=today + datetime.timedelta(days=3),
    )  # fmt: skip
    assert "临时顶岗甲" not in client.get(CHART).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        assert "临时顶岗甲" in client.get(CHART).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        assert "临时顶岗甲" not in client.get(CHART).content.decode()
