"""A reading request takes one staffing snapshot (issue #20): the workbench reads the
organisation version once, not once for each of its callers; a request that may write reads it
afresh and sees its own change; the next request sees a change made in between."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.org import selectors
from siteops.org.middleware import OneSnapshotPerRequestMiddleware
from siteops.org.models import Position, PositionAssignment
from siteops.org.selectors import Staffing

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(monkeypatch):
    """Snapshots kept as outside the test's transaction."""
    monkeypatch.setattr(selectors, "_shareable", lambda: True)
    selectors.forget_current_staffing()
    yield
    selectors.forget_current_staffing()


def _appoint_art(username):
    PositionAssignment.objects.create(
        user=make_staff(username, None), position=Position.objects.get(code="ART"), kind="holder",
        start=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip


def _through_middleware(method):
    seen = []

    def view(request):
        seen.append(Staffing.current())
        seen.append(Staffing.current())
        _appoint_art(f"new-art-{method.lower()}")
        seen.append(Staffing.current())
        return None

    request = getattr(RequestFactory(), method.lower())("/")
    OneSnapshotPerRequestMiddleware(view)(request)
    return seen


def test_a_reading_request_keeps_its_first_snapshot(staff, shared):
    first, second, after_change = _through_middleware("GET")
    assert first is second is after_change


def test_a_writing_request_sees_its_own_change(staff, shared):
    first, second, after_change = _through_middleware("POST")
    assert first is second  # kept per organisation version, as before
    assert after_change is not first
    art = Position.objects.get(code="ART")
    assert [u.username for u in after_change.resolve(art).users] == ["new-art-post"]


def test_the_workbench_reads_the_organisation_version_once(client, staff, shared):
    client.force_login(staff["chief_editor"])
    url = reverse("admin:work_workbench")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert sum("FROM org_version" in q["sql"] for q in ctx.captured_queries) == 1


def test_the_next_request_sees_a_change(client, staff, shared):
    client.force_login(staff["chief_editor"])
    url = reverse("admin:org_position", kwargs={"code": "ART"})
    assert "new-art-holder" not in client.get(url).content.decode()
    _appoint_art("new-art-holder")
    assert "new-art-holder" in client.get(url).content.decode()


def test_the_version_comes_with_the_user_and_a_change_still_shows_next_time(client, staff, shared):
    """The user's query carries the organisation version (``PositionBackend.get_user``): a page
    asks no query of its own for it, and an appointment made between two requests shows on the
    second."""
    client.force_login(staff["chief_editor"], backend="siteops.org.backends.PositionBackend")
    url = reverse("admin:org_position", kwargs={"code": "ART"})
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert "new-art-later" not in client.get(url).content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [s for s in sqls if s.startswith("SELECT version FROM org_version")]
    assert [s for s in sqls if "FROM org_version" in s and '"org_user"' in s]
    _appoint_art("new-art-later")
    assert "new-art-later" in client.get(url).content.decode()


def test_a_visitor_is_not_read_for_the_version():
    """Where the request's user has not been read, the version is read on its own."""
    from django.utils.functional import SimpleLazyObject

    from siteops.org.middleware import _version_read_with_user

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: pytest.fail("the visitor was read"))
    assert _version_read_with_user(request) is None
