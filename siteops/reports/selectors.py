"""Reads of the reports module: archived runs restricted to the datasets the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from . import datasets
from .models import ReportRun


def runs_visible_to(user) -> QuerySet[ReportRun]:
    keys = [d.key for d in datasets.for_user(user)]
    return ReportRun.objects.filter(dataset__in=keys)


def recent_runs(user, n: int = 10) -> list[ReportRun]:
    return list(runs_visible_to(user).select_related("definition")[:n])
