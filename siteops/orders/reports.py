"""The order statistics (PRC-04, PRC-08) as a report dataset: every figure is one aggregate query
(GROUP BY in the database). Registered as ``orders`` in ``siteops.reports.datasets``.

Definitions (the same in every table, chart, XLSX file and e-mail):

- *orders*: orders placed in the period (by placement time, in the site's time zone);
- *paid orders*: of those, the ones paid or confirmed for cash on delivery and not cancelled
  (every status from ``paid``/``cod_confirmed`` onwards, returns and refunds included);
- *GMV*: the order totals of the paid orders; *average order value* = GMV / paid orders;
- *cancellations*: orders now ``cancelled``; *returns*: orders now ``return_requested``,
  ``returned`` or ``refunded``; the rates are per order placed;
- *new customer*: the order is that customer's first order ever; *returning*: they ordered before;
- *referral source*: the order's ``utm_source`` (empty = direct).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, models
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    Sum,
    Value,
)  # fmt: skip
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.reports import datasets
from siteops.reports.datasets import period_bounds

from .choices import OrderStatus as S
from .choices import PaymentMethod

PAID_STATUSES = (
    S.PAID, S.COD_CONFIRMED, S.BATCHED, S.SHIPPED, S.DELIVERY_FAILED, S.DELIVERED, S.COMPLETED,
    S.RETURN_REQUESTED, S.RETURNED, S.REFUNDED,
)  # fmt: skip
RETURN_STATUSES = (S.RETURN_REQUESTED, S.RETURNED, S.REFUNDED)
CANCELLED_STATUSES = (S.CANCELLED,)
ZERO = Decimal("0.00")


class Dimension(models.TextChoices):
    DAY = "day", gettext_lazy("By day")
    CATEGORY = "category", gettext_lazy("By category")
    REGION = "region", gettext_lazy("By region")
    PAYMENT = "payment", gettext_lazy("By payment method")
    CUSTOMER = "customer", gettext_lazy("New vs returning customers")
    REFERRAL = "referral", gettext_lazy("By referral source")


MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class Figures:
    """The key figures of one row (the whole period, a day, a region …)."""

    key: str
    label: str
    orders: int = 0
    paid_orders: int = 0
    gmv: Decimal = ZERO
    cancelled: int = 0
    returned: int = 0

    @property
    def aov(self) -> Decimal:
        return (self.gmv / self.paid_orders).quantize(Decimal("0.01")) if self.paid_orders else ZERO

    @property
    def cancel_rate(self) -> float:
        return round(self.cancelled / self.orders, 4) if self.orders else 0.0

    @property
    def return_rate(self) -> float:
        return round(self.returned / self.orders, 4) if self.orders else 0.0

    def as_dict(self) -> dict:
        return {
            "key": self.key, "label": self.label, "orders": self.orders,
            "paid_orders": self.paid_orders, "gmv": str(self.gmv), "aov": str(self.aov),
            "cancelled": self.cancelled, "cancel_rate": self.cancel_rate,
            "returned": self.returned, "return_rate": self.return_rate,
        }  # fmt: skip


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date  # inclusive
    totals: Figures
    breakdowns: dict[str, list[Figures]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "totals": self.totals.as_dict(),
            "breakdowns": {k: [r.as_dict() for r in v] for k, v in self.breakdowns.items()},
        }


def _orders(start, end):
    from .models import Order

    lo, hi = period_bounds(start, end)
    return Order.objects.filter(created_at__gte=lo, created_at__lt=hi)


def _metrics(prefix: str = "") -> dict:
    status = f"{prefix}status__in"
    return {
        "n_orders": Count(f"{prefix}pk" if prefix else "pk", distinct=bool(prefix)),
        "n_paid": Count(
            f"{prefix}pk" if prefix else "pk",
            filter=Q(**{status: PAID_STATUSES}),
            distinct=bool(prefix),
        ),  # fmt: skip
        "n_cancelled": Count(
            f"{prefix}pk" if prefix else "pk",
            filter=Q(**{status: CANCELLED_STATUSES}),
            distinct=bool(prefix),
        ),  # fmt: skip
        "n_returned": Count(
            f"{prefix}pk" if prefix else "pk",
            filter=Q(**{status: RETURN_STATUSES}),
            distinct=bool(prefix),
        ),  # fmt: skip
    }


def _figures(key, label, row, gmv) -> Figures:
    return Figures(
        key=str(key), label=str(label), orders=row["n_orders"], paid_orders=row["n_paid"],
        gmv=(gmv if gmv is not None else ZERO).quantize(Decimal("0.01")),
        cancelled=row["n_cancelled"], returned=row["n_returned"],
    )  # fmt: skip


def _gmv():
    return Coalesce(
        Sum("total", filter=Q(status__in=PAID_STATUSES)), Value(ZERO), output_field=MONEY
    )


def totals(start, end) -> Figures:
    row = _orders(start, end).aggregate(**_metrics(), gmv=_gmv())
    return _figures("total", _("All orders"), row, row["gmv"])


def _local_day(start, end):
    """The placement day in the site's time zone, as an expression the database evaluates.

    On SQLite, Django's time-zone-aware TruncDate calls a Python function per row; when the
    zone's UTC offset is the same over the whole period (always for Asia/Shanghai), SQLite's own
    ``date(…, '+480 minutes')`` gives the same day natively.
    """
    lo, hi = period_bounds(start, end)
    if connection.vendor == "sqlite" and lo.utcoffset() == hi.utcoffset():
        minutes = int(lo.utcoffset().total_seconds() // 60)
        return Func(
            F("created_at"), template=f"date(%(expressions)s, '{minutes:+d} minutes')",
            output_field=DateField(),
        )  # fmt: skip
    return TruncDate("created_at", tzinfo=timezone.get_current_timezone())


def by_day(start, end) -> list[Figures]:
    rows = (
        _orders(start, end)
        .annotate(day=_local_day(start, end))
        .values("day")
        .annotate(**_metrics(), gmv=_gmv())
        .order_by("day")
    )
    found = {r["day"]: r for r in rows}
    result, day = [], start
    while day <= end:  # every day of the period, the quiet ones too
        r = found.get(day) or {"n_orders": 0, "n_paid": 0, "n_cancelled": 0, "n_returned": 0}
        result.append(_figures(day.isoformat(), day.isoformat(), r, r.get("gmv")))
        day += datetime.timedelta(days=1)
    return result


def by_region(start, end) -> list[Figures]:
    rows = (
        _orders(start, end)
        .values("province")
        .annotate(**_metrics(), gmv=_gmv())
        .order_by("-gmv", "province")
    )
    return [_figures(r["province"], r["province"] or _("(no region)"), r, r["gmv"]) for r in rows]


def by_payment(start, end) -> list[Figures]:
    labels = dict(PaymentMethod.choices)
    rows = (
        _orders(start, end)
        .values("payment_method")
        .annotate(**_metrics(), gmv=_gmv())
        .order_by("payment_method")
    )
    return [
        _figures(r["payment_method"], labels.get(r["payment_method"], r["payment_method"]), r,
                 r["gmv"])
        for r in rows
    ]  # fmt: skip


def by_referral(start, end) -> list[Figures]:
    rows = (
        _orders(start, end)
        .values("utm_source")
        .annotate(**_metrics(), gmv=_gmv())
        .order_by("-n_orders", "utm_source")
    )
    return [
        _figures(r["utm_source"] or "", r["utm_source"] or _("(direct)"), r, r["gmv"]) for r in rows
    ]


def by_customer(start, end) -> list[Figures]:
    from .models import Order

    earlier = Order.objects.filter(
        customer_id=OuterRef("customer_id"), created_at__lt=OuterRef("created_at")
    )
    rows = (
        _orders(start, end)
        .annotate(returning=Exists(earlier))
        .values("returning")
        .annotate(**_metrics(), gmv=_gmv())
        .order_by("returning")
    )
    names = {False: ("new", _("New customers")), True: ("returning", _("Returning customers"))}
    return [_figures(*names[bool(r["returning"])], r, r["gmv"]) for r in rows]


def by_category(start, end) -> list[Figures]:
    """Per top-level… no: per the product's own category. GMV is the lines' value in that category.

    An order with lines in two categories counts once in each (so the rows do not add up to the
    total order count — the table says so).
    """
    from .models import OrderLine

    lo, hi = period_bounds(start, end)
    paid = Q(order__status__in=PAID_STATUSES)
    rows = (
        OrderLine.objects.filter(order__created_at__gte=lo, order__created_at__lt=hi)
        .values(cat_id=F("sku__product__category_id"), cat_name=F("sku__product__category__name"))
        .annotate(
            **_metrics("order__"),
            gmv=Coalesce(
                Sum("line_total", filter=paid, output_field=MONEY),
                Value(ZERO),
                output_field=MONEY,
            ),
        )  # fmt: skip
        .order_by("-gmv", "cat_name")
    )
    return [_figures(r["cat_id"], r["cat_name"] or _("(no category)"), r, r["gmv"]) for r in rows]


BREAKDOWNS = {
    Dimension.DAY: by_day,
    Dimension.CATEGORY: by_category,
    Dimension.REGION: by_region,
    Dimension.PAYMENT: by_payment,
    Dimension.CUSTOMER: by_customer,
    Dimension.REFERRAL: by_referral,
}


def order_statistics(start: datetime.date, end: datetime.date, dimensions=()) -> Statistics:
    """Key figures of the period and the chosen breakdowns (each one GROUP BY query)."""
    stats = Statistics(start=start, end=end, totals=totals(start, end))
    for dim in dimensions:
        stats.breakdowns[str(dim)] = BREAKDOWNS[Dimension(dim)](start, end)
    return stats


# --- the dataset --------------------------------------------------------------------------

MEASURES = [
    datasets.Measure("orders", gettext_lazy("Orders"),
                     gettext_lazy("Orders placed in the period, by placement time in the site's time zone.")),
    datasets.Measure("paid_orders", gettext_lazy("Paid orders"),
                     gettext_lazy("Of those, the ones paid or confirmed for cash on delivery and not "
                        "cancelled (returns and refunds included).")),
    datasets.Measure("gmv", gettext_lazy("GMV (CNY)"), gettext_lazy("The order totals of the paid orders."), "money"),
    datasets.Measure("aov", gettext_lazy("Average order value"), gettext_lazy("GMV divided by paid orders."),
                     "money"),
    datasets.Measure("cancelled", gettext_lazy("Cancellations"), gettext_lazy("Orders now cancelled.")),
    datasets.Measure("cancel_rate", gettext_lazy("Cancellation rate"),
                     gettext_lazy("Cancellations per order placed."), "rate"),
    datasets.Measure("returned", gettext_lazy("Returns"),
                     gettext_lazy("Orders now with a return requested, returned or refunded.")),
    datasets.Measure("return_rate", gettext_lazy("Return rate"), gettext_lazy("Returns per order placed."), "rate"),
]  # fmt: skip
_NOTES = {
    Dimension.CATEGORY: gettext_lazy(
        "An order with products of several categories counts in each of them."
    ),
    Dimension.CUSTOMER: gettext_lazy(
        "New: the customer's first order ever; returning: they ordered before."
    ),
    Dimension.REFERRAL: gettext_lazy(
        "The order's referral source (utm_source); empty means direct."
    ),
}


def _row(f: Figures) -> datasets.Row:
    return datasets.Row(key=f.key, label=f.label, values={
        "orders": f.orders, "paid_orders": f.paid_orders, "gmv": f.gmv, "aov": f.aov,
        "cancelled": f.cancelled, "cancel_rate": f.cancel_rate, "returned": f.returned,
        "return_rate": f.return_rate,
    })  # fmt: skip


def compute(start, end, dimensions, filters) -> datasets.Result:
    stats = order_statistics(start, end, dimensions)
    return datasets.Result(
        start=start, end=end, totals=_row(stats.totals),
        breakdowns={k: [_row(r) for r in rows] for k, rows in stats.breakdowns.items()},
    )  # fmt: skip


ORDERS = datasets.register(
    datasets.Dataset(
        key="orders",
        title=gettext_lazy("Order statistics"),
        perm="reports.view_reportrun",
        description=gettext_lazy(
            "Orders placed in the shop, their value, cancellations and returns."
        ),
        dimensions=[datasets.Dimension(d.value, d.label, _NOTES.get(d, "")) for d in Dimension],
        measures=MEASURES,
        compute=compute,
        chart="gmv",
        default_dimensions=["day"],
        app_label="orders",
    )  # fmt: skip
)
