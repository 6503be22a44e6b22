"""The IT and hosting demo loads, and again without duplicating anything."""

from django.core.management import call_command

from siteops.infra.models import Asset, Domain, Monitor, ProcurementPlan


def test_demo_is_idempotent(manager, leader):
    call_command("load_infra_demo")
    counts = (
        Asset.objects.count(),
        Monitor.objects.count(),
        Domain.objects.count(),
        ProcurementPlan.objects.count(),
    )
    assert counts == (7, 5, 2, 2)
    call_command("load_infra_demo")
    assert (
        Asset.objects.count(),
        Monitor.objects.count(),
        Domain.objects.count(),
        ProcurementPlan.objects.count(),
    ) == counts
