"""Sync batches take the field names of siteops.core.syncs (the same in every app).

``source`` (Purchasing / Warehouse) becomes ``kind``; who sent it is spelled as on every event:
``created_by`` -> ``actor``, ``position`` -> ``position_code``. Renames keep every row's values.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_syncrow_lean_indexes")]

    operations = [
        migrations.RenameField("syncbatch", "source", "kind"),
        migrations.RenameField("syncbatch", "created_by", "actor"),
        migrations.RenameField("syncbatch", "position", "position_code"),
    ]
