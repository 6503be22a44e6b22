"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_syncrow_lean_indexes")]

    operations = [
        migrations.RenameField("pricehistory", "changed_by", "actor"),
        migrations.RenameField("pricehistory", "position", "position_code"),
        migrations.RenameField("pricehistory", "changed_at", "at"),
        migrations.RenameField("pricehistory", "source", "via"),
        migrations.RenameField("productevent", "position", "position_code"),
        migrations.RenameField("productevent", "created_at", "at"),
        migrations.RenameField("submissionround", "position", "position_code"),
        migrations.RenameField("submissionround", "created_at", "at"),
        migrations.RenameField("scheduledaction", "position", "created_position_code"),
        migrations.RenameField("submissionimport", "position", "created_position_code"),
    ]
