"""The set-based generation (``generation.py``: one INSERT … SELECT per rule version and kind)
gives exactly the awards of the per-order path (``services.compute_awards``) and of an
independent calculation made here from what the test delivered: rule versions, a multiplier
window, a first-order bonus, a monthly cap (whose months go through the per-order path),
awards of an earlier batch, a returned order, a suspended member, a customer who is no member,
and amounts whose product is not exact in floating point (¥0.29 × 100)."""

import datetime
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siteops.orders.tests import factories as f

from .. import services
from ..models import Award
from .helpers import active_project, delivered_order, members, undo

pytestmark = pytest.mark.django_db


def _floor(x: Decimal) -> int:
    return int(x.quantize(Decimal("1"), rounding=ROUND_DOWN))


def expected(deliveries, versions, *, prior_members=(), prior_orders=(), lo, hi):
    """The awards by hand: ``deliveries`` = [(order, member, day, seq)] of active members'
    orders still delivered; each version = dict(frm, ppy, mult, mfrom, mto, fop, cap)."""
    used = defaultdict(int)
    seen = set(prior_members)
    out = set()
    for order, member, day, _seq in sorted(deliveries, key=lambda d: (d[2], d[3])):
        if not lo <= day <= hi:
            continue
        live = [v for v in versions if v["frm"] <= day]
        if not live:
            continue
        v = live[-1]
        mult = v["mult"] if v["mfrom"] and v["mfrom"] <= day <= v["mto"] else Decimal(1)
        todo = [("order", _floor(_floor(order.subtotal * v["ppy"]) * mult))]
        if v["fop"] and member.pk not in seen:
            todo.append(("first_order", v["fop"]))
        for kind, points in todo:
            key = (member.pk, day.strftime("%Y-%m"))
            if v["cap"] is not None:
                points = min(points, max(0, v["cap"] - used[key]))
            if points > 0 and (order.pk, kind) not in prior_orders:
                used[key] += points
                out.add((member.pk, kind, order.pk, v["n"], order.subtotal, points, day))
        seen.add(member.pk)
    return out


def _lines(awards):
    return {(a.member_id, a.kind, a.order_id, a.rule.version, a.base_amount, a.points,
             a.delivered_on) for a in awards}  # fmt: skip


def _full(awards):
    return {(a.member_id, a.kind, a.order_id, a.rule_id, a.base_amount, a.points, a.delivered_on,
             a.explanation) for a in awards}  # fmt: skip


def _scenario(process_editor, leader, *, capped: bool):
    today = timezone.localdate()
    d = datetime.timedelta
    v1 = {"n": 1, "frm": today - d(days=60), "ppy": Decimal("1.1"), "mult": Decimal(1),
          "mfrom": None, "mto": None, "fop": 0, "cap": None}  # fmt: skip
    v2 = {"n": 2, "frm": today - d(days=45), "ppy": Decimal("100"), "mult": Decimal("1.5"),
          "mfrom": today - d(days=43), "mto": today - d(days=40), "fop": 30, "cap": None}  # fmt: skip
    v3 = {"n": 3, "frm": today - d(days=20), "ppy": Decimal("2.5"), "mult": Decimal(1),
          "mfrom": None, "mto": None, "fop": 0, "cap": 700 if capped else None}  # fmt: skip
    versions = [v1, v2, v3]
    project = active_project(process_editor, leader, rule={
        "effective_from": v1["frm"], "points_per_yuan": "1.1"})  # fmt: skip
    services.rule_add(actor=process_editor, project=project, data={
        "effective_from": v2["frm"], "points_per_yuan": "100", "multiplier": "1.5",
        "multiplier_from": v2["mfrom"], "multiplier_to": v2["mto"], "first_order_points": "30"})  # fmt: skip
    services.rule_add(actor=process_editor, project=project, data={
        "effective_from": v3["frm"], "points_per_yuan": "2.5",
        "monthly_cap": v3["cap"] or ""})  # fmt: skip
    a, b, c, gone, stranger = (f.customer(f"gen_{x}") for x in "abcds")
    ma, mb, mc, md = members(process_editor, project, a, b, c, gone)
    plan = [  # (customer, member, price, qty, days ago)
        (a, ma, "19.99", 1, 58), (a, ma, "0.29", 1, 42), (a, ma, "120.50", 2, 41),
        (b, mb, "0.29", 1, 44), (b, mb, "1.00", 1, 30), (b, mb, "99.99", 3, 12),
        (b, mb, "300.00", 1, 10), (c, mc, "0.01", 1, 44), (c, mc, "45.00", 1, 15),
        (c, mc, "45.00", 1, 15), (gone, md, "50.00", 1, 30), (stranger, None, "80.00", 1, 30),
    ]  # fmt: skip
    deliveries = []
    for seq, (user, member, price, qty, ago) in enumerate(plan):
        order = delivered_order(user, price=price, qty=qty, days_ago=ago)
        if member is not None and member is not md:
            deliveries.append((order, member, today - d(days=ago), seq))
    returned = delivered_order(c, price="70.00", days_ago=25)
    undo(returned)
    services.member_set_status(actor=process_editor, member=md, status="suspended")
    return project, versions, deliveries


@pytest.mark.parametrize("capped", [False, True], ids=["set-based", "capped-months-per-order"])
def test_set_based_awards_equal_the_per_order_path_and_an_independent_calculation(
    process_editor, leader, capped
):
    project, versions, deliveries = _scenario(process_editor, leader, capped=capped)
    today = timezone.localdate()
    # An earlier batch awarded the first days already: those orders and members are "before".
    first, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=today - datetime.timedelta(days=60),
                                        end=today - datetime.timedelta(days=50))  # fmt: skip
    prior = list(first.awards.select_related("rule"))
    assert _lines(prior) == expected(deliveries, versions, lo=today - datetime.timedelta(days=60),
                                     hi=today - datetime.timedelta(days=50))  # fmt: skip
    assert prior  # the ¥19.99 order: ⌊19.99 × 1.1⌋ = 21
    lo, hi = today - datetime.timedelta(days=60), today
    reference = services.compute_awards(project, lo, hi)  # the per-order path, not saved
    batch, created = services.batch_generate(actor=process_editor, project=project, start=lo,
                                             end=hi)  # fmt: skip
    assert created
    got = list(batch.awards.select_related("rule"))
    assert _full(got) == _full(reference)
    want = expected(deliveries, versions, lo=lo, hi=hi,
                    prior_members={a.member_id for a in prior if a.kind == "order"},
                    prior_orders={(a.order_id, a.kind) for a in prior})  # fmt: skip
    assert _lines(got) == want
    # the float trap: ⌊0.29 × 100⌋ = 29 (not 28), × 1.5 in the window = 43
    assert any(a.base_amount == Decimal("0.29") and a.points == 43 for a in got)
    assert any(a.kind == "first_order" and a.points == 30 for a in got)
    assert batch.line_count == len(want) and batch.total_points == sum(w[5] for w in want)
    assert batch.member_count == len({w[0] for w in want})
    # member b in the last month: ⌊1.00 × 100⌋ = 100 under version 2, then ⌊299.97 × 2.5⌋ = 749
    # and ⌊300 × 2.5⌋ = 750 under version 3 — with the cap of 700: 600 and nothing.
    b_points = sorted(a.points for a in got if a.base_amount in (Decimal("299.97"), Decimal("300")))
    assert b_points == ([600] if capped else [749, 750])


def test_set_based_generation_costs_the_same_queries_at_two_sizes(process_editor, leader):
    """One statement per rule version and kind: the number of queries does not grow with the
    orders."""
    today = timezone.localdate()
    project = active_project(process_editor, leader, rule={
        "effective_from": today - datetime.timedelta(days=60), "points_per_yuan": "1",
        "first_order_points": "5"})  # fmt: skip
    buyers = [f.customer(f"qc_{i}") for i in range(4)]
    members(process_editor, project, *buyers)

    def run(days_ago):
        delivered = today - datetime.timedelta(days=days_ago)
        with CaptureQueriesContext(connection) as ctx:
            batch, _c = services.batch_generate(actor=process_editor, project=project,
                                                start=delivered, end=delivered)  # fmt: skip
        return len(ctx.captured_queries), batch

    delivered_order(buyers[0], days_ago=30)
    small, b1 = run(30)
    for buyer in buyers:
        for _ in range(2):
            delivered_order(buyer, days_ago=20)
    big, b2 = run(20)
    assert (b1.line_count, b2.line_count) == (2, 8 + 3)
    assert small == big
    assert Award.objects.filter(batch=b2, kind="first_order").count() == 3
