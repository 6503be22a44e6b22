"""The report registry: an app declares a dataset, the reports app does the rest.

A dataset lives in its own app's ``reports.py`` (found when the apps are ready, like
``admin.py``) and says, in the department's words, what it measures::

    # siteops/merch/reports.py
    from siteops.reports.datasets import Dataset, Dimension, Measure, Result, register

    register(Dataset(
        key="shop_clicks", title=_("Ad and shelf clicks"), perm="merch.view_clickcount",
        description=_("Clicks in the shop on ads and shelf slots, counted per day."),
        dimensions=[Dimension("day", _("By day")), Dimension("ad", _("By ad")), ...],
        measures=[Measure("clicks", _("Clicks"), _("Visits through the ad's or slot's link."))],
        compute=clicks,            # (start, end, dimensions, filters) -> Result
    ))

For free it then gets: the ad-hoc screen (choose dataset, period, breakdowns, filters; the table;
an XLSX download), scheduled runs of a ``ReportDefinition`` naming it, immutable archived runs
(XLSX + HTML + the parameters), distribution to positions / departments / addresses, and the
archive by period. ``compute`` must run a bounded number of queries (GROUP BY in the database),
whatever the period's size.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, NotAllowed


@dataclass(frozen=True)
class Measure:
    """A figure of every row. ``kind``: count, money (CNY, two places) or rate (0–1)."""

    key: str
    label: str
    definition: str = ""
    kind: str = "count"


@dataclass(frozen=True)
class Dimension:
    """A breakdown: one table with a row per value (a day, an ad, a region …)."""

    key: str
    label: str
    note: str = ""  # shown under the table, e.g. why its rows do not add up to the total


@dataclass(frozen=True)
class Filter:
    """A narrowing of the whole report; ``choices()`` → [(value, label)], read when shown."""

    key: str
    label: str
    choices: Callable[[], Sequence[tuple[str, str]]]


@dataclass
class Row:
    key: str
    label: str
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {"key": self.key, "label": self.label}
        for k, v in self.values.items():
            out[k] = str(v) if isinstance(v, Decimal) else v
        return out


@dataclass
class Result:
    """What ``compute`` returns: the period's totals and one list of rows per breakdown."""

    start: datetime.date
    end: datetime.date  # inclusive
    totals: Row
    breakdowns: dict[str, list[Row]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "totals": self.totals.as_dict(),
            "breakdowns": {k: [r.as_dict() for r in v] for k, v in self.breakdowns.items()},
        }


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    perm: str  # who may see it (the ad-hoc screen, its archived runs)
    dimensions: Sequence[Dimension]
    measures: Sequence[Measure]
    compute: Callable[..., Result]  # (start, end, dimensions, filters) -> Result
    description: str = ""
    filters: Sequence[Filter] = ()
    chart: str = ""  # the measure drawn as bars in the HTML tables
    default_dimensions: Sequence[str] = ()
    app_label: str = ""

    def dimension(self, key: str) -> Dimension:
        for d in self.dimensions:
            if d.key == key:
                return d
        raise DomainError(_("Unknown breakdown: %s") % key)

    def clean_dimensions(self, dimensions) -> list[str]:
        keys = [str(d) for d in dimensions or []]
        for k in keys:
            self.dimension(k)
        return list(dict.fromkeys(keys))

    def clean_filters(self, filters) -> dict[str, str]:
        """Only declared filters, only offered values; empty values are dropped."""
        result = {}
        known = {f.key: f for f in self.filters}
        for key, value in (filters or {}).items():
            if value in (None, ""):
                continue
            f = known.get(key)
            if f is None:
                raise DomainError(_("Unknown filter: %s") % key)
            if str(value) not in {str(v) for v, _label in f.choices()}:
                raise DomainError(_("%(filter)s: %(value)s is not one of the choices.")
                                  % {"filter": f.label, "value": value})  # fmt: skip
            result[key] = str(value)
        return result

    def run(self, start: datetime.date, end: datetime.date, dimensions=(), filters=None) -> Result:
        dims = self.clean_dimensions(dimensions)
        return self.compute(start, end, dims, self.clean_filters(filters))

    def visible_to(self, user) -> bool:
        return bool(user.is_active and user.has_perm(self.perm))


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    current = _REGISTRY.get(dataset.key)
    if current is not None and current.compute is not dataset.compute:
        raise ImproperlyConfigured(f"Report dataset {dataset.key!r} is registered twice.")
    if not dataset.measures:
        raise ImproperlyConfigured(f"Report dataset {dataset.key!r} declares no measure.")
    _REGISTRY[dataset.key] = dataset
    return dataset


def all_datasets() -> list[Dataset]:
    return sorted(_REGISTRY.values(), key=lambda d: d.key)


def get(key: str) -> Dataset:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise DomainError(_("There is no report “%s”.") % key) from None


def for_user(user) -> list[Dataset]:
    return [d for d in all_datasets() if d.visible_to(user)]


def get_for(user, key: str) -> Dataset:
    dataset = get(key)
    if not dataset.visible_to(user):
        raise NotAllowed(_("Your positions may not see this report."))
    return dataset


def autodiscover() -> None:
    """Import every installed app's ``reports`` module (it registers its datasets)."""
    for config in apps.get_app_configs():
        if config.name.startswith("siteops.") and config.name != "siteops.reports":
            if module_has_submodule(config.module, "reports"):
                importlib.import_module(f"{config.name}.reports")


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """[start 00:00, end+1 00:00) in the site's time zone, as aware datetimes."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)
