"""A per-person *access version*, raised by the database whenever what decides the person's
positions or permissions changes, so their resolved positions and permissions can be cached
(siteops.org.access) and a change still takes effect on the very next request.

Triggers raise ``org_user.access_version`` (to max(old + 1, now in µs), so a number rolled back with
its transaction is never reused) on every write path — services, the admin, ``QuerySet.update()``,
raw SQL, fixtures:

- an appointment (``org_positionassignment``) inserted, deleted, or changed in its person,
  position, kind, start or end: the person (both persons when it moves);
- a permission added to or removed from a position's group (``auth_group_permissions``): every
  person ever appointed to that position;
- a position moved to another group (``org_position.group_id``): the same;
- a permission given to or taken from a person directly (``org_user_user_permissions``).

The user row is loaded by authentication on every request anyway, so reading the version costs
no query. Dates are not a write: the cache key also holds the day (acting that starts or ends by
date takes effect on that day with nobody touching anything).
"""

from django.db import migrations, models

SQLITE_NOW = "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)"
PG_NOW = "(extract(epoch from clock_timestamp()) * 1000000)::bigint"


def _sqlite_bump(where: str) -> str:
    return (f"UPDATE org_user SET access_version = max(access_version + 1, {SQLITE_NOW})"
            f" WHERE {where};")  # fmt: skip


def _holders_of_group(ref: str) -> str:
    return ("id IN (SELECT a.user_id FROM org_positionassignment a JOIN org_position p"
            f" ON p.id = a.position_id WHERE p.group_id = {ref})")  # fmt: skip


ASSIGNMENT_COLUMNS = ["user_id", "position_id", "kind", "start", '"end"']


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        run(f"UPDATE org_user SET access_version = {SQLITE_NOW}")
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in ASSIGNMENT_COLUMNS)
        run("CREATE TRIGGER org_access_assignment_insert AFTER INSERT ON org_positionassignment"
            f" BEGIN {_sqlite_bump('id = new.user_id')} END")
        run("CREATE TRIGGER org_access_assignment_delete AFTER DELETE ON org_positionassignment"
            f" BEGIN {_sqlite_bump('id = old.user_id')} END")
        run("CREATE TRIGGER org_access_assignment_update AFTER UPDATE ON org_positionassignment"
            f" WHEN {changed} BEGIN {_sqlite_bump('id IN (old.user_id, new.user_id)')} END")
        run("CREATE TRIGGER org_access_group_perm_insert AFTER INSERT ON auth_group_permissions"
            f" BEGIN {_sqlite_bump(_holders_of_group('new.group_id'))} END")
        run("CREATE TRIGGER org_access_group_perm_delete AFTER DELETE ON auth_group_permissions"
            f" BEGIN {_sqlite_bump(_holders_of_group('old.group_id'))} END")
        run("CREATE TRIGGER org_access_position_group AFTER UPDATE OF group_id ON org_position"
            " WHEN old.group_id IS NOT new.group_id BEGIN"
            f" {_sqlite_bump('id IN (SELECT user_id FROM org_positionassignment WHERE position_id = new.id)')}"
            " END")
        run("CREATE TRIGGER org_access_user_perm_insert AFTER INSERT ON org_user_user_permissions"
            f" BEGIN {_sqlite_bump('id = new.user_id')} END")
        run("CREATE TRIGGER org_access_user_perm_delete AFTER DELETE ON org_user_user_permissions"
            f" BEGIN {_sqlite_bump('id = old.user_id')} END")
        return  # fmt: skip
    if vendor != "postgresql":
        return
    bump = f"UPDATE org_user SET access_version = GREATEST(access_version + 1, {PG_NOW})"
    run(f"UPDATE org_user SET access_version = {PG_NOW}")
    run(f"""CREATE OR REPLACE FUNCTION org_access_by_user() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {bump} WHERE id = OLD.user_id; END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN {bump} WHERE id = NEW.user_id; END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    run(f"""CREATE OR REPLACE FUNCTION org_access_by_group() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                {bump} WHERE {_holders_of_group('OLD.group_id')};
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                {bump} WHERE {_holders_of_group('NEW.group_id')};
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ASSIGNMENT_COLUMNS)
    run("CREATE TRIGGER org_access_assignment AFTER INSERT OR DELETE ON org_positionassignment"
        " FOR EACH ROW EXECUTE FUNCTION org_access_by_user()")
    run("CREATE TRIGGER org_access_assignment_update AFTER UPDATE ON org_positionassignment"
        f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION org_access_by_user()")
    run("CREATE TRIGGER org_access_group_perm AFTER INSERT OR DELETE ON auth_group_permissions"
        " FOR EACH ROW EXECUTE FUNCTION org_access_by_group()")
    run("CREATE TRIGGER org_access_position_group AFTER UPDATE OF group_id ON org_position"
        " FOR EACH ROW WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id)"
        " EXECUTE FUNCTION org_access_by_group()")
    run("CREATE TRIGGER org_access_user_perm AFTER INSERT OR DELETE ON org_user_user_permissions"
        " FOR EACH ROW EXECUTE FUNCTION org_access_by_user()")  # fmt: skip


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "sqlite":
        for name in ("assignment_insert", "assignment_delete", "assignment_update",
                     "group_perm_insert", "group_perm_delete", "position_group",
                     "user_perm_insert", "user_perm_delete"):  # fmt: skip
            run(f"DROP TRIGGER IF EXISTS org_access_{name}")
    elif vendor == "postgresql":
        run("DROP TRIGGER IF EXISTS org_access_assignment ON org_positionassignment")
        run("DROP TRIGGER IF EXISTS org_access_assignment_update ON org_positionassignment")
        run("DROP TRIGGER IF EXISTS org_access_group_perm ON auth_group_permissions")
        run("DROP TRIGGER IF EXISTS org_access_position_group ON org_position")
        run("DROP TRIGGER IF EXISTS org_access_user_perm ON org_user_user_permissions")
        run("DROP FUNCTION IF EXISTS org_access_by_user()")
        run("DROP FUNCTION IF EXISTS org_access_by_group()")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_merge_20261202_0644"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="access_version",
            field=models.BigIntegerField(default=0, db_default=0, editable=False, verbose_name="access version"),
        ),
        migrations.RunPython(up, down, elidable=False),
    ]
