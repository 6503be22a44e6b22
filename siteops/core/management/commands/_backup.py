"""What ``siteops backup`` and ``siteops restore`` share: the manifest and the row census.

A backup is three files with one stem, ``siteops-<UTC timestamp>``, in the backup directory:

- ``<stem>.sqlite3`` (SQLite, copied with sqlite3's online backup API, so a consistent snapshot
  while the site runs) or ``<stem>.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``<stem>-media.tar.gz``, the uploaded files (when media is on the local disk);
- ``<stem>.json``, the manifest: engine, files, migrations applied, rows per table. ``restore``
  checks the rows it got back against it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

MANIFEST_VERSION = 1


def backup_dir(option: str | None) -> Path:
    path = Path(option or os.environ.get("SITEOPS_BACKUP_DIR") or settings.VAR_DIR / "backups")
    path.mkdir(parents=True, exist_ok=True)
    return path


def engine() -> str:
    return connection.vendor  # "sqlite" | "postgresql"


def media_on_disk() -> bool:
    backend = settings.STORAGES.get("default", {}).get("BACKEND", "")
    return backend.endswith("FileSystemStorage")


def census() -> dict[str, int]:
    """Rows per table of the database (every table Django knows, plus unmanaged ones)."""
    counts = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cur.fetchone()[0]
    return counts


def migrations_applied() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cur.fetchall()]


def pg_env() -> dict[str, str]:
    """libpq environment for pg_dump / pg_restore from the Django connection settings."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if s.get(key):
            env[var] = str(s[key])
    return env


def read_manifest(path: Path) -> tuple[Path, dict]:
    """Accept the manifest, the database file or the stem; return (manifest path, manifest)."""
    candidates = [path]
    name = path.name
    for suffix in (".json", ".sqlite3", ".pgdump", "-media.tar.gz"):
        if name.endswith(suffix):
            candidates.append(path.with_name(name[: -len(suffix)] + ".json"))
    candidates.append(path.with_name(name + ".json"))
    for c in candidates:
        if c.suffix == ".json" and c.is_file():
            data = json.loads(c.read_text())
            if data.get("format") != "siteops-backup":
                break
            return c, data
    from django.core.management.base import CommandError

    raise CommandError(_("%(path)s is not a SiteOps backup (no manifest found).") % {"path": path})
