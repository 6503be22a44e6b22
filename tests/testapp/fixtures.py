"""Fixtures for tests that use the test-only models (import them into a conftest)."""

import pytest


def grant(code: str, *perms: str) -> None:
    from django.contrib.auth.models import Permission

    from siteops.org.models import Position

    group = Position.objects.get(code=code).group
    for perm in perms:
        app_label, codename = perm.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


@pytest.fixture
def policy_perms(db):
    """Editors (CE, PED) change policies; only the chief editor publishes them."""
    grant("CE", "testapp.change_policy", "testapp.publish_policy")
    grant("PED", "testapp.change_policy")


@pytest.fixture
def policy(db, policy_perms):
    from tests.testapp.models import Policy

    return Policy.objects.create(title="Returns policy", summary="30 days", body="Line one.\n")
