"""The approval lists, the workbench with approvals waiting and a record's revision history run
the same number of queries for 2 rows as for 6."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siteops.approvals.services import approval_approve, approval_submit
from siteops.core.revisions import revision_save
from tests.testapp.models import Policy

pytestmark = pytest.mark.django_db


def make(n, submitter, approver=None):
    for i in range(n):
        p = Policy.objects.create(title=f"Policy {i}", budget=20000)
        a = approval_submit(actor=submitter, obj=p)
        if approver is not None:
            approval_approve(actor=approver, approval=a)  # now waiting on the manager


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url,viewer",
    [
        (reverse("admin:approvals_approval_list") + "?tab=all", "manager"),
        (reverse("admin:approvals_approval_list") + "?tab=waiting", "manager"),
        (reverse("admin:approvals_approval_list") + "?tab=mine", "product_editor"),
        (reverse("admin:work_workbench"), "manager"),
    ],
)
def test_lists_do_not_grow_with_rows(client, policy_perms, staff, url, viewer):
    client.force_login(staff[viewer])
    make(2, staff["product_editor"], staff["chief_editor"])
    count(client, url)  # warm: per-process caches (content types, the late-jobs check) fill once
    small = count(client, url)
    make(4, staff["product_editor"], staff["chief_editor"])
    assert count(client, url) == small


def test_revision_history_does_not_grow(client, policy, chief_editor):
    url = reverse("admin:core_revisions", args=["testapp", "policy", policy.pk])
    client.force_login(chief_editor)
    for i in range(2):
        revision_save(actor=chief_editor, obj=policy, data={"summary": f"v{i}"})
    small = count(client, url)
    for i in range(4):
        revision_save(actor=chief_editor, obj=policy, data={"summary": f"w{i}"})
    assert count(client, url) == small
