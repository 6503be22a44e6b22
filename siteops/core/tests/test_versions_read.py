"""core.versions.read on a missing table: forgiven where nothing is left broken, raised where
PostgreSQL would otherwise leave the surrounding transaction aborted."""

import pytest
from django.db import DatabaseError, connection, transaction

from siteops.core import versions

pytestmark = pytest.mark.django_db(transaction=True)


def test_reads_the_version_of_a_migrated_table():
    assert isinstance(versions.read("work_load_version"), int)


def test_missing_table_outside_a_transaction_caches_nothing():
    assert versions.read("no_such_version_table") is None
    # the connection is still usable afterwards
    assert isinstance(versions.read("work_load_version"), int)


def test_missing_table_inside_a_transaction():
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            versions.read("no_such_version_table")
        # the atomic block rolled back cleanly: the connection works
        assert isinstance(versions.read("work_load_version"), int)
    else:
        with transaction.atomic():
            assert versions.read("no_such_version_table") is None
            assert isinstance(versions.read("work_load_version"), int)
