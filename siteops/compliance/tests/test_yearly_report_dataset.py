"""The yearly compliance report is the ``compliance_yearly`` dataset: its figures equal a plain
Python count over generated obligations and licences; a scheduled yearly ReportDefinition
archives last year's report once and sends it to leadership; the screen shows the same figures."""

import datetime
import random
from collections import defaultdict

import pytest

from siteops.compliance import reports, yearly
from siteops.compliance.choices import HELD
from siteops.compliance.models import Filing, Licence
from siteops.org.models import Position
from siteops.reports import datasets
from siteops.reports.models import ReportDefinition, ReportRun
from siteops.reports.services import run_due_reports

pytestmark = pytest.mark.django_db

KINDS = ["icp_filing", "icp_licence", "psb_filing", "trusted_site", "high_tech"]
STATUSES = ["preparing", "granted", "change_pending", "renewal_due", "expired", "cancelled"]
FKINDS = ["annual_report", "renewal", "annual_check", "stats_report"]


def _generate(seed: int):
    rng = random.Random(seed)
    mgr = Position.objects.get(code="MGR")
    licences = []
    for n in range(12):
        status = rng.choice(STATUSES)
        valid = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 1400))
        licences.append(Licence.objects.create(
            kind=rng.choice(KINDS), number=f"N-{n}", status=status, position=mgr,
            valid_until=valid if rng.random() < 0.7 else None,
        ))  # fmt: skip
    for n in range(80):
        lic = rng.choice(licences)
        due = datetime.date(2026, 6, 1) + datetime.timedelta(days=rng.randint(0, 900))
        status = rng.choice(["open", "submitted", "closed"])
        submitted = (
            None if status == "open" else due + datetime.timedelta(days=rng.randint(-40, 30))
        )
        Filing.objects.create(
            licence=lic, kind=rng.choice(FKINDS), period_key=f"p{n}", title=f"F{n}",
            opens_on=due - datetime.timedelta(days=60), due_date=due, status=status,
            submitted_on=submitted,
        )  # fmt: skip


def _expected(start, end, today):
    """Independent calculation: loops over every row, no SQL aggregates."""
    horizon = max(end, today) + datetime.timedelta(days=365)
    out = defaultdict(lambda: defaultdict(int))
    for f in Filing.objects.select_related("licence"):
        if not start <= f.due_date <= end:
            continue
        for key in ("total", f.licence.kind):
            row = out[key]
            row["due"] += 1
            if f.status in ("submitted", "closed"):
                row["on_time" if f.submitted_on <= f.due_date else "late"] += 1
            elif f.due_date < today:
                row["overdue"] += 1
            else:
                row["open"] += 1
    for lic in Licence.objects.all():
        if lic.status not in HELD:
            continue
        for key in ("total", lic.kind):
            out[key]["held"] += 1
            if lic.valid_until and lic.valid_until <= horizon:
                out[key]["renewals"] += 1
    return out


def _check(row_values, exp):
    for m in ("held", "renewals", "due", "on_time", "late", "overdue", "open"):
        assert row_values[m] == exp.get(m, 0), m
    counted = exp.get("on_time", 0) + exp.get("late", 0) + exp.get("overdue", 0)
    rate = row_values["on_time_rate"]
    assert rate == (exp.get("on_time", 0) / counted if counted else None)


@pytest.mark.parametrize("seed,year,today", [(1, 2027, datetime.date(2028, 1, 5)),
                                             (2, 2027, datetime.date(2027, 7, 1)),
                                             (3, 2026, datetime.date(2028, 3, 1))])  # fmt: skip
def test_compute_matches_an_independent_count(manager, seed, year, today):
    _generate(seed)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result = reports.compute(start, end, ["licence_kind", "obligation"], {}, today=today)
    exp = _expected(start, end, today)
    _check(result.totals.values, exp["total"])
    by_kind = {r.key: r.values for r in result.breakdowns["licence_kind"]}
    assert set(by_kind) == {k for k in exp if k != "total"}
    for kind, values in by_kind.items():
        _check(values, exp[kind])
    by_obligation = sum(r.values["due"] for r in result.breakdowns["obligation"])
    assert by_obligation == exp["total"].get("due", 0)


def test_the_filter_narrows_to_one_licence_kind(manager):
    _generate(4)
    start, end, today = (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
        datetime.date(2028, 1, 2),
    )
    result = reports.compute(start, end, [], {"licence_kind": "icp_licence"}, today=today)
    _check(result.totals.values, _expected(start, end, today)["icp_licence"])


def test_the_screen_shows_the_datasets_figures(client, manager):
    _generate(5)
    today = datetime.date.today()
    r = yearly.yearly_report(2027, today)
    result = reports.compute(
        datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), [], {}, today=today
    )
    assert r["figures"] == result.totals.values
    assert len(r["late"]) == result.totals.values["late"] + result.totals.values["overdue"]
    assert len(r["on_time"]) == result.totals.values["on_time"]
    client.force_login(manager)
    page = client.get("/backoffice/compliance/report/?year=2027").content.decode()
    assert (
        'id="section-by-kind"' in page and "/backoffice/reports/datasets/compliance_yearly/" in page
    )


def test_the_yearly_definition_is_scheduled_archived_once_and_sent_to_leadership(
    manager, leader, django_capture_on_commit_callbacks
):
    definition = reports.ensure_yearly_definition()
    assert definition.code == "compliance-yearly" and definition.is_scheduled
    assert definition.period_kind == "year" and definition.dataset == "compliance_yearly"
    assert list(definition.recipient_positions.values_list("code", flat=True)) == ["LEAD"]
    reports.ensure_yearly_definition()
    assert ReportDefinition.objects.filter(code="compliance-yearly").count() == 1
    _generate(6)
    now = datetime.datetime(2028, 1, 3, 9, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        run_due_reports(now=now)
    run_due_reports(now=now)
    runs = ReportRun.objects.filter(definition=definition)
    assert runs.count() == 1
    run = runs.get()
    assert (run.period_start, run.period_end) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 12, 31),
    )
    assert run.figures["totals"]["due"] == Filing.objects.filter(due_date__year=2027).count()
    assert run.sent_at is not None and leader.email in run.recipients
    assert datasets.get("compliance_yearly").visible_to(leader)
