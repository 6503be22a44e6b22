"""The campaign page shows each position's task and its status, the budget with what is left
to commit, and the board a campaign per stage with a bounded number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siteops.campaigns import services
from siteops.campaigns.models import OfflineEvent

from .factories import approved, campaign

pytestmark = pytest.mark.django_db


def test_page_shows_tasks_budget_and_timeline(client, activity_planner, planning_lead):
    c = approved(activity_planner, planning_lead, budget=Decimal("6000"))
    line = services.budget_line_add(
        actor=activity_planner, campaign=c, category="media", description="论坛置顶",
        planned=Decimal("2000"),
    )  # fmt: skip
    services.budget_commit(actor=activity_planner, line=line, amount=Decimal("1500"))
    client.force_login(activity_planner)
    html = client.get(reverse("admin:campaigns_campaign_page", args=[c.pk])).content.decode()
    for code in ("ART", "CPY", "MNT", "PED"):
        assert f'data-task="{code}"' in html
    assert "4500.00" in html  # left to commit: 6000 − 1500
    assert "论坛置顶" in html
    assert "prepare" in html  # the next step's button


def test_sixty_registrations_for_fifty_places(activity_planner):
    from django.utils import timezone

    from siteops.core.errors import DomainError

    c = campaign(activity_planner, kind="offline_event")
    now = timezone.now()
    ev = OfflineEvent.objects.create(
        campaign=c, title="见面会", venue="书城", starts_at=now, ends_at=now, capacity=50
    )
    refused = 0
    for i in range(60):
        try:
            services.registration_add(
                actor=activity_planner, event=ev, name=f"读者{i}", phone=f"1380000{i:04d}"
            )
        except DomainError:
            refused += 1
    ev.refresh_from_db()
    assert (ev.registered, ev.registrations.count(), refused) == (50, 50, 10)


def _board_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("admin:campaigns_board")).status_code == 200
    return len(ctx)


def test_board_queries_do_not_grow_with_campaigns(client, activity_planner):
    campaign(activity_planner, code="c-0")
    few = _board_queries(client, activity_planner)
    for i in range(1, 12):
        campaign(activity_planner, code=f"c-{i}")
    assert _board_queries(client, activity_planner) == few
