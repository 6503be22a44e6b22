"""IT and hosting (issue #18) benchmarks.

- ``infra.monitor_job``: one run of the every-minute availability job over 20 monitors of the
  site's own endpoints (checked in process, as in production: home, search, cart, status page,
  back-office login, health …). Figure: the job's CPU seconds per run (``time.process_time``);
  ceiling: the 60 seconds of CPU one core has per minute. The ratio is the share of one core the
  job takes when it runs every minute. Goal: under 5 %.
- ``infra.availability_month``: the monthly availability report (the ``availability`` dataset
  through the report registry, per endpoint and per provider) over a month of one-minute checks ×
  20 endpoints (864,000 rows at scale 1), vs a hand-written GROUP BY computing the same figures.
  Goal: at most 1.5× the SQL's time.
"""

from __future__ import annotations

from bench import Benchmark, dataset, executemany_chunks

MONITORS = 20
MONTH = (2026, 11)
PATHS = ["/", "/search/?q=手机", "/search/?q=耳机", "/cart/", "/status/", "/backoffice/login/",
         "/healthz", "/help/", "/api/v1/docs", "/search/?q=电脑"]  # fmt: skip


def _monitors():
    from siteops.infra.models import Monitor, Provider

    idc, _ = Provider.objects.get_or_create(name="基准IDC", kind="idc")
    isp, _ = Provider.objects.get_or_create(name="基准线路", kind="isp")
    out = []
    for i in range(MONITORS):
        m, _ = Monitor.objects.get_or_create(
            name=f"基准端点 {i + 1:02d}",
            defaults={"path": PATHS[i % len(PATHS)], "provider": idc if i % 2 else isp},
        )
        out.append(m)
    return out


@dataset("infra_checks", full=MONITORS * 30 * 24 * 60, small=MONITORS * 60, version="2")
def make_checks(n, rng):
    """One-minute checks of 20 monitors over November 2026 (n rows), ~0.2 % down, a nightly
    maintenance window's checks flagged, and an incident for each run of failures."""
    import datetime

    from siteops.infra.models import Check, Incident

    monitors = _monitors()
    per = max(1, n // MONITORS)
    start = datetime.datetime(*MONTH, 1, tzinfo=datetime.UTC)
    from bench.data import table

    sql = (f"INSERT INTO {table(Check)} (monitor_id, at, ok, status_code, ms, in_maintenance) "
           "VALUES (%s, %s, %s, %s, %s, %s)")  # fmt: skip
    incidents = []
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value

    def rows():
        for m in monitors:
            down_until = -1
            for k in range(per):
                at = start + datetime.timedelta(minutes=k)
                maint = at.hour == 19 and at.minute < 10  # 03:00–03:10 in Shanghai
                if k > down_until and rng.random() < 0.0004:
                    down_until = k + rng.randint(2, 12)
                    end = start + datetime.timedelta(minutes=down_until + 1)
                    incidents.append(Incident(monitor=m, started_at=at, ended_at=end, cause="基准"))
                ok = k > down_until
                # Stored as Django stores it (SQLite keeps datetimes as text in its own format).
                yield (m.pk, adapt(at), ok, 200 if ok else 503, rng.randint(20, 300), maint)

    executemany_chunks(sql, rows())
    Incident.objects.bulk_create(incidents)


def _bounds():
    import calendar
    import datetime

    y, m = MONTH
    return datetime.date(y, m, 1), datetime.date(y, m, calendar.monthrange(y, m)[1])


def run_report(ctx):
    from siteops.reports import datasets

    start, end = _bounds()
    result = datasets.get("availability").run(start, end, ["monitor", "provider"])
    ctx.state["report_checks"] = result.totals.values["checks"]


def run_sql(ctx):
    """The same figures by hand: totals, per monitor and per provider, for checks and incidents."""
    from django.db import connection

    from siteops.reports.datasets import period_bounds

    lo, hi = (connection.ops.adapt_datetimefield_value(x) for x in period_bounds(*_bounds()))
    agg = "COUNT(*), SUM(CASE WHEN c.ok THEN 1 ELSE 0 END)"
    where = "c.at >= %s AND c.at < %s AND NOT c.in_maintenance"
    if connection.vendor == "postgresql":
        mttr = "AVG(EXTRACT(EPOCH FROM (i.ended_at - i.started_at)))"
    else:
        mttr = "AVG((julianday(i.ended_at) - julianday(i.started_at)) * 86400)"
    iwhere = "i.started_at >= %s AND i.started_at < %s"
    queries = [
        f"SELECT {agg} FROM infra_check c WHERE {where}",
        f"SELECT c.monitor_id, m.name, {agg} FROM infra_check c JOIN infra_monitor m ON m.id = c.monitor_id "
        f"WHERE {where} GROUP BY c.monitor_id, m.name ORDER BY m.name",
        f"SELECT m.provider_id, p.name, {agg} FROM infra_check c JOIN infra_monitor m ON m.id = c.monitor_id "
        f"LEFT JOIN infra_provider p ON p.id = m.provider_id WHERE {where} GROUP BY m.provider_id, p.name ORDER BY p.name",
        f"SELECT COUNT(*), {mttr} FROM infra_incident i WHERE {iwhere}",
        f"SELECT i.monitor_id, COUNT(*), {mttr} FROM infra_incident i WHERE {iwhere} GROUP BY i.monitor_id",
        f"SELECT m.provider_id, COUNT(*), {mttr} FROM infra_incident i JOIN infra_monitor m ON m.id = i.monitor_id "
        f"WHERE {iwhere} GROUP BY m.provider_id",
    ]  # fmt: skip
    total = 0
    with connection.cursor() as cur:
        for q in queries:
            cur.execute(q, [lo, hi])
            rows = cur.fetchall()
            if q is queries[0]:
                total = rows[0][0]
    ctx.state["sql_checks"] = total


def check_same(ctx):
    run_report(ctx)
    run_sql(ctx)
    assert ctx.state["report_checks"] == ctx.state["sql_checks"], (
        ctx.state["report_checks"], ctx.state["sql_checks"])  # fmt: skip


# --- the every-minute monitor job ---------------------------------------------------------------


def setup_job(ctx):
    _monitors()


def minute(ctx):
    return 60.0  # one core's CPU seconds in the minute between two runs


def run_job(ctx):
    """CPU seconds of one run (the checks it wrote are removed afterwards, outside the measure)."""
    import datetime
    import time

    from django.utils import timezone

    from siteops.infra import services
    from siteops.infra.models import Check, Monitor

    Monitor.objects.exclude(name__startswith="基准端点").update(is_active=False)
    at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3650)
    before = time.process_time()
    n = services.monitors_run(now=at)
    cpu = time.process_time() - before
    assert n == MONITORS, n
    Check.objects.filter(at=at).delete()
    return cpu


def register(suite):
    suite.add(
        Benchmark(name="infra.monitor_job", unit="s", goal="<= 0.05", setup=setup_job,
                  ceiling=minute, target=run_job, repeats=5,
                  note="CPU seconds of one run over 20 local endpoints ÷ the 60 s of one core per minute"),
        Benchmark(name="infra.availability_month", needs=["infra_checks"], unit="s", goal="<= 1.5",
                  setup=check_same, ceiling=run_sql, target=run_report,
                  note="a month of one-minute checks × 20 endpoints; per endpoint and per provider"),
    )  # fmt: skip
