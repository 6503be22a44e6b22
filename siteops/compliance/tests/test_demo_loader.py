"""The compliance demo loads and loads again without duplicating anything."""

from django.core.management import call_command

from siteops.compliance.models import Document, Filing, Licence


def test_demo_is_idempotent(manager, leader, chief_editor):
    call_command("load_compliance_demo")
    counts = (Licence.objects.count(), Filing.objects.count(), Document.objects.count())
    assert counts[0] == 6 and counts[2] == 4
    assert Licence.objects.get(kind="icp_filing").number == "沪ICP备20260001号-1"
    assert Document.objects.filter(status="effective").count() == 1
    call_command("load_compliance_demo")
    assert (Licence.objects.count(), Filing.objects.count(), Document.objects.count()) == counts
