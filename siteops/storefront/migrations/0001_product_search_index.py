"""The shop's product search index (Chinese titles: trigram matching).

SQLite: an external-content FTS5 table over catalog_product (title, subtitle) with the trigram
tokenizer, kept in sync by triggers on catalog_product. PostgreSQL: pg_trgm GIN indexes on the
same columns. Other databases get nothing (search falls back to LIKE).
"""

from django.db import migrations

FTS = "storefront_product_fts"

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title, subtitle, content='catalog_product', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON catalog_product BEGIN
        INSERT INTO {FTS}(rowid, title, subtitle) VALUES (new.id, new.title, new.subtitle);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON catalog_product BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, subtitle)
            VALUES ('delete', old.id, old.title, old.subtitle);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF title, subtitle ON catalog_product
    BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, subtitle)
            VALUES ('delete', old.id, old.title, old.subtitle);
        INSERT INTO {FTS}(rowid, title, subtitle) VALUES (new.id, new.title, new.subtitle);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS storefront_product_title_trgm"
    " ON catalog_product USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS storefront_product_subtitle_trgm"
    " ON catalog_product USING gin (subtitle gin_trgm_ops)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS storefront_product_title_trgm",
    "DROP INDEX IF EXISTS storefront_product_subtitle_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
            elidable=False,
        )
    ]
