"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [
        migrations.RenameField("positionassignment", "made_by", "created_by"),
        migrations.RenameField("positionassignment", "made_as", "created_position_code"),
        migrations.RenameField("historicalpositionassignment", "made_by", "created_by"),
        migrations.RenameField("historicalpositionassignment", "made_as", "created_position_code"),
    ]
