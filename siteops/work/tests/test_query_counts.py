"""List pages run the same number of queries with few and with many items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siteops.org.models import Department, Position
from siteops.work.models import WorkItem

PAGES = [
    ("admin:work_workbench", "chief_editor"),
    ("admin:work_team_board", "manager"),
    ("admin:work_team_board", "chief_editor"),
    ("admin:work_workitem_changelist", "manager"),
    ("admin:work_workitem_changelist", "copy_editor"),  # visible_to: involved + line only
    ("admin:work_review_queue", "manager"),
    ("admin:work_request_list", "purchasing"),
    ("admin:work_notifications", "chief_editor"),
]


def bulk(n):
    positions = list(Position.objects.filter(code__in=["CE", "PED", "CPY", "MGR", "PRC"]))
    pur = Department.objects.get(code="PUR")
    rows = []
    for i in range(n):
        p = positions[i % len(positions)]
        status = ["open", "in_progress", "done", "escalated", "submitted"][i % 5]
        ext = status == "submitted"
        rows.append(WorkItem(
            title=f"item {i}", position=p, status=status,
            source="other_department" if ext else "manager",
            requester_department=pur if ext or i % 7 == 0 else None,
        ))  # fmt: skip
    WorkItem.objects.bulk_create(rows)
    parents = list(WorkItem.objects.filter(status="open")[:3])
    for parent in parents:
        WorkItem.objects.create(title="child", position=parent.position, source="lead",
                                parent=parent, status="done")  # fmt: skip


def count(client, name):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(reverse(name))
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("name,username", PAGES)
def test_equal_queries_at_two_sizes(client, staff, name, username):
    client.force_login(staff[username])
    bulk(5)
    small = count(client, name)
    bulk(120)
    large = count(client, name)
    assert small == large, (name, small, large)
