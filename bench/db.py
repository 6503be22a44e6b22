"""The bench databases: a full one (the issues' sizes × scale) and a small one (query counts).

SQLite: ``var/bench/bench.sqlite3`` and ``var/bench/bench-small.sqlite3``. PostgreSQL: the
database named in ``BENCH_DATABASE_URL`` (else ``DATABASE_URL``) with ``_bench`` /
``_bench_small`` appended, created on the same server: the bench never writes to the database
the URL names.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench"))


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return url if url and url.startswith(("postgres://", "postgresql://")) else None


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def urls(kind: str) -> tuple[str, str]:
    """(full, small) database URLs for ``sqlite`` or ``postgresql``."""
    if kind == "sqlite":
        return f"sqlite:///{VAR / 'bench.sqlite3'}", f"sqlite:///{VAR / 'bench-small.sqlite3'}"
    url = postgres_url()
    if not url:
        raise SystemExit("PostgreSQL benchmarks need DATABASE_URL (or BENCH_DATABASE_URL)")
    base = urlsplit(url).path.lstrip("/") or "siteops"
    return _with_name(url, f"{base}_bench"), _with_name(url, f"{base}_bench_small")


def environment(kind: str) -> dict[str, str]:
    """Settings for the bench process and its gunicorn: production-like, own var dir and DB."""
    VAR.mkdir(parents=True, exist_ok=True)
    key_file = VAR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    full, _small = urls(kind)
    pinned = {"BENCH_DATABASE_URL": postgres_url()} if kind == "postgresql" else {}
    return {
        **pinned,  # so that DATABASE_URL (now the bench one) is never suffixed twice
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": full,
        "SITEOPS_VAR_DIR": str(VAR),
        "SECRET_KEY": key_file.read_text().strip(),
        "DEBUG": "0",
        "SITEOPS_HTTPS": "0",  # plain http on 127.0.0.1, like the demo
        "SITEOPS_BENCH": "1",
        "LOG_LEVEL": "WARNING",
    }


class Databases:
    """Switch the default connection between the full and the small database."""

    def __init__(self, kind: str):
        import dj_database_url

        self.kind = kind
        full, small = urls(kind)
        self.full_name = dj_database_url.parse(full)["NAME"]
        self.small_name = dj_database_url.parse(small)["NAME"]
        self.urls = {"full": full, "small": small}

    def _switch(self, name: str) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections

        conn = connections["default"]
        conn.close()
        conn.settings_dict["NAME"] = str(name)
        ContentType.objects.clear_cache()

    @contextmanager
    def small(self):
        self._switch(self.small_name)
        try:
            yield
        finally:
            self._switch(self.full_name)

    @contextmanager
    def use(self, which: str):
        if which == "small":
            with self.small():
                yield
        else:
            yield

    def ensure_exists(self, which: str) -> None:
        if self.kind != "postgresql":
            return
        name = self.small_name if which == "small" else self.full_name
        with self._admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def drop(self, which: str) -> None:
        """Throw a database away (it is rebuilt from scratch: sizes or generators changed)."""
        from django.db import connections

        connections["default"].close()
        name = self.small_name if which == "small" else self.full_name
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)
        else:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')

    @contextmanager
    def _admin(self):
        import psycopg
        from django.db import connections

        s = connections["default"].settings_dict
        conn = psycopg.connect(
            dbname="postgres", user=s.get("USER") or None, password=s.get("PASSWORD") or None,
            host=s.get("HOST") or None, port=s.get("PORT") or None, autocommit=True,
        )  # fmt: skip
        try:
            yield conn
        finally:
            conn.close()
