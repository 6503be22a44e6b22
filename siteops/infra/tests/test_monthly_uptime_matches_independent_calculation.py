"""The monthly availability report equals a plain-Python count over generated check results,
and states its accounting rule."""

import datetime
import random

from siteops.infra import reports
from siteops.infra.models import Check, Incident, MaintenanceWindow, Monitor, Provider
from siteops.reports import datasets

TZ = datetime.timezone(datetime.timedelta(hours=8))


def test_uptime_matches(db):
    idc = Provider.objects.create(name="上海电信IDC", kind="idc")
    mons = [
        Monitor.objects.create(name=f"端点{i}", path=f"/p{i}/", provider=idc if i else None)
        for i in range(3)
    ]
    rng = random.Random(7)
    start = datetime.datetime(2027, 3, 1, tzinfo=TZ)
    window = (start + datetime.timedelta(hours=5), start + datetime.timedelta(hours=6))
    MaintenanceWindow.objects.create(title="维护", starts_at=window[0], ends_at=window[1])
    rows = []
    for m in mons:
        for minute in range(0, 3 * 24 * 60, 7):  # every 7 minutes over 3 days
            at = start + datetime.timedelta(minutes=minute)
            rows.append(Check(monitor=m, at=at, ok=rng.random() > 0.05, status_code=200,
                              in_maintenance=window[0] <= at < window[1]))  # fmt: skip
    # A check just outside the month does not count.
    rows.append(Check(monitor=mons[0], at=start - datetime.timedelta(minutes=1), ok=False))
    Check.objects.bulk_create(rows)
    Incident.objects.create(monitor=mons[1], started_at=start + datetime.timedelta(hours=1),
                            ended_at=start + datetime.timedelta(hours=1, minutes=12))  # fmt: skip
    Incident.objects.create(monitor=mons[1], started_at=start + datetime.timedelta(hours=2),
                            ended_at=start + datetime.timedelta(hours=2, minutes=4))  # fmt: skip

    result = reports.compute(
        datetime.date(2027, 3, 1), datetime.date(2027, 3, 31), ["monitor", "provider"], {}
    )
    counted = [r for r in rows if r.at >= start and not r.in_maintenance]
    up = sum(r.ok for r in counted)
    assert result.totals.values["checks"] == len(counted)
    assert result.totals.values["downtime"] == len(counted) - up
    assert abs(result.totals.values["uptime"] - up / len(counted)) < 1e-9
    assert result.totals.values["incidents"] == 2 and result.totals.values["mttr"] == 8.0
    by_monitor = {r.label: r.values for r in result.breakdowns["monitor"]}
    for m in mons:
        mine = [r for r in counted if r.monitor_id == m.pk]
        assert by_monitor[m.name]["checks"] == len(mine)
        assert by_monitor[m.name]["downtime"] == sum(not r.ok for r in mine)
    by_provider = {r.label: r.values for r in result.breakdowns["provider"]}
    assert by_provider["上海电信IDC"]["checks"] == sum(
        1 for r in counted if r.monitor_id != mons[0].pk
    )
    assert "维护" in str(datasets.get("availability").description) or "maintenance" in str(
        datasets.get("availability").description
    )
