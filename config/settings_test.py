"""Test overrides: fast hashing, in-process tasks, no lockout noise; DATABASE_URL still decides the DB."""

import os

os.environ.setdefault("SITEOPS_TESTING", "1")
os.environ.setdefault("SITEOPS_HTTPS", "0")  # the test client speaks plain http

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES, SITEOPS  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "siteops.core.media.SiteMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Counts are written on the spot in tests (a test reads them right after the request, and no
# timer thread writes into a test's transaction); the buffered path is tested on its own with
# this setting overridden (campaigns/tests/test_short_link_clicks_buffered.py).
SITEOPS = {**SITEOPS, "COUNTER_FLUSH_SECONDS": 0}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file database per test process (WAL, real locking, shared by live-server and worker
    # threads), so that concurrent test runs never share one.
    import tempfile

    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"siteops-test-{os.getpid()}.sqlite3")
    }

# Models that exist only in tests (tests/testapp): a revisioned, approval-needing policy.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
