"""SQLite rebuilds a table to alter it, which drops its triggers: after every migrate the access
version's and the organisation version's triggers are put back, so a new appointment still
takes effect on the next request (the cached access follows ``access_version``)."""

import pytest
from django.db import connection

from siteops.org.apps import ensure_triggers
from siteops.org.models import Position, PositionAssignment, User

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its triggers"),
]


def _triggers(prefix: str) -> dict[str, str]:
    with connection.cursor() as cur:
        cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                    [prefix + "%"])  # fmt: skip
        return dict(cur.fetchall())


def test_dropped_triggers_come_back_as_the_migrations_wrote_them(manager):
    before = {**_triggers("org_access_"), **_triggers("org_v_")}
    assert "org_access_assignment_insert" in before and "org_v_org_user_update" in before
    with connection.cursor() as cur:
        for name in before:
            cur.execute(f'DROP TRIGGER "{name}"')
    created = ensure_triggers(sender=None)
    after = {**_triggers("org_access_"), **_triggers("org_v_")}
    assert sorted(created) == sorted(before) and set(after) == set(before)
    # The user trigger is 0007's (it watches is_staff), not 0006's that it replaced.
    assert "is_staff" in after["org_v_org_user_update"]
    assert ensure_triggers(sender=None) == []  # nothing missing: nothing done

    person = User.objects.create(username="kept-trigger")
    version = User.objects.get(pk=person.pk).access_version
    PositionAssignment.objects.create(
        user=person, position=Position.objects.get(code="CE"), kind="holder", start="2026-01-01"
    )
    assert User.objects.get(pk=person.pk).access_version > version
