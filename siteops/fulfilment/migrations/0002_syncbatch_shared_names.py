"""Status files take the field names of siteops.core.syncs (the same in every app).

Batch: ``source`` -> ``kind``, ``uploaded_by`` -> ``actor``, ``row_count`` -> ``rows_total``,
``error_count`` -> ``rows_error``. Row: ``sync`` -> ``batch``, ``order_number`` -> ``key``,
``current_status`` -> ``old_value``, ``new_status`` -> ``new_value``; ``outcome`` becomes the
shared row ``status`` in the next migration (with its values carried over).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fulfilment", "0001_initial")]

    operations = [
        migrations.RenameField("syncbatch", "source", "kind"),
        migrations.RenameField("syncbatch", "uploaded_by", "actor"),
        migrations.RenameField("syncbatch", "row_count", "rows_total"),
        migrations.RenameField("syncbatch", "error_count", "rows_error"),
        migrations.RemoveConstraint("syncrow", "fulfilment_syncrow_line_once"),
        migrations.RenameField("syncrow", "sync", "batch"),
        migrations.RenameField("syncrow", "order_number", "key"),
        migrations.RenameField("syncrow", "current_status", "old_value"),
        migrations.RenameField("syncrow", "new_status", "new_value"),
        migrations.AddConstraint(
            "syncrow",
            models.UniqueConstraint(fields=["batch", "line"], name="fulfilment_syncrow_line_once"),
        ),
    ]
