"""The yearly compliance report for leadership: the licences held, the obligations of the year
met on time or late (or still open past their date), and the renewals coming in the next year."""

from __future__ import annotations

import datetime

from django.db.models import F

from .choices import HELD, FilingStatus
from .models import Filing, Licence


def yearly_report(year: int, today: datetime.date) -> dict:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    filings = Filing.objects.filter(due_date__range=(start, end)).select_related("licence")
    on_time = list(filings.filter(status__in=(FilingStatus.SUBMITTED, FilingStatus.CLOSED),
                                  submitted_on__lte=F("due_date")).order_by("due_date", "pk"))  # fmt: skip
    late = list(filings.filter(status__in=(FilingStatus.SUBMITTED, FilingStatus.CLOSED),
                               submitted_on__gt=F("due_date")).order_by("due_date", "pk"))  # fmt: skip
    overdue = list(
        filings.filter(status=FilingStatus.OPEN, due_date__lt=today).order_by("due_date", "pk")
    )
    still_open = list(
        filings.filter(status=FilingStatus.OPEN, due_date__gte=today).order_by("due_date", "pk")
    )
    horizon = max(end, today) + datetime.timedelta(days=365)
    renewals = list(
        Licence.objects.filter(status__in=HELD, valid_until__isnull=False, valid_until__lte=horizon)
        .select_related("position").order_by("valid_until", "pk")
    )  # fmt: skip
    held = list(
        Licence.objects.filter(status__in=HELD).select_related("position").order_by("kind", "pk")
    )
    due_count = len(on_time) + len(late) + len(overdue)
    return {
        "year": year,
        "held": held,
        "on_time": on_time,
        "late": late + overdue,
        "open": still_open,
        "renewals": renewals,
        "horizon": horizon,
        "on_time_rate": round(100 * len(on_time) / due_count) if due_count else None,
    }
