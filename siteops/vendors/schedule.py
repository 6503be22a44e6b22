"""Schedule arithmetic of milestones (pure: no database)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from .models import Milestone


def expected_date(milestone: Milestone, today: datetime.date | None = None) -> datetime.date:
    """When the milestone will (or did) arrive: actual; else the forecast, but never before today."""
    if milestone.actual_date:
        return milestone.actual_date
    today = today or timezone.localdate()
    return max(milestone.forecast_date, today)


def slippage_days(milestone: Milestone, baseline_date: datetime.date | None, today=None):
    """Days late against the chosen baseline's date (None: not in that baseline)."""
    if baseline_date is None:
        return None
    return (expected_date(milestone, today) - baseline_date).days
