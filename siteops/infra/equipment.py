"""Office equipment checked out to people: the manager checks it out, the person accepts it
(签收), and it stays on the person's list until returned or written off. The people app's
separation hand-over checklist asks for that list through the ``people_equipment_unreturned``
hook (provided in ``InfraConfig.ready``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.org.acting import acting_for, audited

from .choices import SITE_KINDS, AssetKind
from .models import Asset, AssetEvent, EquipmentLoan

CHANGE_LOAN = "infra.change_equipmentloan"


def _event(asset, who, kind, message) -> None:
    AssetEvent.objects.create(asset=asset, kind=kind, message=message[:500], **who.event_fields())


@transaction.atomic
def loan_checkout(*, actor, asset: Asset, person, on: datetime.date | None = None,
                  client=None) -> EquipmentLoan:  # fmt: skip
    who = acting_for(actor, "infra.add_equipmentloan", client=client)
    if asset.kind in SITE_KINDS:
        raise ValidationError(_("Site equipment is not checked out to people."))
    if asset.status in ("retired", "disposed", "in_repair"):
        raise ValidationError(_("This asset cannot be checked out now."))
    if not person.is_active:
        raise ValidationError(_("Equipment is checked out to active people only."))
    loan = EquipmentLoan(asset=asset, person=person, checked_out_on=on or timezone.localdate())
    loan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(), audited(who):
            loan.save()
    except IntegrityError as exc:
        raise IllegalTransition(_("This asset is already checked out.")) from exc
    _event(asset, who, "checked_out", str(person))
    from siteops.work.notify import notify_people

    notify_people(
        [person], kind="assigned",
        title=_("Please accept: %(asset)s") % {"asset": asset},
        message=_("%(asset)s was checked out to you; open the page to accept it.") % {"asset": asset},
        link=reverse("admin:infra_my_equipment"),
    )  # fmt: skip
    return loan


@transaction.atomic
def loan_accept(*, actor, loan: EquipmentLoan) -> EquipmentLoan:
    """Only the person it was checked out to accepts it (once)."""
    if loan.person_id != getattr(actor, "pk", None):
        raise NotAllowed(_("Only the person it was checked out to can accept it."))
    if not EquipmentLoan.objects.filter(
        pk=loan.pk, accepted_at__isnull=True, returned_on__isnull=True, written_off_on__isnull=True
    ).update(accepted_at=timezone.now()):
        raise IllegalTransition(_("Already accepted, or no longer checked out."))
    loan.refresh_from_db()
    AssetEvent.objects.create(
        asset=loan.asset, kind="accepted", message=str(actor)[:500], actor=actor
    )
    return loan


def _close(loan: EquipmentLoan, who, **fields) -> EquipmentLoan:
    with audited(who):
        if not EquipmentLoan.objects.filter(
            pk=loan.pk, returned_on__isnull=True, written_off_on__isnull=True
        ).update(**fields):
            raise IllegalTransition(_("This equipment was already returned or written off."))
    loan.refresh_from_db()
    return loan


@transaction.atomic
def loan_return(*, actor, loan: EquipmentLoan, condition: str = "", on=None,
                client=None) -> EquipmentLoan:  # fmt: skip
    who = acting_for(actor, CHANGE_LOAN, client=client)
    on = on or timezone.localdate()
    if on < loan.checked_out_on:
        raise ValidationError(_("It cannot come back before it went out."))
    if on > timezone.localdate():
        raise ValidationError(_("The return date cannot be in the future."))
    loan = _close(loan, who, returned_on=on, return_condition=(condition or "").strip()[:200])
    _event(loan.asset, who, "returned", f"{loan.person} {loan.return_condition}")
    return loan


@transaction.atomic
def loan_write_off(*, actor, loan: EquipmentLoan, reason: str) -> EquipmentLoan:
    who = acting_for(actor, CHANGE_LOAN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why it is written off (lost, broken beyond repair …)."))
    loan = _close(loan, who, written_off_on=timezone.localdate(), write_off_reason=reason[:200])
    _event(loan.asset, who, "written_off", f"{loan.person} {reason}")
    return loan


def loans_visible_to_client(client):
    """Checkouts an API client may list: all of them with ``infra.view_equipmentloan``, else
    those to people who fill a position of the client's own department today."""
    from siteops.org.models import PositionAssignment

    loans = EquipmentLoan.objects.all()
    if client.has_perm("infra.view_equipmentloan"):
        return loans
    own = (
        PositionAssignment.objects.active()
        .filter(position__department_id=client.department_id)
        .values("user_id")
    )
    return loans.filter(person_id__in=own)


def unreturned_equipment(user) -> list[dict]:
    """The ``people_equipment_unreturned`` hook: what ``user`` still has (one query)."""
    loans = (
        EquipmentLoan.objects.filter(
            person=user, returned_on__isnull=True, written_off_on__isnull=True
        )
        .select_related("asset")
        .order_by("checked_out_on", "pk")
    )
    return [
        {
            "tag": loan.asset.tag,
            "name": loan.asset.model_name,
            "kind": AssetKind(loan.asset.kind).label,
            "since": loan.checked_out_on,
            "accepted": loan.accepted_at is not None,
            "url": reverse("admin:infra_equipmentloan_change", args=[loan.pk]),
        }
        for loan in loans
    ]
