"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("merch", "0003_ad_position_placement")]

    operations = [
        migrations.RenameField("shelfplan", "submitted_as", "submitted_position_code"),
        migrations.RenameField("historicalshelfplan", "submitted_as", "submitted_position_code"),
    ]
