"""No UPDATE or DELETE of a ledger entry is possible through the model, the ORM, the back office
or the API; corrections are new entries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from siteops.orders.tests import factories as f

from ..models import LedgerEntry
from .helpers import active_project, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(process_editor, leader):
    project = active_project(process_editor, leader)
    member = members(process_editor, project, f.customer())[0]
    return LedgerEntry.objects.create(project=project, member=member, kind="adjust", points=5,
                                      entry_source="adjustment", available_on=timezone.localdate(),
                                      reason="测试")  # fmt: skip


def test_model_and_queryset_refuse_changes(entry):
    entry.points = 500
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).update(points=500)
    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).points == 5


def test_backoffice_cannot_change_or_delete(client, entry, superuser, process_editor):
    for user in (superuser, process_editor):
        client.force_login(user)
        change = reverse("admin:loyalty_ledgerentry_change", args=[entry.pk])
        delete = reverse("admin:loyalty_ledgerentry_delete", args=[entry.pk])
        client.post(change, {"points": "500", "reason": "x"})
        r = client.post(delete, {"post": "yes"})
        assert r.status_code in (302, 403)
        assert client.get(reverse("admin:loyalty_ledgerentry_add")).status_code == 403
    assert LedgerEntry.objects.get(pk=entry.pk).points == 5


def test_no_api_endpoint_writes_the_ledger():
    from siteops.loyalty import api

    paths = list(api.router.path_operations)
    assert paths  # the router's paths are read
    assert all("entr" not in str(p) and "ledger" not in str(p) for p in paths)
    from django.contrib.auth.models import Permission

    held = Permission.objects.filter(
        content_type__app_label="loyalty", codename__in=["change_ledgerentry", "delete_ledgerentry"]
    ).filter(group__isnull=False)
    assert not held.exists()  # no position is granted either
