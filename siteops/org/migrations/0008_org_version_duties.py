"""The organisation version (0006) also follows the duties attached to positions (``org_duty``):
the duty map (``siteops.org.selectors.duty_map``) is kept per version, so adding, changing,
moving or removing a duty shows on the next request (issue #20)."""

from django.db import migrations

SQLITE_BUMP = (
    "UPDATE org_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)
TABLE = "org_duty"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        for event in ("INSERT", "UPDATE", "DELETE"):
            run(f"CREATE TRIGGER org_v_{TABLE}_{event.lower()} AFTER {event} ON {TABLE}"
                f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
    elif vendor == "postgresql":
        run(f"CREATE TRIGGER org_v_{TABLE} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE}"
            " FOR EACH STATEMENT EXECUTE FUNCTION org_bump_version()")  # fmt: skip


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        for event in ("insert", "update", "delete"):
            run(f"DROP TRIGGER IF EXISTS org_v_{TABLE}_{event}")
    elif vendor == "postgresql":
        run(f"DROP TRIGGER IF EXISTS org_v_{TABLE} ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("org", "0007_org_version_staff_flag")]

    operations = [migrations.RunPython(up, down, elidable=False)]
