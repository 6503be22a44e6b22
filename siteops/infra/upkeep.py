"""Installation and configuration records (signed off: the asset is then "installed") and the
planned maintenance schedules, kept as the deadlines app's recurring obligations: each occurrence
is a deadline with reminders to the asset's owner position; recording that maintenance closes it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import IllegalTransition
from siteops.deadlines.models import Deadline, Obligation
from siteops.deadlines.services import deadline_done, kind_ensure
from siteops.org.acting import acting_for, audited
from siteops.org.models import Position

from . import services
from .models import Asset, AssetEvent, Installation, Maintenance

MAINTENANCE_KIND = ("equipment_maintenance", "设备计划维护", "7,1")


@transaction.atomic
def installation_sign_off(*, actor, installation: Installation) -> Installation:
    """Sign off a complete installation record; a received asset becomes "installed"."""
    who = acting_for(actor, "infra.change_installation")
    installation.refresh_from_db()
    if installation.signed_off_at:
        raise IllegalTransition(_("This installation is already signed off."))
    if installation.steps_open:
        raise ValidationError(
            _("Steps still open: %(steps)s") % {"steps": "; ".join(installation.steps_open)[:300]}
        )
    if not (installation.os or installation.firmware):
        raise ValidationError(_("Record the operating system or the firmware (the baseline)."))
    with audited(who):
        Installation.objects.filter(pk=installation.pk, signed_off_at__isnull=True).update(
            signed_off_at=timezone.now(), signed_off_by=who.user if who.user_id else None
        )
    installation.refresh_from_db()
    asset = installation.asset
    AssetEvent.objects.create(asset=asset, kind="installed", message=str(installation.installed_on),
                              **who.event_fields())  # fmt: skip
    if asset.status == "received":
        services.asset_transition(actor=actor, asset=asset, to="installed")
    return installation


def _ct():
    return ContentType.objects.get_for_model(Asset)


@transaction.atomic
def schedule_add(*, actor, asset: Asset, what: str, frequency: str, day: int = 1, month: int = 1,
                 starts_on: datetime.date | None = None) -> Obligation:  # fmt: skip
    """A planned maintenance of ``asset`` (firmware, UPS test …) every month/quarter/year."""
    who = acting_for(actor, "infra.add_maintenance")
    what = (what or "").strip()
    if not what:
        raise ValidationError(_("Say what is maintained (e.g. firmware update, UPS test)."))
    if frequency not in ("monthly", "quarterly", "yearly"):
        raise ValidationError(_("Choose monthly, quarterly or yearly."))
    code, name, leads = MAINTENANCE_KIND
    kind = kind_ensure(code=code, name=name, lead_days=leads)
    ob = Obligation(
        name=f"{asset.tag} {what}"[:200], kind=kind, frequency=frequency, day=day, month=month,
        position=asset.owner or Position.objects.get(code="MGR"),
        title_template=f"{asset} · {what} · {{period}}"[:200],
        starts_on=starts_on or timezone.localdate(), subject_type=_ct(), subject_id=str(asset.pk),
    )  # fmt: skip
    ob.full_clean()
    with audited(who):
        ob.save()
    AssetEvent.objects.create(asset=asset, kind="schedule", message=f"{what} ({frequency})"[:500],
                              **who.event_fields())  # fmt: skip
    return ob


def schedules_of(asset: Asset):
    return Obligation.objects.filter(subject_type=_ct(), subject_id=str(asset.pk), is_active=True)


@transaction.atomic
def maintenance_done(*, actor, asset: Asset, description: str, done_on=None, schedule=None,
                     kind: str = "planned", cost: Decimal = Decimal("0"),
                     downtime_minutes: int = 0) -> Maintenance:  # fmt: skip
    """Record maintenance; planned maintenance on a schedule closes its earliest open occurrence
    (no more reminders; its work item, if it was overdue, closes too)."""
    m = services.maintenance_record(
        actor=actor, asset=asset, kind=kind, done_on=done_on or timezone.localdate(),
        description=description, cost=cost, downtime_minutes=downtime_minutes,
    )  # fmt: skip
    if schedule is not None:
        due = Deadline.objects.open().filter(obligation=schedule).order_by("due_date", "pk").first()
        if due is not None:
            who = acting_for(actor, "infra.add_maintenance")
            deadline_done(actor=actor, deadline=due, outcome=m.description[:300], who=who)
    return m
