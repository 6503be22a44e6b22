"""The team board's load counts are kept per (load version, day, positions) (issue #20): every
write that changes what they count — a new item, a deleted one, a change of status, position
or due date, through a service, ``QuerySet.update()`` or the admin — shows on the next read,
and a read with nothing changed asks one small query instead of the aggregate."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.org.models import Position
from siteops.work import selectors, services
from siteops.work.apps import ensure_triggers
from siteops.work.models import WorkItem

from .factories import task

pytestmark = pytest.mark.django_db


def _load(manager, today=None):
    return {
        row["position"].code: (row["open"], row["overdue"], dict(row["by_status"]))
        for row in selectors.team_load(manager, today=today)
    }


def _fresh(manager, today=None):
    """The same counts with nothing kept."""
    selectors._LOAD_COUNTS.clear()
    return _load(manager, today)


def test_every_kind_of_write_shows_on_the_next_read(manager):
    today = timezone.localdate()
    item = task("CE", due=today + datetime.timedelta(days=2))
    before = _load(manager)
    assert before == _fresh(manager) and before["CE"][0] == 1

    task("CE", title="Second")  # created through the service
    assert _load(manager)["CE"][0] == 2

    WorkItem.objects.filter(pk=item.pk).update(due=today - datetime.timedelta(days=1))
    assert _load(manager)["CE"][1] == 1  # late now (a bulk update, no signal)

    services.item_start(actor=manager, item=item)
    assert _load(manager)["CE"][2]["in_progress"] == 1

    WorkItem.objects.filter(pk=item.pk).update(position=Position.objects.get(code="PED"))
    after = _load(manager)
    assert after["CE"][0] == 1 and after["PED"][0] == before["PED"][0] + 1

    WorkItem.objects.filter(pk=item.pk).delete()
    assert _load(manager)["PED"][0] == before["PED"][0]
    assert _load(manager) == _fresh(manager)


def test_a_title_edit_keeps_the_version_and_a_status_change_raises_it(manager):
    item = task("CE")
    version = selectors.load_version()
    WorkItem.objects.filter(pk=item.pk).update(title="Renamed", description="more")
    assert selectors.load_version() == version
    WorkItem.objects.filter(pk=item.pk).update(status="in_progress")
    assert selectors.load_version() > version


def test_a_new_day_counts_again(manager):
    today = timezone.localdate()
    task("CE", due=today + datetime.timedelta(days=1))
    assert _load(manager, today)["CE"][1] == 0
    assert _load(manager, today + datetime.timedelta(days=2))["CE"][1] == 1


def test_a_read_with_nothing_changed_asks_only_the_version(manager):
    task("CE")
    _load(manager)
    with CaptureQueriesContext(connection) as queries:
        _load(manager)
    sql = [q["sql"] for q in queries if "org_" not in q["sql"]]  # the staffing snapshot's
    assert sql == ["SELECT version FROM work_load_version WHERE id = 1"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps triggers")
def test_triggers_come_back_after_a_table_rebuild(manager):
    """SQLite rebuilds a table to alter it, dropping its triggers: migrate puts them back."""
    with connection.cursor() as cur:
        for name in ("update", "insert", "delete"):
            cur.execute(f"DROP TRIGGER work_load_v_{name}")
    ensure_triggers(sender=None)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'work_load_v%'"
        )
        assert sorted(r[0] for r in cur.fetchall()) == [
            "work_load_v_delete", "work_load_v_insert", "work_load_v_update",
        ]  # fmt: skip
    version = selectors.load_version()
    task("CE")
    assert selectors.load_version() > version
