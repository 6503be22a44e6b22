"""Who requested a design and who decided a proof round, in the one shape of a record
(``<verb>_by`` / ``<verb>_position_code`` / ``<verb>_acting``, core.events.Acting.record_fields):
the position codes are renamed, and whether it was done as an acting holder is kept too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("content", "0008_page_display_order")]

    operations = [
        migrations.RenameField("designrequest", "requested_as", "requested_position_code"),
        migrations.AddField(
            "designrequest",
            "requested_acting",
            models.BooleanField(default=False, verbose_name="requested as acting holder"),
        ),
        migrations.RenameField("proofround", "decided_as", "decided_position_code"),
        migrations.AddField(
            "proofround",
            "decided_acting",
            models.BooleanField(default=False, verbose_name="decided as acting holder"),
        ),
    ]
