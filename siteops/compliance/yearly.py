"""The yearly compliance report screen for leadership: its figures are the ``compliance_yearly``
dataset's ``compute`` (the same numbers the scheduled, archived report sends), with the lists
behind them — the licences held, the obligations late or overdue, those met on time, and the
renewals coming."""

from __future__ import annotations

import datetime

from django.db.models import F

from . import reports
from .choices import HELD, FilingStatus
from .models import Filing, Licence


def yearly_report(year: int, today: datetime.date) -> dict:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    result = reports.compute(start, end, ["licence_kind"], {}, today=today)
    filings = Filing.objects.filter(due_date__range=(start, end)).select_related("licence")
    done = (FilingStatus.SUBMITTED, FilingStatus.CLOSED)
    on_time = filings.filter(status__in=done, submitted_on__lte=F("due_date"))
    late = filings.filter(status__in=done, submitted_on__gt=F("due_date"))
    overdue = filings.filter(status=FilingStatus.OPEN, due_date__lt=today)
    horizon = reports.horizon(end, today)
    held = Licence.objects.filter(status__in=HELD).select_related("position")
    rate = result.totals.values["on_time_rate"]
    return {
        "year": year,
        "figures": result.totals.values,
        "by_kind": result.breakdowns["licence_kind"],
        "held": list(held.order_by("kind", "pk")),
        "on_time": list(on_time.order_by("due_date", "pk")),
        "late": list((late | overdue).order_by("due_date", "pk")),
        "renewals": list(
            held.filter(valid_until__isnull=False, valid_until__lte=horizon).order_by(
                "valid_until", "pk"
            )
        ),
        "horizon": horizon,
        "on_time_rate": round(100 * rate) if rate is not None else None,
        "dataset": reports.KEY,
    }
