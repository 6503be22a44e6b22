"""Two failed checks in a row open one incident and one notification; more failures add none;
a maintenance window suppresses it; the first good check closes it. The job checks the site's
own endpoints in process (Django's test client), never the internet."""

import datetime

from django.utils import timezone

from siteops.infra import services
from siteops.infra.models import Check, Incident, MaintenanceWindow, Monitor
from siteops.work.models import Notification

BASE = timezone.now().replace(second=0, microsecond=0)


def _at(minute):
    return BASE + datetime.timedelta(minutes=minute)


def test_outage_opens_one_incident_and_recovery_closes_it(maintainer, manager):
    m = Monitor.objects.create(name="首页", path="/")
    state = {"status": 500}
    probe = lambda path: (state["status"], 5)  # noqa: E731
    services.monitors_run(probe=probe, now=_at(0))
    assert not Incident.objects.exists()
    services.monitors_run(probe=probe, now=_at(1))
    services.monitors_run(probe=probe, now=_at(2))
    incident = Incident.objects.get()
    assert incident.started_at == _at(0) and incident.ended_at is None
    notes = Notification.objects.filter(kind=services.ALERT_KIND)
    assert {n.user_id for n in notes} == {maintainer.pk, manager.pk} and notes.count() == 2
    state["status"] = 200
    services.monitors_run(probe=probe, now=_at(3))
    incident.refresh_from_db()
    assert incident.ended_at == _at(3)
    assert Check.objects.filter(monitor=m).count() == 4


def test_maintenance_window_suppresses_the_alert(maintainer):
    m = Monitor.objects.create(name="搜索", path="/search/?q=a")
    MaintenanceWindow.objects.create(title="数据库升级", starts_at=_at(0), ends_at=_at(10))
    for minute in range(5):
        services.check_record(monitor=m, ok=False, status_code=503, at=_at(minute))
    assert (
        not Incident.objects.exists()
        and not Notification.objects.filter(kind=services.ALERT_KIND).exists()
    )
    # After the window, two failures do alert.
    services.check_record(monitor=m, ok=False, status_code=503, at=_at(11))
    services.check_record(monitor=m, ok=False, status_code=503, at=_at(12))
    assert Incident.objects.count() == 1


def test_the_real_probe_checks_the_site_in_process(db):
    ok = Monitor.objects.create(name="首页", path="/")
    missing = Monitor.objects.create(name="不存在", path="/no-such-page-xyz/")
    services.monitors_run(now=_at(0))
    assert Check.objects.get(monitor=ok).ok is True
    bad = Check.objects.get(monitor=missing)
    assert (bad.ok, bad.status_code) == (False, 404)
