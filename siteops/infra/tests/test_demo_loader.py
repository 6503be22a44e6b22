"""The IT and hosting demo loads, and again without duplicating anything."""

from django.core.management import call_command

from siteops.infra.models import (
    Asset,
    Domain,
    EquipmentLoan,
    Installation,
    Monitor,
    NetworkLine,
    ProcurementPlan,
    Site,
)


def _counts():
    return tuple(m.objects.count() for m in (Asset, Monitor, Domain, ProcurementPlan, Site,
                                             EquipmentLoan, Installation, NetworkLine))  # fmt: skip


def test_demo_is_idempotent(manager, leader, copy_editor):
    call_command("load_infra_demo")
    counts = _counts()
    assert counts == (7, 5, 2, 2, 2, 1, 1, 1)
    assert Site.objects.get(status="live").live_on is not None
    assert EquipmentLoan.objects.get().accepted_at is not None
    call_command("load_infra_demo")
    assert _counts() == counts
