"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("fulfilment", "0001_initial")]

    operations = [
        migrations.RenameField("deliverybatch", "created_as", "created_position_code"),
        migrations.RenameField("shipmentevent", "received_at", "at"),
        migrations.RenameField("serviceupdate", "received_at", "at"),
    ]
