import pytest
from django.core.management import call_command

from siteops.loyalty.models import Batch, LedgerEntry, Project

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_points():
    call_command("load_org", verbosity=0)
    from siteops.org.management.commands.load_demo import load_demo

    load_demo("pw-demo-12345")
    call_command("load_catalog_demo", verbosity=0)
    call_command("load_shop_demo", verbosity=0)
    call_command("load_loyalty_demo", verbosity=0)
    project = Project.objects.get(code="JF2026")
    assert project.status == "active" and project.members.exists()
    assert Batch.objects.get(project=project).status == "issued"
    n = LedgerEntry.objects.count()
    assert n > 0
    assert project.redeem_allowed and project.valid_days == 365
    assert LedgerEntry.objects.filter(kind="adjust", reason__contains="快递延误").exists()
    call_command("load_loyalty_demo", verbosity=0)
    assert LedgerEntry.objects.count() == n and Project.objects.count() == 1
