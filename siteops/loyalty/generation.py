"""Set-based generation of a batch's awards (积分生成): one ``INSERT … SELECT`` per rule version
and kind of award, on SQLite and PostgreSQL, giving exactly the lines of the per-order path
(``services.compute_awards``), which stays the reference and the path for capped months.

What each statement does, in the words of ``compute_awards``:

- the orders of the period: the first delivery event of each order inside the period (within
  the project's dates), the order still delivered or completed, its customer an active member;
- the rule version in force on the local day of that delivery; the points ``⌊⌊paid goods ×
  points per ¥1⌋ × multiplier⌋`` (the multiplier only inside its window), never an order that
  was already awarded in the project, never zero points;
- the first-order bonus: the member's first such order of the period (by delivery time, then
  order id) when the member has had no order award in the project before this batch.

Exact arithmetic on both databases: PostgreSQL computes in ``numeric``; SQLite, whose decimals
are floating point, computes in integers (cents × rate in ten-thousandths). The local date of
a delivery uses the zone's fixed offset on SQLite when the period has one (else Django's own
date function) and ``AT TIME ZONE`` on PostgreSQL.

Monthly caps make each award depend on the ones before it in the month, so a month in which a
capped version is in force is left to the per-order path (``services.compute_awards`` over
that month); every other month is set-based.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.orders.models import Order, OrderEvent

from .choices import AwardKind, MemberStatus
from .models import Award, Batch, Member, Project, RuleVersion

#: Orders that earn (as ``services.EARNING_STATUSES``; repeated here to keep this module free
#: of the services' imports).
EARNING = ("delivered", "completed")


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _dt(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _local_date(col: str, lo: datetime.date, hi: datetime.date) -> tuple[str, list]:
    """SQL (and its parameters) for the local calendar day of the UTC datetime column ``col``,
    for values between ``lo`` and ``hi`` (dates, inclusive)."""
    tzname = timezone.get_current_timezone_name()
    if connection.vendor == "postgresql":
        return f"CAST(({col} AT TIME ZONE %s) AS date)", [tzname]
    offsets = {
        _aware(lo + datetime.timedelta(days=i)).utcoffset()
        for i in range((hi - lo).days + 2)
    }  # fmt: skip
    if len(offsets) == 1:  # one offset at every midnight of the period: no change inside it
        seconds = int(offsets.pop().total_seconds())
        return f"date({col}, '{seconds:+d} seconds')", []
    return f"django_datetime_cast_date({col}, %s, %s)", [tzname, "UTC"]


def _points_sql(rule: RuleVersion, in_window: str | None) -> tuple[str, list]:
    """⌊⌊subtotal × rate⌋ × multiplier⌋ (the multiplier only where ``in_window`` holds)."""
    mult = rule.multiplier if in_window else Decimal("1")
    if connection.vendor == "postgresql":
        base = "FLOOR(o.subtotal * %s)"
        params = [rule.points_per_yuan]
        if mult == 1:
            return f"CAST({base} AS bigint)", params
        return (
            f"CAST(CASE WHEN {in_window} THEN FLOOR({base} * %s) ELSE {base} END AS bigint)",
            [*params, mult, *params],
        )
    # SQLite: integers only. cents × rate in 1/10000 ÷ 10^6 = ⌊subtotal × rate⌋.
    rate = int(rule.points_per_yuan * 10000)
    base = f"((CAST(ROUND(o.subtotal * 100) AS INTEGER) * {rate}) / 1000000)"
    if mult == 1:
        return base, []
    return f"(CASE WHEN {in_window} THEN ({base} * {int(mult * 100)}) / 100 ELSE {base} END)", []


def _amount_sql() -> str:
    if connection.vendor == "postgresql":
        return "CAST(o.subtotal AS text)"
    return "printf('%%.2f', o.subtotal)"


class Plan:
    """The statements' shared parts: the period's first deliveries of earning orders of active
    members, as a derived table ``d (order_id, first)`` joined to ``o`` (the order) and ``m``
    (the member), and the local day of ``d.first``."""

    def __init__(self, project: Project, lo: datetime.date, hi: datetime.date):
        self.project = project
        self.lo, self.hi = lo, hi
        self.day, self.day_params = _local_date("d.first", lo, hi)
        ev, od, mb = OrderEvent._meta.db_table, Order._meta.db_table, Member._meta.db_table
        # The order's and the member's conditions belong to the order, so they are applied
        # outside the MIN(at) (which is then over the period's delivery events alone, found
        # by the events' index on ``at``).
        self.source = (
            f"FROM (SELECT e.order_id, MIN(e.at) AS first FROM {ev} e "
            f"      WHERE e.to_status = 'delivered' AND e.at >= %s AND e.at < %s "
            f"      GROUP BY e.order_id) d "
            f"JOIN {od} o ON o.id = d.order_id "
            f"JOIN {mb} m ON m.customer_id = o.customer_id AND m.project_id = %s "
            f"AND o.status IN ('{EARNING[0]}', '{EARNING[1]}') "
            f"AND m.status = '{MemberStatus.ACTIVE}' "
        )  # fmt: skip
        self.source_params = [_dt(_aware(lo)), _dt(_aware(hi + datetime.timedelta(days=1))),
                              project.pk]  # fmt: skip

    def between(self, since: datetime.date, until: datetime.date) -> tuple[str, list]:
        """``d.first`` on the local days since … until (inclusive)."""
        return ("d.first >= %s AND d.first < %s",
                [_dt(_aware(since)), _dt(_aware(until + datetime.timedelta(days=1)))])  # fmt: skip


COLUMNS = ("batch_id, project_id, member_id, kind, order_id, rule_id, base_amount, points, "
           "delivered_on, explanation")  # fmt: skip


def _insert(select: str, params: list) -> int:
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {Award._meta.db_table} ({COLUMNS}) {select}", params)  # noqa: S608
        return cur.rowcount


def _not_awarded(kind: str) -> str:
    return (f"NOT EXISTS (SELECT 1 FROM {Award._meta.db_table} x WHERE x.project_id = %s "
            f"AND x.order_id = o.id AND x.kind = '{kind}')")  # fmt: skip


def _concat(*parts: str) -> str:
    return " || ".join(parts)


def order_awards(plan: Plan, batch: Batch, rule: RuleVersion, since, until) -> int:
    """The per-order awards of the orders delivered on since … until under ``rule``."""
    when, when_params = plan.between(since, until)
    window = None
    if rule.multiplier != 1 and rule.multiplier_from and rule.multiplier_to:
        lo, hi = max(since, rule.multiplier_from), min(until, rule.multiplier_to)
        if lo <= hi:
            window = "d.first >= %s AND d.first < %s"
            window_params = [_dt(_aware(lo)), _dt(_aware(hi + datetime.timedelta(days=1)))]
    points, points_params = _points_sql(rule, window)
    n_windows = points.count("CASE WHEN")
    text = _("¥%(amount)s × %(rate)s per ¥1") % {
        "amount": "\x00", "rate": rule.points_per_yuan.normalize()}  # fmt: skip
    pre, post = text.split("\x00", 1)
    tail = f" · v{rule.version}"
    if window:
        mult_text = " × " + _("%(m)s (multiplier)") % {"m": rule.multiplier.normalize()}
        explanation = _concat("%s", _amount_sql(), "%s",
                              f"CASE WHEN {window} THEN %s ELSE '' END", "%s")  # fmt: skip
        explanation_params = [pre, post, *window_params, mult_text, tail]
    else:
        explanation = _concat("%s", _amount_sql(), "%s", "%s")
        explanation_params = [pre, post, tail]
    select = (
        f"SELECT %s, %s, m.id, '{AwardKind.ORDER}', o.id, %s, o.subtotal, {points}, "
        f"{plan.day}, SUBSTR({explanation}, 1, 300) "
        f"{plan.source}"
        f"WHERE {when} AND {points} > 0 AND {_not_awarded(AwardKind.ORDER)}"
    )
    window_args = window_params * n_windows if window else []
    params = [
        batch.pk, plan.project.pk, rule.pk, *window_args, *points_params, *plan.day_params,
        *explanation_params, *plan.source_params, *when_params, *window_args, *points_params,
        plan.project.pk,
    ]  # fmt: skip
    return _insert(select, params)


def first_order_awards(plan: Plan, batch: Batch, rule: RuleVersion, since, until,
                       earliest: datetime.date) -> int:  # fmt: skip
    """The first-order bonus of ``rule``: to each member whose first order of the period (from
    ``earliest``, the first day any version is in force) was delivered on since … until, when
    the member had no order award in the project before this batch."""
    ranked_when, ranked_params = plan.between(earliest, plan.hi)
    when, when_params = plan.between(since, until)
    aw = Award._meta.db_table
    select = (
        f"SELECT %s, %s, r.member_id, '{AwardKind.FIRST_ORDER}', r.order_id, %s, r.subtotal, %s, "
        f"r.day, %s FROM ("
        f"  SELECT m.id AS member_id, o.id AS order_id, o.subtotal, d.first, {plan.day} AS day, "
        f"         ROW_NUMBER() OVER (PARTITION BY m.id ORDER BY d.first, o.id) AS rn "
        f"  {plan.source} WHERE {ranked_when}) r "
        f"WHERE r.rn = 1 AND r.first >= %s AND r.first < %s "
        f"AND NOT EXISTS (SELECT 1 FROM {aw} h WHERE h.project_id = %s AND h.member_id = r.member_id "
        f"                AND h.kind = '{AwardKind.ORDER}' AND h.batch_id <> %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {aw} x WHERE x.project_id = %s AND x.order_id = r.order_id "
        f"                AND x.kind = '{AwardKind.FIRST_ORDER}')"
    )  # fmt: skip
    why = (_("First order bonus") + f" · v{rule.version}")[:300]
    params = [
        batch.pk, plan.project.pk, rule.pk, rule.first_order_points, why, *plan.day_params,
        *plan.source_params, *ranked_params, *when_params, plan.project.pk, batch.pk,
        plan.project.pk,
    ]  # fmt: skip
    return _insert(select, params)


def first_order_ids(plan: Plan, earliest: datetime.date, since, until) -> set[int]:
    """The orders delivered on since … until that are their member's first of the period."""
    ranked_when, ranked_params = plan.between(earliest, plan.hi)
    when, when_params = plan.between(since, until)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT r.order_id FROM (SELECT o.id AS order_id, d.first, ROW_NUMBER() OVER "  # noqa: S608
            f"(PARTITION BY m.id ORDER BY d.first, o.id) AS rn {plan.source} WHERE {ranked_when}) r "
            f"WHERE r.rn = 1 AND r.first >= %s AND r.first < %s",
            [*plan.source_params, *ranked_params, *when_params],
        )
        return {row[0] for row in cur.fetchall()}


def _months(lo: datetime.date, hi: datetime.date):
    """(first, last) day of each calendar month of lo … hi, clipped to it."""
    day = lo
    while day <= hi:
        nxt = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        yield day, min(hi, nxt - datetime.timedelta(days=1))
        day = nxt


def _spans(versions: list[RuleVersion], lo, hi):
    """(version, since, until) of each version in force on part of lo … hi."""
    for i, v in enumerate(versions):
        end = versions[i + 1].effective_from - datetime.timedelta(days=1) if i + 1 < len(
            versions) else hi  # fmt: skip
        since, until = max(lo, v.effective_from), min(hi, end)
        if since <= until:
            yield v, since, until


def generate(batch: Batch, lo: datetime.date, hi: datetime.date, versions: list[RuleVersion],
             per_order) -> int:  # fmt: skip
    """Insert the batch's awards for the days lo … hi (already clipped to the project's
    dates; ``versions`` sorted by date). ``per_order(since, until, first_orders)`` returns
    the per-order path's awards for a capped month. Returns the number of awards."""
    if not versions:
        return 0
    project = batch.project
    earliest = max(lo, versions[0].effective_from)
    if earliest > hi:
        return 0
    plan = Plan(project, lo, hi)
    n = 0
    spans = list(_spans(versions, lo, hi))
    capped_months = [
        (m0, m1) for m0, m1 in _months(lo, hi)
        if any(v.monthly_cap is not None and s <= m1 and u >= m0 for v, s, u in spans)
    ]  # fmt: skip
    for v, since, until in spans:
        for s, u in _uncapped(since, until, capped_months):
            n += order_awards(plan, batch, v, s, u)
            if v.first_order_points:
                n += first_order_awards(plan, batch, v, s, u, earliest)
    for m0, m1 in capped_months:
        firsts = first_order_ids(plan, earliest, max(m0, earliest), m1)
        awards = per_order(m0, m1, firsts)
        for a in awards:
            a.batch = batch
        Award.objects.bulk_create(awards)
        n += len(awards)
    return n


def _uncapped(since, until, capped_months):
    """Split since … until around the capped months."""
    day = since
    for m0, m1 in capped_months:
        if m1 < day or m0 > until:
            continue
        if day < m0:
            yield day, m0 - datetime.timedelta(days=1)
        day = m1 + datetime.timedelta(days=1)
    if day <= until:
        yield day, until
