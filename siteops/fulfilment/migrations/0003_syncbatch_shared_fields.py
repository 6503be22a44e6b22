"""Status files get the shared sync fields of siteops.core.syncs.

The row's ``outcome`` becomes the shared ``status``, value for value: "" -> pending (or error when
the row has an error), applied / held / duplicate stay, refused -> error (its reason is in
``error``). The batch's new counts (applied) are computed from its rows; old files were uploaded
by staff through the back office (``source`` staff, ``channel`` file).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def outcome_to_status(apps, schema_editor):
    SyncRow = apps.get_model("fulfilment", "SyncRow")
    SyncBatch = apps.get_model("fulfilment", "SyncBatch")
    SyncRow.objects.filter(outcome="", error="").update(status="pending")
    SyncRow.objects.filter(outcome="").exclude(error="").update(status="error")
    for kept in ("applied", "held", "duplicate"):
        SyncRow.objects.filter(outcome=kept).update(status=kept)
    SyncRow.objects.filter(outcome="refused").update(status="error")
    for batch in SyncBatch.objects.all().iterator():
        rows = SyncRow.objects.filter(batch_id=batch.pk)
        SyncBatch.objects.filter(pk=batch.pk).update(
            rows_applied=rows.filter(status="applied").count(),
            rows_error=rows.filter(status="error").count(),
        )


def status_to_outcome(apps, schema_editor):
    SyncRow = apps.get_model("fulfilment", "SyncRow")
    SyncRow.objects.filter(status__in=["pending", "error"]).update(outcome="")
    for kept in ("applied", "held", "duplicate"):
        SyncRow.objects.filter(status=kept).update(outcome=kept)
    # An error found when applying was "refused"; one found at preview had no outcome.
    batches = apps.get_model("fulfilment", "SyncBatch").objects.filter(status="applied")
    SyncRow.objects.filter(status="error", batch__in=batches).update(outcome="refused")


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0002_syncbatch_shared_names"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="syncrow",
            options={
                "ordering": ["batch", "line"],
                "verbose_name": "status file row",
                "verbose_name_plural": "status file rows",
            },
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="acting",
            field=models.BooleanField(default=False, verbose_name="as acting holder"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="channel",
            field=models.CharField(
                choices=[("api", "API"), ("file", "File upload")],
                default="file",
                max_length=8,
                verbose_name="channel",
            ),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="client",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.apiclient",
                verbose_name="sent by system",
            ),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="idempotency_key",
            field=models.CharField(blank=True, max_length=200, verbose_name="idempotency key"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="position_code",
            field=models.CharField(blank=True, max_length=32, verbose_name="acting as position"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="request_hash",
            field=models.CharField(blank=True, max_length=64, verbose_name="request fingerprint"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="rows_applied",
            field=models.PositiveIntegerField(default=0, verbose_name="applied"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="rows_review",
            field=models.PositiveIntegerField(default=0, verbose_name="waiting for review"),
        ),
        migrations.AddField(
            model_name="syncbatch",
            name="rows_scheduled",
            field=models.PositiveIntegerField(default=0, verbose_name="scheduled"),
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
        migrations.AddField(
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
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="syncbatch",
            name="filename",
            field=models.CharField(blank=True, max_length=200, verbose_name="file"),
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
            name="key",
            field=models.CharField(blank=True, max_length=64, verbose_name="order number"),
        ),
        migrations.AlterField(
            model_name="syncrow",
            name="new_value",
            field=models.CharField(blank=True, max_length=200, verbose_name="new value"),
        ),
        migrations.AlterField(
            model_name="syncrow",
            name="old_value",
            field=models.CharField(blank=True, max_length=200, verbose_name="old value"),
        ),
        migrations.RunPython(outcome_to_status, status_to_outcome),
        migrations.RemoveField(
            model_name="syncrow",
            name="outcome",
        ),
        migrations.AddConstraint(
            model_name="syncbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("idempotency_key", ""), _negated=True), ("client__isnull", False)
                ),
                fields=("kind", "client", "idempotency_key"),
                name="fulfilment_syncbatch_client_key_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="syncbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("idempotency_key", ""), _negated=True), ("client__isnull", True)
                ),
                fields=("kind", "actor", "idempotency_key"),
                name="fulfilment_syncbatch_actor_key_once",
            ),
        ),
    ]
