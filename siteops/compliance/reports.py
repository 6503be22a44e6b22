"""The yearly compliance report for leadership (MGR-17/18), as a dataset: the licences held, the
obligations of the period met on time, late or still overdue, and the renewals coming.

Accounting rule (written on the report): an obligation belongs to the period its due date falls
in. *On time*: submitted on or before its due date; *late*: submitted after it; *overdue*: not
submitted and its due date has passed (on the day the report runs); *open*: not submitted, not
yet due. On-time rate = on time ÷ (on time + late + overdue). *Held* and *renewals* describe the
register on the day the report runs: licences granted (also with a change pending or a renewal
due), and those of them whose validity ends within a year of the period's end (or of today, if
later).

A scheduled ``ReportDefinition`` (``compliance-yearly``, a migration makes it) archives the last
complete year each January and sends it to leadership; the back-office screen
(``compliance/report/``) shows the same figures from ``compute`` with the lists behind them.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from siteops.reports import datasets

from .choices import HELD, FilingKind, FilingStatus, LicenceKind
from .models import Filing, Licence

KEY = "compliance_yearly"
DEFINITION_CODE = "compliance-yearly"
RECIPIENTS = ("LEAD",)  # the issue: "a yearly compliance report for leadership"

RULE = _(
    "An obligation counts in the period its due date falls in. On time: submitted on or before "
    "the due date; late: submitted after it; overdue: not submitted and past its date on the day "
    "the report runs. On-time rate = on time ÷ (on time + late + overdue). Held licences and "
    "renewals are the register on the day the report runs (renewals: validity ending within a "
    "year of the period's end)."
)

_DONE = (FilingStatus.SUBMITTED, FilingStatus.CLOSED)


def horizon(end: datetime.date, today: datetime.date) -> datetime.date:
    """Renewals counted: validity ending by this day."""
    return max(end, today) + datetime.timedelta(days=365)


def _filing_measures(today: datetime.date) -> dict:
    done = Q(status__in=_DONE)
    return {
        "due": Count("pk"),
        "on_time": Count("pk", filter=done & Q(submitted_on__lte=F("due_date"))),
        "late": Count("pk", filter=done & Q(submitted_on__gt=F("due_date"))),
        "overdue": Count("pk", filter=Q(status=FilingStatus.OPEN, due_date__lt=today)),
        "open": Count("pk", filter=Q(status=FilingStatus.OPEN, due_date__gte=today)),
    }


def _licence_measures(until: datetime.date) -> dict:
    return {
        "held": Count("pk"),
        "renewals": Count("pk", filter=Q(valid_until__isnull=False, valid_until__lte=until)),
    }


def _values(f: dict, lic: dict | None) -> dict:
    on_time, late, overdue = f.get("on_time") or 0, f.get("late") or 0, f.get("overdue") or 0
    counted = on_time + late + overdue
    return {
        "held": (lic or {}).get("held", 0) if lic is not None else None,
        "renewals": (lic or {}).get("renewals", 0) if lic is not None else None,
        "due": f.get("due") or 0,
        "on_time": on_time,
        "late": late,
        "overdue": overdue,
        "open": f.get("open") or 0,
        "on_time_rate": (on_time / counted) if counted else None,
    }


def compute(start, end, dimensions, filters, today: datetime.date | None = None):
    """Four GROUP BY queries at most (totals and one per breakdown), whatever the register's size."""
    today = today or timezone.localdate()
    filings = Filing.objects.filter(due_date__range=(start, end))
    held = Licence.objects.filter(status__in=HELD)
    if filters.get("licence_kind"):
        filings = filings.filter(licence__kind=filters["licence_kind"])
        held = held.filter(kind=filters["licence_kind"])
    fm, lm = _filing_measures(today), _licence_measures(horizon(end, today))
    totals = datasets.Row(
        "total", str(_("All licences")), _values(filings.aggregate(**fm), held.aggregate(**lm))
    )
    breakdowns = {}
    if "licence_kind" in dimensions:
        f_rows = {
            r["licence__kind"]: r for r in filings.values("licence__kind").annotate(**fm).order_by()
        }
        l_rows = {r["kind"]: r for r in held.values("kind").annotate(**lm).order_by()}
        breakdowns["licence_kind"] = [
            datasets.Row(kind, str(label), _values(f_rows.get(kind, {}), l_rows.get(kind, {})))
            for kind, label in LicenceKind.choices
            if kind in f_rows or kind in l_rows
        ]  # fmt: skip
    if "obligation" in dimensions:
        rows = {r["kind"]: r for r in filings.values("kind").annotate(**fm).order_by()}
        breakdowns["obligation"] = [
            datasets.Row(kind, str(label), _values(rows[kind], None))
            for kind, label in FilingKind.choices
            if kind in rows
        ]
    return datasets.Result(start, end, totals, breakdowns)


def ensure_yearly_definition():
    """The scheduled yearly report (the migration makes it; positions may be loaded after the
    migrations ran, so the daily compliance job and the demo give it leadership as recipient
    while it has none)."""
    from siteops.org.models import Position
    from siteops.reports.models import ReportDefinition

    definition, _created = ReportDefinition.objects.get_or_create(
        code=DEFINITION_CODE,
        defaults={
            "name": "年度合规报告", "dataset": KEY, "period_kind": "year",
            "dimensions": ["licence_kind", "obligation"], "is_scheduled": True,
        },
    )  # fmt: skip
    if not definition.recipient_positions.exists():
        definition.recipient_positions.add(*Position.objects.filter(code__in=RECIPIENTS))
    return definition


def _compute(start, end, dimensions, filters):
    return compute(start, end, dimensions, filters)


datasets.register(
    datasets.Dataset(
        key=KEY,
        title=_("Yearly compliance report"),
        perm="compliance.view_licence",
        description=RULE,
        dimensions=[
            datasets.Dimension("licence_kind", _("By licence kind")),
            datasets.Dimension(
                "obligation",
                _("By obligation"),
                note=_("Held licences and renewals are counted per licence, not per obligation."),
            ),
        ],
        measures=[
            datasets.Measure("held", _("Licences held"), _("Granted on the day the report runs.")),
            datasets.Measure("due", _("Obligations due"), _("Due dates in the period.")),
            datasets.Measure("on_time", _("Met on time"), _("Submitted by the due date.")),
            datasets.Measure("late", _("Met late"), _("Submitted after the due date.")),
            datasets.Measure(
                "overdue", _("Overdue"), _("Not submitted, past the due date on the run's day.")
            ),
            datasets.Measure("open", _("Still open"), _("Not submitted, not yet due.")),
            datasets.Measure(
                "on_time_rate",
                _("On-time rate"),
                _("On time ÷ (on time + late + overdue)."),
                kind="rate",
            ),
            datasets.Measure(
                "renewals",
                _("Renewals coming"),
                _("Held licences whose validity ends within a year of the period's end."),
            ),
        ],
        filters=[datasets.Filter("licence_kind", _("Only"), lambda: LicenceKind.choices)],
        compute=_compute,
        chart="due",
        default_dimensions=["licence_kind", "obligation"],
    )
)
