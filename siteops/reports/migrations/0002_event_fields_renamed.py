"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RenameField("reportrun", "created_as", "created_position_code"),
    ]
