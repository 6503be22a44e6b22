"""List pages and the customer's points page cost the same number of queries at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from siteops.orders.tests import factories as f

from ..models import LedgerEntry
from .helpers import active_project, members

pytestmark = pytest.mark.django_db


def _entries(project, member, n):
    LedgerEntry.objects.bulk_create([
        LedgerEntry(project=project, member=member, kind="adjust", points=i + 1,
                    entry_source="adjustment", available_on=timezone.localdate(), reason=f"第{i}条")
        for i in range(n)
    ])  # fmt: skip


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_same_queries_at_two_sizes(client, process_editor, leader):
    project = active_project(process_editor, leader)
    buyer = f.customer()
    member = members(process_editor, project, buyer)[0]
    pages = [
        (process_editor, reverse("admin:loyalty_project", args=[project.pk])),
        (process_editor, reverse("admin:loyalty_ledgerentry_changelist")),
        (process_editor, reverse("admin:loyalty_member_changelist")),
        (buyer, reverse("loyalty:points")),
        (buyer, reverse("loyalty:points_json")),
    ]
    _entries(project, member, 3)
    small = {}
    for user, url in pages:
        client.force_login(user)
        _count(client, url)  # warm caches (content types, permissions)
        small[url] = _count(client, url)
    _entries(project, member, 30)
    members(process_editor, project, *[f.customer() for _ in range(10)])
    for user, url in pages:
        client.force_login(user)
        _count(client, url)
        assert _count(client, url) == small[url], url
