"""Sync batches get the shared fields of siteops.core.syncs (idempotency key and fingerprint, and
who sent it spelled as on every event). A batch sent by a client system gets ``source`` client,
one sent by a person staff; nobody's values change.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def stamp_source(apps, schema_editor):
    SyncBatch = apps.get_model("catalog", "SyncBatch")
    SyncBatch.objects.filter(client__isnull=False).update(source="client")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_syncbatch_shared_names"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="syncbatch",
            name="acting",
            field=models.BooleanField(default=False, verbose_name="as acting holder"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="idempotency_key",
            field=models.CharField(blank=True, max_length=200, verbose_name="idempotency key"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="request_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="request fingerprint"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="source",
            field=models.CharField(
                choices=[
                    ("staff", "Staff"),
                    ("customer", "Customer"),
                    ("client", "Client system"),
                    ("job", "Scheduled job"),
                ],
                default="staff",
                max_length=16,
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="sent by",
            ),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="channel",
            field=models.CharField(
                choices=[("api", "API"), ("file", "File upload")],
                default="file",
                max_length=8,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="kind",
            field=models.CharField(
                choices=[("purchasing", "Purchasing"), ("warehouse", "Warehouse")],
                max_length=20,
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="rows_error",
            field=models.PositiveIntegerField(default=0, verbose_name="rows with errors"),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("preview", "Preview (not applied)"),
                    ("applied", "Applied"),
                    ("review", "Applied; some rows wait for a person"),
                    ("done", "Done (every row decided)"),
                    ("discarded", "Discarded"),
                ],
                db_index=True,
                default="preview",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="syncrow",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("applied", "Applied"),
                    ("scheduled", "Scheduled"),
                    ("held", "Held (waiting for an earlier event)"),
                    ("review", "Waits for the product editor"),
                    ("rejected", "Rejected by the product editor"),
                    ("duplicate", "Already applied"),
                    ("error", "Error"),
                    ("discarded", "Discarded"),
                ],
                default="pending",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(stamp_source, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="syncbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("idempotency_key", ""), _negated=True), ("client__isnull", False)
                ),
                fields=("kind", "client", "idempotency_key"),
                name="catalog_syncbatch_client_key_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="syncbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("idempotency_key", ""), _negated=True), ("client__isnull", True)
                ),
                fields=("kind", "actor", "idempotency_key"),
                name="catalog_syncbatch_actor_key_once",
            ),
        ),
    ]
