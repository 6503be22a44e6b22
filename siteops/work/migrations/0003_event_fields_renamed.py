"""Who-fields take the one shape of ``siteops.core.events.Event`` (renames only: no table copy)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("work", "0002_list_indexes")]

    operations = [
        migrations.RenameField("workevent", "actor_position", "position_code"),
        migrations.RenameField("workevent", "created_at", "at"),
    ]
