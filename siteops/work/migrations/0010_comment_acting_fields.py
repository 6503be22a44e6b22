"""A comment's author in the one shape of a record (``created_by`` / ``created_position_code`` /
``created_acting``, core.events.Acting.record_fields)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("work", "0009_load_version")]

    operations = [
        migrations.RenameField("workcomment", "author", "created_by"),
        migrations.RenameField("workcomment", "author_position", "created_position_code"),
        migrations.RenameField("workcomment", "acting", "created_acting"),
    ]
