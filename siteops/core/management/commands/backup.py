"""``siteops backup``: a consistent copy of the database and the media, safe while the site runs."""

from __future__ import annotations

import datetime
import json
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from . import _backup as b


class Command(BaseCommand):
    help = _(
        "Back up the database (SQLite online backup, or pg_dump for PostgreSQL) and the media "
        "files into a timestamped set of files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=None,
            help=_("Where to write (default $SITEOPS_BACKUP_DIR or var/backups)."),
        )  # fmt: skip
        parser.add_argument("--no-media", action="store_true", help=_("Skip the media files."))
        parser.add_argument(
            "--keep", type=int, default=0,
            help=_("Keep only the newest N backups in the directory (0 keeps all)."),
        )  # fmt: skip

    def handle(self, *args, **options):
        directory = b.backup_dir(options["dir"])
        now = datetime.datetime.now(datetime.UTC)
        stem = f"siteops-{now:%Y%m%d-%H%M%S-%f}"
        vendor = b.engine()
        manifest = {
            "format": "siteops-backup",
            "version": b.MANIFEST_VERSION,
            "created": now.isoformat(),
            "engine": vendor,
            "migrations": b.migrations_applied(),
        }
        if vendor == "sqlite":
            manifest["database"] = self._sqlite(directory / f"{stem}.sqlite3")
            manifest["rows"] = self._census_of_sqlite(directory / manifest["database"])
        elif vendor == "postgresql":
            # Counted before the dump; rows written meanwhile may make restore's check differ.
            manifest["rows"] = b.census()
            manifest["database"] = self._postgres(directory / f"{stem}.pgdump")
        else:
            raise CommandError(
                _("Backups support SQLite and PostgreSQL, not %(v)s.") % {"v": vendor}
            )
        manifest["media"] = None
        if not options["no_media"]:
            if b.media_on_disk():
                manifest["media"] = self._media(directory / f"{stem}-media.tar.gz")
            else:
                self.stdout.write(
                    _("Media is on object storage: back it up with the bucket's versioning.")
                )
        path = directory / f"{stem}.json"
        path.write_text(json.dumps(manifest, indent=1))
        if options["keep"]:
            self._prune(directory, options["keep"])
        total = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(path)s (%(tables)d tables, %(rows)d rows).")
                % {"path": path, "tables": len(manifest["rows"]), "rows": total}
            )
        )
        return None

    def _sqlite(self, dest: Path) -> str:
        connection.ensure_connection()
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(dest)
        try:
            # The online backup API copies a consistent snapshot page by page; writers keep
            # working (a write during the copy restarts it, which the API does for us).
            source.backup(target, pages=1024)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise CommandError(_("The copy failed its integrity check: %(r)s") % {"r": ok})
        finally:
            target.close()
            source.close()
        return dest.name

    def _census_of_sqlite(self, path: Path) -> dict[str, int]:
        con = sqlite3.connect(path)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )]  # fmt: skip
            return {
                t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)
            }
        finally:
            con.close()

    def _postgres(self, dest: Path) -> str:
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dest)]
        try:
            subprocess.run(cmd, env=b.pg_env(), check=True, capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise CommandError(
                _("pg_dump is not installed (apt-get install postgresql-client).")
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise CommandError(_("pg_dump failed: %(err)s") % {"err": exc.stderr.strip()}) from exc
        return dest.name

    def _media(self, dest: Path) -> str | None:
        root = Path(settings.MEDIA_ROOT)
        with tarfile.open(dest, "w:gz") as tar:
            if root.is_dir():
                for item in sorted(root.iterdir()):
                    tar.add(item, arcname=item.name)
        return dest.name

    def _prune(self, directory: Path, keep: int) -> None:
        manifests = sorted(directory.glob("siteops-*.json"))
        for old in manifests[:-keep]:
            stem = old.name[: -len(".json")]
            for f in directory.glob(f"{stem}*"):
                f.unlink()
