"""Writes of IT and hosting: procurement plans (approval, order, receiving → assets once), the
asset register, maintenance, renewables' due dates, and the availability checks with incidents."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.approvals.services import approval_submit
from siteops.core.errors import IllegalTransition
from siteops.deadlines.services import deadline_register, kind_ensure
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.selectors import resolve

from .choices import ASSET_TRANSITIONS, PLAN_TRANSITIONS, AssetStatus, PlanStatus
from .models import (
    Asset,
    AssetEvent,
    Check,
    Contract,
    Incident,
    Maintenance,
    MaintenanceWindow,
    Monitor,
    OfficeSystem,
    ProcurementOption,
    ProcurementPlan,
)

CHANGE_ASSET = "infra.change_asset"
CHANGE_PLAN = "infra.change_procurementplan"


def _move(model, obj, table, to: str, label, **fields) -> None:
    old = obj.status
    if to not in table.get(old, ()):
        raise IllegalTransition(
            _("Cannot go from “%(old)s” to “%(new)s”.")
            % {"old": label(old).label, "new": label(to).label}
        )
    if not model.objects.filter(pk=obj.pk, status=old).update(status=to, **fields):
        raise IllegalTransition(_("It was changed meanwhile; reload and try again."))
    obj.refresh_from_db()


# --- procurement -------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, data: dict, options: list[dict]) -> ProcurementPlan:
    who = acting_for(actor, "infra.add_procurementplan")
    plan = ProcurementPlan(**data)
    plan.full_clean()
    with audited(who):
        plan.save()
    for opt in options:
        o = ProcurementOption(plan=plan, **opt)
        o.full_clean()
        o.save()
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: ProcurementPlan):
    """Send the plan to approval (leadership; the steps are the approval rule's)."""
    who = acting_for(actor, CHANGE_PLAN)
    chosen = plan.options.filter(chosen=True).first()
    if chosen is None:
        raise ValidationError(_("Choose one of the quoted options first."))
    if chosen.unit_price * plan.quantity > plan.budget:
        raise ValidationError(_("The chosen option costs more than the budget."))
    with audited(who):
        _move(ProcurementPlan, plan, PLAN_TRANSITIONS, PlanStatus.IN_APPROVAL, PlanStatus)
    return approval_submit(obj=plan, who=who, message=plan.need[:300])


def on_plan_approved(approval, who) -> None:
    plan = ProcurementPlan.objects.get(pk=approval.object_id)
    _move(ProcurementPlan, plan, PLAN_TRANSITIONS, PlanStatus.APPROVED, PlanStatus)


def on_plan_rejected(approval, who) -> None:
    plan = ProcurementPlan.objects.get(pk=approval.object_id)
    _move(ProcurementPlan, plan, PLAN_TRANSITIONS, PlanStatus.REJECTED, PlanStatus)


@transaction.atomic
def plan_order(*, actor, plan: ProcurementPlan, purchase_order: str) -> ProcurementPlan:
    who = acting_for(actor, CHANGE_PLAN)
    purchase_order = (purchase_order or "").strip()
    if not purchase_order:
        raise ValidationError(_("Give the purchase order number."))
    with audited(who):
        _move(
            ProcurementPlan,
            plan,
            PLAN_TRANSITIONS,
            PlanStatus.ORDERED,
            PlanStatus,
            purchase_order=purchase_order[:100],
        )
    return plan


def _months_later(day: datetime.date, months: int) -> datetime.date:
    import calendar

    m = day.month - 1 + months
    y, mo = day.year + m // 12, m % 12 + 1
    return datetime.date(y, mo, min(day.day, calendar.monthrange(y, mo)[1]))


@transaction.atomic
def plan_receive(*, actor, plan: ProcurementPlan, serials: list[str], location: str = "",
                 received_on: datetime.date | None = None) -> list[Asset]:  # fmt: skip
    """Receive the order: one asset per serial, exactly once (the plan moves to "received" with a
    conditional update first, so a second submit creates nothing)."""
    who = acting_for(actor, CHANGE_PLAN)
    serials = [s.strip() for s in serials if s.strip()]
    if len(serials) != plan.quantity or len(set(serials)) != len(serials):
        raise ValidationError(
            _("Give %(n)d different serial numbers, one per line.") % {"n": plan.quantity}
        )
    chosen = plan.chosen
    received_on = received_on or timezone.localdate()
    with audited(who):
        _move(ProcurementPlan, plan, PLAN_TRANSITIONS, PlanStatus.RECEIVED, PlanStatus)
    year = received_on.year
    start = Asset.objects.filter(tag__startswith=f"IT-{year}-").count() + 1
    assets = []
    for n, serial in enumerate(serials):
        asset = Asset(
            tag=f"IT-{year}-{start + n:04d}", kind=plan.kind, model_name=chosen.model_name,
            serial=serial[:100], location=location[:200], owner=plan.owner, supplier=chosen.supplier,
            cost=chosen.unit_price, plan=plan,
            warranty_end=_months_later(received_on, chosen.warranty_months) if chosen.warranty_months else None,
        )  # fmt: skip
        asset.full_clean()
        with audited(who):
            asset.save()
        AssetEvent.objects.create(
            asset=asset, kind="received", message=plan.purchase_order, **who.event_fields()
        )
        _register_warranty(asset, who)
        assets.append(asset)
    return assets


# --- assets ------------------------------------------------------------------------------------


def _register_warranty(asset: Asset, who) -> None:
    if asset.warranty_end and asset.owner_id:
        kind_ensure(code="warranty", name="保修到期", lead_days="90,30,7")
        deadline_register(subject=asset, kind="warranty", due_date=asset.warranty_end, position=asset.owner,
                          title=_("Warranty of %(asset)s ends") % {"asset": asset}, who=who)  # fmt: skip


@transaction.atomic
def asset_save(*, actor, asset: Asset) -> Asset:
    who = acting_for(actor, CHANGE_ASSET)
    asset.full_clean()
    with audited(who):
        asset.save()
    AssetEvent.objects.create(asset=asset, kind="saved", **who.event_fields())
    _register_warranty(asset, who)
    return asset


@transaction.atomic
def asset_transition(*, actor, asset: Asset, to: str, note: str = "") -> Asset:
    who = acting_for(actor, CHANGE_ASSET)
    old = asset.status
    with audited(who):
        _move(Asset, asset, ASSET_TRANSITIONS, to, AssetStatus)
    AssetEvent.objects.create(
        asset=asset, kind="status", message=f"{old} → {to} {note}"[:500], **who.event_fields()
    )
    return asset


@transaction.atomic
def maintenance_record(*, actor, asset: Asset, kind: str, done_on, description: str,
                       cost: Decimal = Decimal("0"), downtime_minutes: int = 0) -> Maintenance:  # fmt: skip
    who = acting_for(actor, CHANGE_ASSET)
    m = Maintenance(asset=asset, kind=kind, done_on=done_on, description=(description or "").strip(),
                    cost=cost, downtime_minutes=downtime_minutes)  # fmt: skip
    m.full_clean()
    m.save()
    AssetEvent.objects.create(
        asset=asset, kind="maintenance", message=m.description[:500], **who.event_fields()
    )
    return m


def missing_counts() -> dict:
    """The dashboard's target-0 counts of in-service assets missing a location, owner, warranty
    end or maintenance record."""
    live = Asset.objects.filter(status=AssetStatus.IN_SERVICE)
    return {
        "location": live.filter(location="").count(),
        "owner": live.filter(owner__isnull=True).count(),
        "warranty": live.filter(warranty_end__isnull=True).count(),
        "maintenance": live.filter(maintenance__isnull=True).count(),
        "schedule": _missing_schedule(),
    }


def _missing_schedule() -> int:
    """In-service assets with no active maintenance schedule (a recurring obligation whose
    subject is the asset; see upkeep.schedule_add)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from siteops.deadlines.models import Obligation

    scheduled = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Asset), is_active=True,
        subject_id=Cast(OuterRef("pk"), CharField()),
    )  # fmt: skip
    return Asset.objects.filter(status=AssetStatus.IN_SERVICE).exclude(Exists(scheduled)).count()


# --- renewables (contracts, domains, certificates, office systems) ------------------------------

# kind code → (name, lead days). An item that renews itself gets one notice (7 days before), not
# the series of reminders.
RENEWABLE_KINDS = {
    "contract": ("托管/线路合同续约", "90,30,7,1"),
    "domain": ("域名到期", "90,30,7,1"),
    "certificate": ("证书到期", "30,7,1"),
    "keywordregistration": ("通用网址到期", "90,30,7,1"),
    "office_system": ("办公系统续费", "60,30,7"),
    "auto_renewal": ("自动续费提示", "7"),
}


def renewable_register(obj, *, who=None) -> None:
    """Register (or move) the due date of a contract, domain, certificate or office system."""
    who = who or system_acting()
    if isinstance(obj, OfficeSystem):
        if not obj.renewal_on:
            return
        due, position, code = obj.renewal_on, obj.administrator, "office_system"
    else:
        due, position = obj.expires_on, obj.position
        code = "auto_renewal" if obj.auto_renew else type(obj).__name__.lower()
        if isinstance(obj, Contract) and not obj.auto_renew:
            due = obj.expires_on - datetime.timedelta(days=obj.notice_days)
    name, leads = RENEWABLE_KINDS[code]
    kind_ensure(code=code, name=name, lead_days=leads)
    # Switching auto-renew on or off replaces the other kind's open due date.
    from django.contrib.contenttypes.models import ContentType

    from siteops.deadlines.models import Deadline

    other = {"auto_renewal", type(obj).__name__.lower()} - {code}
    Deadline.objects.open().filter(
        subject_type=ContentType.objects.get_for_model(obj),
        subject_id=str(obj.pk),
        kind__code__in=other,
    ).update(status="cancelled", outcome=_("Replaced: renewal setting changed"))
    title = (
        _("%(what)s: %(name)s renews on %(day)s")
        if obj_auto(obj)
        else _("%(what)s: %(name)s expires on %(day)s")
    )
    deadline_register(
        subject=obj, kind=code, due_date=due, position=position, who=who,
        title=title % {"what": type(obj)._meta.verbose_name, "name": obj, "day": getattr(obj, "expires_on", due)},
    )  # fmt: skip


def obj_auto(obj) -> bool:
    return bool(getattr(obj, "auto_renew", False))


@transaction.atomic
def renewable_save(*, actor, obj):
    perm = f"infra.change_{type(obj)._meta.model_name}"
    who = acting_for(actor, perm if obj.pk else perm.replace("change_", "add_"))
    obj.full_clean()
    with audited(who):
        obj.save()
    renewable_register(obj, who=who)
    return obj


# --- availability ------------------------------------------------------------------------------

FAILS_TO_ALERT = 2
ALERT_POSITIONS = ("MNT", "MGR")
ALERT_KIND = "escalated"


def probe_with_test_client(path: str) -> tuple[int | None, int]:
    """GET the site's own endpoint in process (no network); (status code, milliseconds)."""
    from django.conf import settings
    from django.test import Client

    host = next(
        (h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost"
    )
    start = time.monotonic()
    try:
        status = Client(HTTP_HOST=host, raise_request_exception=False).get(path).status_code
    except Exception:  # noqa: BLE001 - any failure of the endpoint is "down", never a failed job
        status = None
    return status, int((time.monotonic() - start) * 1000)


def in_maintenance(monitor: Monitor, at) -> bool:
    return (
        MaintenanceWindow.objects.filter(starts_at__lte=at, ends_at__gt=at)
        .filter(Q(monitors=monitor) | Q(monitors__isnull=True))
        .exists()
    )


@transaction.atomic
def check_record(
    *, monitor: Monitor, ok: bool, status_code: int | None = None, ms: int = 0, at=None
) -> Check:
    """Keep one result; two failures in a row (outside a maintenance window) open one incident
    and one notification; the next success closes it."""
    at = at or timezone.now()
    check = Check.objects.create(monitor=monitor, at=at, ok=ok, status_code=status_code, ms=ms,
                                 in_maintenance=in_maintenance(monitor, at))  # fmt: skip
    open_ = Incident.objects.filter(monitor=monitor, ended_at__isnull=True).first()
    if ok:
        if open_ is not None:
            Incident.objects.filter(pk=open_.pk, ended_at__isnull=True).update(ended_at=at)
        return check
    if open_ is not None or check.in_maintenance:
        return check
    last = list(
        Check.objects.filter(monitor=monitor, at__lte=at).order_by("-at", "-pk")[:FAILS_TO_ALERT]
    )
    if len(last) == FAILS_TO_ALERT and not any(c.ok or c.in_maintenance for c in last):
        try:
            with transaction.atomic():
                incident = Incident.objects.create(monitor=monitor, started_at=last[-1].at)
        except IntegrityError:
            return check  # opened meanwhile
        _alert(incident)
    return check


def _alert(incident: Incident) -> None:
    from siteops.work.notify import notify_people

    users = []
    for code in ALERT_POSITIONS:
        users += list(resolve(code).users)
    # The work app has no "outage" notification kind yet; an outage is escalated to these positions.
    notify_people(
        users, kind=ALERT_KIND,
        title=_("Outage: %(name)s") % {"name": incident.monitor.name},
        message=_("%(name)s failed %(n)d checks in a row since %(at)s.")
        % {"name": incident.monitor.name, "n": FAILS_TO_ALERT, "at": timezone.localtime(incident.started_at).strftime("%H:%M")},
        link=reverse("admin:infra_incident_change", args=[incident.pk]),
    )  # fmt: skip


def monitors_run(*, probe=probe_with_test_client, now=None) -> int:
    """The every-minute job: check each active monitor once."""
    now = now or timezone.now()
    n = 0
    for monitor in Monitor.objects.filter(is_active=True):
        status, ms = probe(monitor.path)
        check_record(
            monitor=monitor, ok=status == monitor.expected_status, status_code=status, ms=ms, at=now
        )
        n += 1
    return n
