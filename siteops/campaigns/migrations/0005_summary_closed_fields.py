"""Who closed an event summary, in the one shape of a record (``closed_by`` /
``closed_position_code`` / ``closed_acting``, core.events.Acting.record_fields)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_design_request_roster_summary_imports")]

    operations = [
        migrations.RenameField("eventsummary", "closed_as", "closed_position_code"),
        migrations.AddField(
            "eventsummary",
            "closed_acting",
            models.BooleanField(default=False, verbose_name="as acting holder"),
        ),
    ]
