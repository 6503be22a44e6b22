"""An *organisation version*: one number that database triggers raise whenever anything the org
chart shows changes — appointments, positions, departments, acting fallbacks, a person's name or
active/superuser flags — so the chart's rendered body can be cached and still show a change on the
first request after it commits (the day is in the cache key too: appointments start and end by
date). Raised to max(old + 1, now in µs), so a number rolled back with its transaction is never
reused. Read with one query by ``siteops.org.selectors.org_version``.
"""

from django.db import migrations

SQLITE_BUMP = (
    "UPDATE org_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)
TABLES = ["org_positionassignment", "org_position", "org_department", "org_actingfallback"]
USER_COLUMNS = ["username", "display_name", "first_name", "last_name", "is_active", "is_superuser"]


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor not in ("sqlite", "postgresql"):
        return
    run("CREATE TABLE org_version (id integer PRIMARY KEY, version bigint NOT NULL)")
    run("INSERT INTO org_version (id, version) VALUES (1, 1)")
    if vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                run(f"CREATE TRIGGER org_v_{table}_{event.lower()} AFTER {event} ON {table}"
                    f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in USER_COLUMNS)
        run(f"CREATE TRIGGER org_v_org_user_update AFTER UPDATE ON org_user WHEN {changed}"
            f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
        run("CREATE TRIGGER org_v_org_user_insert AFTER INSERT ON org_user WHEN new.is_superuser"
            f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
        run(f"CREATE TRIGGER org_v_org_user_delete AFTER DELETE ON org_user BEGIN {SQLITE_BUMP} END")
        return
    run("""CREATE OR REPLACE FUNCTION org_bump_version() RETURNS trigger AS $$
        BEGIN
            UPDATE org_version SET version = GREATEST(version + 1,
                (extract(epoch from clock_timestamp()) * 1000000)::bigint) WHERE id = 1;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    for table in TABLES:
        run(f"CREATE TRIGGER org_v_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION org_bump_version()")  # fmt: skip
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_COLUMNS)
    run(f"CREATE TRIGGER org_v_org_user_update AFTER UPDATE ON org_user FOR EACH ROW WHEN ({changed})"
        " EXECUTE FUNCTION org_bump_version()")  # fmt: skip
    run("CREATE TRIGGER org_v_org_user_insert AFTER INSERT ON org_user FOR EACH ROW"
        " WHEN (NEW.is_superuser) EXECUTE FUNCTION org_bump_version()")
    run("CREATE TRIGGER org_v_org_user_delete AFTER DELETE ON org_user FOR EACH ROW"
        " EXECUTE FUNCTION org_bump_version()")


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS org_v_{table}_{event}")
        for event in ("insert", "update", "delete"):
            run(f"DROP TRIGGER IF EXISTS org_v_org_user_{event}")
    elif vendor == "postgresql":
        for table in TABLES:
            run(f"DROP TRIGGER IF EXISTS org_v_{table} ON {table}")
        for event in ("insert", "update", "delete"):
            run(f"DROP TRIGGER IF EXISTS org_v_org_user_{event} ON org_user")
        run("DROP FUNCTION IF EXISTS org_bump_version()")
    else:
        return
    run("DROP TABLE IF EXISTS org_version")


class Migration(migrations.Migration):
    dependencies = [("org", "0005_user_access_version")]

    operations = [migrations.RunPython(up, down, elidable=False)]
