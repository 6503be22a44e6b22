"""Points (issue #15): generating a month's batch, one member's balance, the project statistics.

- ``loyalty.generate_month``: ``services.batch_generate`` for June 2026 over the members and the
  delivered orders (the ``orders`` dataset, 1M at scale 1; ``loyalty_members`` members), as
  awards/s, vs a hand-written INSERT … SELECT of the same awards into the same table. Rolled
  back after each run. Goal: ≥ 0.3 of the SQL's rate.
- ``loyalty.balance``: one member's balance (available / pending / spent / expired …) with 10,000
  ledger entries, vs a raw ``SELECT SUM``; extra checks: at most 3 queries, under 10 ms.
- ``loyalty.statistics``: the PRC-06 figures of every project for a month through
  ``reports.project_figures`` vs hand-written GROUP BYs computing the same figures. Goal ≤ 1.5×.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import Benchmark, dataset, executemany_chunks

CODE = "BENCHJF"
MONTH = ((2026, 6, 1), (2026, 6, 30))


def _day(t):
    import datetime

    return datetime.date(*t)


def _project():
    from siteops.loyalty.models import Project

    return Project.objects.get(code=CODE)


@dataset("loyalty_members", full=100_000, small=30, needs=["orders"], version="1")
def make_members(n, rng):
    """An active project (1 point per ¥1, a first-order bonus), n members among the orders'
    customers, and a delivery event for every delivered/completed order of June 2026."""
    import datetime
    from decimal import Decimal

    from django.db import connection

    from siteops.loyalty.models import Member, Project, RuleVersion
    from siteops.org.models import User

    project = Project.objects.create(
        code=CODE, name="基准积分项目", status="active", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31), budget_points=2_000_000_000,
        point_value=Decimal("0.01"), pending_days=7, redeem_allowed=True,
    )  # fmt: skip
    RuleVersion.objects.create(project=project, version=1, effective_from=datetime.date(2026, 1, 1),
                               points_per_yuan=Decimal("1"), first_order_points=0)  # fmt: skip
    customers = User.objects.filter(username__startswith="bocust").order_by("pk")[:n]
    joined = datetime.date(2026, 1, 1)
    Member.objects.bulk_create(
        (Member(project=project, customer_id=pk, joined_on=joined)
         for pk in customers.values_list("pk", flat=True).iterator()), batch_size=2000,
    )  # fmt: skip
    # Deliveries: one event per earning order of the month (the orders dataset has none).
    lo = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    hi = datetime.datetime(2026, 7, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO orders_orderevent (order_id, at, actor_id, client_id, position_code, "
            "acting, source, from_status, to_status, note) "
            "SELECT o.id, o.created_at, NULL, NULL, '', %s, 'client', 'shipped', 'delivered', '' "
            "FROM orders_order o WHERE o.created_at >= %s AND o.created_at < %s "
            "AND o.status IN ('delivered', 'completed')",
            [False, lo, hi],
        )


@dataset("loyalty_ledger", full=10_000, small=100, needs=["loyalty_members"], version="1")
def make_ledger(n, rng):
    """One member with n entries (earned lots, spending from them, a few expiries) and, for the
    statistics, 10 × n entries spread over the other members in 2026."""
    import datetime

    from siteops.loyalty.models import LedgerEntry, Member

    project = _project()
    members = list(Member.objects.filter(project=project).order_by("pk").values_list("pk",
                                                                                     flat=True))  # fmt: skip
    tz = datetime.timezone(datetime.timedelta(hours=8))
    start = datetime.datetime(2026, 1, 1, tzinfo=tz)
    cols = ("project_id, member_id, kind, points, entry_source, available_on, expires_on, reason, "
            "at, actor_id, client_id, position_code, acting, source")  # fmt: skip
    sql = f"INSERT INTO loyalty_ledgerentry ({cols}) VALUES ({', '.join(['%s'] * 14)})"

    def earns(member_ids, count):
        for i in range(count):
            at = start + datetime.timedelta(seconds=rng.randrange(330 * 86400))
            day = at.date()
            yield (project.pk, member_ids[i % len(member_ids)], "earn", rng.randint(10, 500),
                   "batch", day + datetime.timedelta(days=7), day + datetime.timedelta(days=372),
                   "基准积分", at, None, None, "", False, "job")  # fmt: skip

    # The one member: 80 % earned lots, then 20 % spending against them.
    one = members[0]
    lots = int(n * 0.8)
    executemany_chunks(sql, earns([one], lots))
    executemany_chunks(sql, earns(members[1:] or [one], 10 * n))
    lot_ids = list(LedgerEntry.objects.filter(member_id=one).values_list("pk", "at"))
    sql_lot = (f"INSERT INTO loyalty_ledgerentry ({cols}, lot_id) VALUES "
               f"({', '.join(['%s'] * 15)})")  # fmt: skip

    def spends():
        for k in range(n - lots):
            pk, at = lot_ids[k % len(lot_ids)]
            when = at + datetime.timedelta(days=10)
            yield (project.pk, one, "redeem", -rng.randint(1, 5), "order", when.date(), None,
                   "基准消费", when, None, None, "", False, "customer", pk)  # fmt: skip

    executemany_chunks(sql_lot, spends())
    Member.objects.filter(pk=one).update(
        balance=sum(LedgerEntry.objects.filter(member_id=one).values_list("points", flat=True))
    )
    # what ledger.post keeps for the entries it posts (the rows above are inserted directly)
    type(project).objects.filter(pk=project.pk).update(
        issued_points=sum(
            LedgerEntry.objects.filter(project=project, kind="earn").values_list(
                "points", flat=True
            )
        )
    )


# --- generation ----------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _rolled_back(fn):
    from django.db import transaction

    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


def generate(ctx):
    """awards/s of the service (the batch is rolled back)."""
    import time

    from siteops.loyalty import services

    editor = ctx.staff("PRC")
    project = _project()
    out = {}

    def go():
        t = time.perf_counter()
        batch, _ = services.batch_generate(actor=editor, project=project,
                                           start=_day(MONTH[0]), end=_day(MONTH[1]))  # fmt: skip
        out["n"], out["s"] = batch.line_count, time.perf_counter() - t

    _rolled_back(go)
    ctx.state["awards"] = out["n"]
    return out["n"] / out["s"] if out["s"] else None


def generate_sql(ctx):
    """The same awards by one INSERT … SELECT (rows/s), into a batch row made for it."""
    import datetime
    import time

    from django.db import connection

    from siteops.loyalty.models import Batch

    project = _project()
    tz = datetime.timezone(datetime.timedelta(hours=8))
    lo = datetime.datetime(*MONTH[0], tzinfo=tz)
    hi = datetime.datetime(*MONTH[1], tzinfo=tz) + datetime.timedelta(days=1)
    rule_id = project.rule_versions.values_list("pk", flat=True).get()
    if connection.vendor == "postgresql":
        day = "(d.first AT TIME ZONE 'Asia/Shanghai')::date"
        points = "CAST(FLOOR(o.subtotal) AS integer)"
    else:
        day = "date(d.first, '+8 hours')"
        points = "CAST(o.subtotal AS integer)"
    out = {}

    def go():
        t = time.perf_counter()
        batch = Batch.objects.create(project=project, period_start=_day(MONTH[0]),
                                     period_end=_day(MONTH[1]))  # fmt: skip
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO loyalty_award (batch_id, project_id, member_id, kind, order_id, "
                "rule_id, base_amount, points, delivered_on, explanation) "
                f"SELECT %s, %s, m.id, 'order', o.id, %s, o.subtotal, {points}, {day}, 'sql' "  # noqa: S608
                "FROM (SELECT order_id, MIN(at) AS first FROM orders_orderevent "
                "      WHERE to_status = 'delivered' AND at >= %s AND at < %s GROUP BY order_id) d "
                "JOIN orders_order o ON o.id = d.order_id "
                "JOIN loyalty_member m ON m.customer_id = o.customer_id AND m.project_id = %s "
                "WHERE o.status IN ('delivered', 'completed') AND m.status = 'active' "
                f"AND {points} > 0",
                [
                    batch.pk,
                    project.pk,
                    rule_id,
                    connection.ops.adapt_datetimefield_value(lo),
                    connection.ops.adapt_datetimefield_value(hi),
                    project.pk,
                ],  # fmt: skip
            )
            out["n"] = cur.rowcount
        out["s"] = time.perf_counter() - t

    _rolled_back(go)
    return out["n"] / out["s"] if out["s"] else None


# --- one member's balance ------------------------------------------------------------------


def _busiest():
    from siteops.loyalty.models import Member

    return Member.objects.filter(project__code=CODE).order_by("pk").first()


def balance(ctx):
    import datetime

    from siteops.loyalty.selectors import member_balance

    member = ctx.state.setdefault("member", _busiest())
    b = member_balance(member, datetime.date(2026, 12, 1))
    ctx.state["balance"] = b.available + b.pending


def balance_sql(ctx):
    from django.db import connection

    member = ctx.state.setdefault("member", _busiest())
    with connection.cursor() as cur:
        cur.execute("SELECT SUM(points) FROM loyalty_ledgerentry WHERE member_id = %s",
                    [member.pk])  # fmt: skip
        cur.fetchone()


def balance_queries(ctx):
    """The member's lookup and the balance: what a request for it costs."""
    import datetime

    from siteops.loyalty.selectors import member_balance

    member = _busiest()
    return member_balance(member, datetime.date(2026, 12, 1))


@dataclass(kw_only=True)
class _BalanceBenchmark(Benchmark):
    max_ms: float = 10.0
    max_queries: int = 3

    def extra_checks(self, result):
        checks = []
        if result.target is not None:
            checks.append((f"< {self.max_ms:g} ms", result.target * 1000 < self.max_ms))
        if result.queries_full is not None:
            checks.append((f"≤ {self.max_queries} queries",
                           result.queries_full <= self.max_queries))  # fmt: skip
        return checks


# --- statistics ----------------------------------------------------------------------------


def statistics(ctx):
    from siteops.loyalty import reports

    reports.project_figures(_day(MONTH[0]), _day(MONTH[1]))


def statistics_sql(ctx):
    """The same figures, hand-written: members, generated, entries by kind, liability."""
    import datetime

    from django.db import connection

    tz = datetime.timezone(datetime.timedelta(hours=8))
    adapt = connection.ops.adapt_datetimefield_value
    lo = adapt(datetime.datetime(*MONTH[0], tzinfo=tz))
    hi = adapt(datetime.datetime(*MONTH[1], tzinfo=tz) + datetime.timedelta(days=1))
    queries = [
        ("SELECT project_id, COUNT(*) FROM loyalty_member WHERE joined_on <= %s AND "
         "status <> 'left' GROUP BY project_id", [_day(MONTH[1])]),
        ("SELECT a.project_id, SUM(a.points) FROM loyalty_award a JOIN loyalty_batch b ON "
         "b.id = a.batch_id WHERE b.period_end BETWEEN %s AND %s GROUP BY a.project_id",
         [_day(MONTH[0]), _day(MONTH[1])]),
        ("SELECT project_id, SUM(CASE WHEN kind = 'earn' THEN points ELSE 0 END), "
         "SUM(CASE WHEN kind IN ('redeem', 'refund') THEN points ELSE 0 END), "
         "SUM(CASE WHEN kind = 'expire' THEN points ELSE 0 END), "
         "SUM(CASE WHEN kind = 'reverse' THEN points ELSE 0 END) FROM loyalty_ledgerentry "
         "WHERE at >= %s AND at < %s GROUP BY project_id", [lo, hi]),
        ("SELECT project_id, SUM(points) FROM loyalty_ledgerentry WHERE at < %s "
         "GROUP BY project_id", [hi]),
        ("SELECT id, code, name, point_value FROM loyalty_project", []),
    ]  # fmt: skip
    with connection.cursor() as cur:
        for q, params in queries:
            cur.execute(q, params)
            cur.fetchall()


def make_staff_users(ctx):
    ctx.staff("PRC")
    with ctx.databases.small():
        ctx.staff("PRC")


def register(suite):
    suite.add(
        Benchmark(
            name="loyalty.generate_month", needs=["loyalty_members"], unit="awards/s",
            goal=">= 0.3", setup=make_staff_users, ceiling=generate_sql, target=generate,
            warmup=False, repeats=3,
            # no query count: the awards' INSERT is chunked by the database's parameter limit
            note="batch_generate for a month vs one INSERT … SELECT of the same awards",
        ),
        _BalanceBenchmark(
            name="loyalty.balance", needs=["loyalty_ledger"], unit="s", goal="<= 5",
            ceiling=balance_sql, target=balance, queries=balance_queries,
            note="one member with 10k entries: available/pending/spent/expired in one query "
                 "vs a raw SUM; also < 10 ms and ≤ 3 queries",
        ),
        Benchmark(
            name="loyalty.statistics", needs=["loyalty_ledger"], unit="s", goal="<= 1.5",
            ceiling=statistics_sql, target=statistics, queries=statistics,
            note="PRC-06 figures for a month vs hand-written GROUP BYs",
        ),
    )  # fmt: skip
