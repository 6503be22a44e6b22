"""The organisation version (0006) also follows who is staff: a new member of staff, or a person's
``is_staff`` flag changing, raises it. The appointment form's list of people (every active member
of staff) is rendered once per version (``siteops.org.forms.StaffSelect``, issue #20)."""

from django.db import migrations

SQLITE_BUMP = (
    "UPDATE org_version SET version = max(version + 1,"
    " CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE id = 1;"
)
BEFORE = ["username", "display_name", "first_name", "last_name", "is_active", "is_superuser"]
AFTER = [*BEFORE, "is_staff"]


def _user_triggers(schema_editor, columns, insert_when):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS org_v_org_user_update")
        run("DROP TRIGGER IF EXISTS org_v_org_user_insert")
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        run(f"CREATE TRIGGER org_v_org_user_update AFTER UPDATE ON org_user WHEN {changed}"
            f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
        when = " OR ".join(f"new.{c}" for c in insert_when)
        run(f"CREATE TRIGGER org_v_org_user_insert AFTER INSERT ON org_user WHEN {when}"
            f" BEGIN {SQLITE_BUMP} END")  # fmt: skip
    elif vendor == "postgresql":
        run("DROP TRIGGER IF EXISTS org_v_org_user_update ON org_user")
        run("DROP TRIGGER IF EXISTS org_v_org_user_insert ON org_user")
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        run(f"CREATE TRIGGER org_v_org_user_update AFTER UPDATE ON org_user FOR EACH ROW"
            f" WHEN ({changed}) EXECUTE FUNCTION org_bump_version()")  # fmt: skip
        when = " OR ".join(f"NEW.{c}" for c in insert_when)
        run(f"CREATE TRIGGER org_v_org_user_insert AFTER INSERT ON org_user FOR EACH ROW"
            f" WHEN ({when}) EXECUTE FUNCTION org_bump_version()")  # fmt: skip


def up(apps, schema_editor):
    _user_triggers(schema_editor, AFTER, ["is_superuser", "is_staff"])


def down(apps, schema_editor):
    _user_triggers(schema_editor, BEFORE, ["is_superuser"])


class Migration(migrations.Migration):
    dependencies = [("org", "0006_org_version")]

    operations = [migrations.RunPython(up, down, elidable=False)]
