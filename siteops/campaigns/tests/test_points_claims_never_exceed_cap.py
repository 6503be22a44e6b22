"""Points claims under load, on whichever database the suite runs on (SQLite or PostgreSQL):
200 customers press a topic page's claim button at the same moment for 50 claims → exactly 50
claims, 150 clear "all claimed" refusals, the pool's counter equal to the claim rows and to the
earn entries; one customer pressing six times at once gets the points once."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from conftest import make_staff, storm
from siteops.campaigns.claims import page_points_claim
from siteops.content import services as content
from siteops.content.tests.helpers import approve_all
from siteops.loyalty.choices import EntrySource
from siteops.loyalty.models import Claim, ClaimPool, LedgerEntry, Member
from siteops.loyalty.tests.helpers import active_project
from siteops.org.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _page(cap, budget=1_000_000):
    prc, lead = make_staff("process_editor", "PRC"), make_staff("leader", "LEAD")
    active_project(prc, lead, code="JF1", budget=budget)
    art = make_staff("art_acting", "ART", kind="acting")
    page = content.page_create(actor=art, kind="topic", slug="points", data={
        "title": "积分专题",
        "blocks": [{"type": "points_claim", "project": "JF1", "points": "30", "cap": str(cap),
                    "key": "spring"}],
    })  # fmt: skip
    content.page_submit(actor=art, page=page)
    approve_all(page, make_staff("planner", "ACT"), make_staff("editor", "CE"))
    return page


def _customers(n):
    User.objects.bulk_create([User(username=f"c{i:04d}", email=f"c{i:04d}@example.com",
                                   password="!") for i in range(n)])  # fmt: skip
    return list(User.objects.filter(username__startswith="c0").order_by("username"))


_storm = storm


def test_200_customers_for_50_claims_exactly_50():
    _page(50)
    people = _customers(200)
    results = _storm(200, lambda i: page_points_claim(customer=people[i], slug="points",
                                                      key="spring").pk)  # fmt: skip
    crashes = [r for r in results if r is None or r[0] not in ("ok", "all_claimed")]
    assert not crashes, crashes[:3]
    assert sum(1 for r in results if r[0] == "ok") == 50
    assert sum(1 for r in results if r[0] == "all_claimed") == 150
    pool = ClaimPool.objects.get()
    entries = LedgerEntry.objects.filter(entry_source=EntrySource.CLAIM)
    assert pool.claimed == 50 == Claim.objects.count() == entries.count()
    assert entries.aggregate(s=Sum("points"))["s"] == 50 * 30
    # the members made by claiming: exactly the 50, each with the 30 points kept on the row
    assert Member.objects.count() == 50
    assert set(Member.objects.values_list("balance", flat=True)) == {30}


def test_one_customer_six_times_at_once_claims_once():
    _page(5)
    (person,) = _customers(1)
    results = _storm(6, lambda i: page_points_claim(customer=person, slug="points",
                                                    key="spring").pk)  # fmt: skip
    assert sorted(r[0] for r in results) == ["claimed"] * 5 + ["ok"]
    assert ClaimPool.objects.get().claimed == 1 == Claim.objects.count()
    assert Member.objects.get(customer=person).balance == 30


def test_the_budget_is_exact_under_load_too():
    """A budget of 20 claims (600 points) and a pool capped at 50 (a topic page's settings
    refuse such a block; a budget lowered after it was placed, or several pools of one project,
    come to the same): 120 customers at the same moment get exactly 20 claims, the rest a clear
    "no budget left"; the project's issued points equal its earn entries and never pass it."""
    from siteops.loyalty.claims import points_claim
    from siteops.loyalty.models import Project

    prc, lead = make_staff("process_editor", "PRC"), make_staff("leader", "LEAD")
    active_project(prc, lead, code="JF1", budget=600)
    people = _customers(120)
    results = _storm(120, lambda i: points_claim(
        customer=people[i], project_code="JF1", ref="page:1:spring", label="春季", points=30,
        cap=50,
    ).pk)  # fmt: skip
    crashes = [r for r in results if r is None or r[0] not in ("ok", "over_budget")]
    assert not crashes, crashes[:3]
    assert sum(1 for r in results if r[0] == "ok") == 20
    project = Project.objects.get(code="JF1")
    earned = LedgerEntry.objects.filter(project=project, kind="earn").aggregate(s=Sum("points"))
    assert project.issued_points == earned["s"] == 600 == project.budget_points
    assert ClaimPool.objects.get().claimed == 20 == Claim.objects.count()
