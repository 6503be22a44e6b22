"""``siteops restore <backup>``: put a backup made by ``siteops backup`` back, then verify it."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from . import _backup as b


class Command(BaseCommand):
    help = _(
        "Restore the database and media from a backup (its .json manifest, database file or "
        "stem). Everything written since the backup is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help=_("The backup's manifest (.json), file or stem."))
        parser.add_argument("--no-media", action="store_true", help=_("Leave the media files."))
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help=_("Do not ask for confirmation."),
        )  # fmt: skip

    def handle(self, *args, **options):
        manifest_path, manifest = b.read_manifest(Path(options["backup"]))
        directory = manifest_path.parent
        vendor = b.engine()
        if manifest["engine"] != vendor:
            raise CommandError(
                _("This backup is of a %(b)s database; the configured database is %(c)s.")
                % {"b": manifest["engine"], "c": vendor}
            )
        db_file = directory / manifest["database"]
        if not db_file.is_file():
            raise CommandError(_("The database file %(f)s is missing.") % {"f": db_file})
        media = manifest.get("media") and not options["no_media"]
        if media and not (directory / manifest["media"]).is_file():
            raise CommandError(_("The media archive %(f)s is missing.") % {"f": manifest["media"]})
        if options["interactive"]:
            answer = input(
                _("Replace the database%(m)s with the backup of %(when)s? Type 'yes': ")
                % {"m": _(" and media") if media else "", "when": manifest["created"]}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        if vendor == "sqlite":
            self._sqlite(db_file)
        else:
            self._postgres(db_file)
        if media:
            self._media(directory / manifest["media"])
        got = b.census()
        diff = {
            t: (n, got.get(t)) for t, n in manifest["rows"].items() if got.get(t) != n
        }  # fmt: skip
        if diff:
            detail = ", ".join(f"{t}: {want} → {have}" for t, (want, have) in sorted(diff.items()))
            raise CommandError(_("Restored, but row counts differ: %(d)s") % {"d": detail})
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s: %(tables)d tables, %(rows)d rows, counts verified.")
                % {"path": manifest_path, "tables": len(got), "rows": sum(got.values())}
            )
        )

    def _sqlite(self, db_file: Path) -> None:
        # Copy into the live database with the backup API (not a file copy): other processes'
        # connections stay valid and see the restored content; the WAL stays consistent.
        connection.close()
        source = sqlite3.connect(db_file)
        target = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
        try:
            source.backup(target)
            ok = target.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise CommandError(
                    _("The restored database failed its integrity check: %(r)s") % {"r": ok}
                )
        finally:
            target.close()
            source.close()

    def _postgres(self, dump: Path) -> None:
        connection.close()
        cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
               "--single-transaction", "--exit-on-error", "--dbname",
               b.pg_env()["PGDATABASE"], str(dump)]  # fmt: skip
        try:
            subprocess.run(cmd, env=b.pg_env(), check=True, capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise CommandError(
                _("pg_restore is not installed (apt-get install postgresql-client).")
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise CommandError(
                _("pg_restore failed: %(err)s") % {"err": exc.stderr.strip()}
            ) from exc

    def _media(self, archive: Path) -> None:
        root = Path(settings.MEDIA_ROOT)
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")  # refuses absolute paths, .., devices, links out
        if root.exists():
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            aside = root.with_name(f"{root.name}.before-restore-{stamp}")
            root.rename(aside)
            self.stdout.write(
                _("The media files in place before were moved to %(p)s.") % {"p": aside}
            )
        staging.rename(root)
        shutil.rmtree(staging, ignore_errors=True)
