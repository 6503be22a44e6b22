"""Splitting is for the manager and leads, within their team; notices reach people and inboxes."""

import pytest
from django.core import mail
from django.urls import reverse

from siteops.core.errors import NotAllowed
from siteops.work import services
from siteops.work.models import Notification

from .factories import task


@pytest.mark.django_db
def test_split_rules(staff):
    mgr, ce, ped = staff["manager"], staff["chief_editor"], staff["product_editor"]
    top = task("MGR", actor=staff["leader"], source="leadership", title="Year-end sale")
    # The manager splits through a lead or directly to anyone below.
    services.item_split(actor=mgr, item=top, position="CE", title="Pages")
    services.item_split(actor=mgr, item=top, position="MOD", title="Module")
    with pytest.raises(NotAllowed):  # product editors do not split
        services.item_split(actor=ped, item=top, position="PED", title="x")
    with pytest.raises(NotAllowed):  # outside the department: hand off instead
        services.item_split(actor=mgr, item=top, position="WH-STK", title="x")
    ce_item = top.children.get(position__code="CE")
    with pytest.raises(NotAllowed):  # the chief editor's team has no developers
        services.item_split(actor=ce, item=ce_item, position="MOD", title="x")
    child = services.item_split(actor=ce, item=ce_item, position="PED", title="Listings")
    assert child.parent == ce_item and child.source == "lead"
    assert top.children.count() == 2


@pytest.mark.django_db
def test_assignment_notice_and_email(client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = task("PED", actor=staff["chief_editor"], title="Photos of kettles")
    ped = staff["product_editor"]
    notice = Notification.objects.get(user=ped, item=item)
    assert notice.kind == "assigned" and notice.read_at is None
    assert any(ped.email in m.to and "Photos of kettles" in m.subject for m in mail.outbox)
    client.force_login(ped)
    assert "Photos of kettles" in client.get(reverse("admin:work_notifications")).content.decode()
    client.post(reverse("admin:work_notifications"))
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.force_login(staff["copy_editor"])
    assert (
        "Photos of kettles" not in client.get(reverse("admin:work_notifications")).content.decode()
    )
