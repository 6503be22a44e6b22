"""PostgreSQL plans for a database in memory or on SSD (issue #20): every connection the app
opens uses ``SITEOPS_PG_RANDOM_PAGE_COST`` (default 1.1), so a list of 150 picked rows is read by
primary key rather than by a scan of the whole table."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_each_connection_uses_the_configured_random_page_cost(settings):
    with connection.cursor() as cur:
        cur.execute("SHOW random_page_cost")
        assert float(cur.fetchone()[0]) == float(settings.SITEOPS_PG_RANDOM_PAGE_COST) == 1.1


def test_a_bad_value_stops_the_start_with_a_clear_message():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SITEOPS_PG_RANDOM_PAGE_COST": "1e400",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode != 0
    assert "SITEOPS_PG_RANDOM_PAGE_COST must be a positive number" in out.stderr
