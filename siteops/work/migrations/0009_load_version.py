"""A "load version" that changes whenever a work item is created, deleted, or changes status,
position or due date: what the team board's load table counts (open items by position and
status, and how many are late). The counts are kept per (version, day, positions) in each
process (``selectors.team_load``) and still change on the first request after a write commits.

One row (id=1) in work_load_version. Database triggers on work_workitem raise it in the writing
transaction — so every write path counts (services, admin, ``QuerySet.update()``, syncs, raw
SQL) and a reader sees the new version exactly when it sees the new data. As the shop version
(storefront 0003) does, the new value is max(old + 1, now in µs): a number rolled back with its
transaction is never reused. Edits of an item's title or notes do not raise it.
"""

from django.db import migrations

COLUMNS = ["status", "position_id", "due"]
SQLITE_BUMP = (
    "UPDATE work_load_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)


def sqlite_ensure(run) -> None:
    """Create the SQLite triggers where missing (also after migrate: SQLite alters a table by
    rebuilding it, which drops its triggers; see ``siteops.work.apps``)."""
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in COLUMNS)
    run(f"CREATE TRIGGER IF NOT EXISTS work_load_v_update AFTER UPDATE OF {', '.join(COLUMNS)}"
        f" ON work_workitem WHEN {changed} BEGIN {SQLITE_BUMP} END")  # fmt: skip
    for event in ("INSERT", "DELETE"):
        run(f"CREATE TRIGGER IF NOT EXISTS work_load_v_{event.lower()} AFTER {event}"
            f" ON work_workitem BEGIN {SQLITE_BUMP} END")  # fmt: skip


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor not in ("sqlite", "postgresql"):
        return
    run(
        "CREATE TABLE IF NOT EXISTS work_load_version (id integer PRIMARY KEY, version bigint NOT NULL)"
    )
    run("INSERT INTO work_load_version (id, version) VALUES (1, 1)")
    if vendor == "sqlite":
        sqlite_ensure(run)
        return
    run("""CREATE OR REPLACE FUNCTION work_bump_load_version() RETURNS trigger AS $$
        BEGIN
            UPDATE work_load_version SET version = GREATEST(version + 1,
                (extract(epoch from clock_timestamp()) * 1000000)::bigint) WHERE id = 1;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COLUMNS)
    run(f"CREATE TRIGGER work_load_v_update AFTER UPDATE OF {', '.join(COLUMNS)} ON work_workitem"
        f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION work_bump_load_version()")  # fmt: skip
    run(
        "CREATE TRIGGER work_load_v AFTER INSERT OR DELETE OR TRUNCATE ON work_workitem"
        " FOR EACH STATEMENT EXECUTE FUNCTION work_bump_load_version()"
    )


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        for name in ("update", "insert", "delete"):
            run(f"DROP TRIGGER IF EXISTS work_load_v_{name}")
    elif vendor == "postgresql":
        run("DROP TRIGGER IF EXISTS work_load_v_update ON work_workitem")
        run("DROP TRIGGER IF EXISTS work_load_v ON work_workitem")
        run("DROP FUNCTION IF EXISTS work_bump_load_version()")
    else:
        return
    run("DROP TABLE IF EXISTS work_load_version")


class Migration(migrations.Migration):
    dependencies = [("work", "0008_open_work_by_due")]

    operations = [migrations.RunPython(up, down, elidable=False)]
