"""The register starts with the two numbers the shop footer showed until now (from settings), so
the footer keeps showing them; from here on the register is the one source."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

SEED = [("icp_filing", "ICP_FILING_NUMBER", "工业和信息化部"), ("psb_filing", "PSB_FILING_NUMBER", "公安机关")]


def seed(apps, schema_editor):
    Licence = apps.get_model("compliance", "Licence")
    conf = getattr(settings, "SITEOPS", {})
    for kind, key, authority in SEED:
        number = (conf.get(key) or "").strip()
        if not number or Licence.objects.filter(kind=kind).exists():
            continue
        Licence.objects.create(
            kind=kind, number=number[:100], authority=authority, status="granted",
            show_in_footer=True, created_at=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_licence_register_and_documents")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
