"""The red "jobs are late" banner: for whoever does the manager's (MGR) or the programming
lead's (DEV) work now. Evaluated only when a template shows it (the workbench)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def _alarm(request) -> dict | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    from siteops.org.selectors import Staffing

    staffing = Staffing.current()
    codes = {p.code: p for p in staffing.positions.values()}
    if not any(c in codes and user in staffing.resolve(codes[c]).users for c in ("MGR", "DEV")):
        return None
    from . import health

    late, stuck = health.late_jobs(), health.stuck_tasks()
    if not late and not stuck:
        return None
    return {"late": late, "stuck": stuck}


def late_jobs(request) -> dict:
    return {"jobs_alarm": SimpleLazyObject(lambda: _alarm(request) or {})}
