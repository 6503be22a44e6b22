"""Sync rows: no index that nothing needs (a Warehouse sync writes 100k rows at a time).

- the index on ``batch`` alone goes: the (batch, status) index serves every lookup by batch;
- the index on ``decided_by`` holds only the rows a person decided (review rows), not every
  stock row; it still serves the lookups by user (the PROTECT check when a user is deleted).

The FK indexes are dropped by name (the same on SQLite and PostgreSQL), not by ``AlterField``:
on SQLite that would copy the whole table to drop an index.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "catalog_syncrow"
FK_INDEXES = {  # column -> the index Django made for the ForeignKey in 0001
    "batch_id": "catalog_syncrow_batch_id_02560f57",
    "decided_by_id": "catalog_syncrow_decided_by_id_448fbb88",
}


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_submission_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="syncrow",
                    name="batch",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="catalog.syncbatch",
                        verbose_name="batch",
                    ),
                ),
                migrations.AlterField(
                    model_name="syncrow",
                    name="decided_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in FK_INDEXES.values()],
                    reverse_sql=[
                        f'CREATE INDEX "{name}" ON "{TABLE}" ("{column}")'
                        for column, name in FK_INDEXES.items()
                    ],
                    elidable=False,
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="syncrow",
            index=models.Index(
                condition=models.Q(("decided_by__isnull", False)),
                fields=["decided_by"],
                name="catalog_syncrow_decided_by",
            ),
        ),
    ]
