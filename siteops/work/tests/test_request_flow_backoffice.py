"""Purchasing files a request in the back office → the manager accepts and assigns it → the chief
editor splits it → the product editor completes it → Purchasing sees it done. Nobody can assign
it before review."""

import pytest
from django.core import mail
from django.urls import reverse

from siteops.work.models import Notification, WorkItem


def act(client, item, action, **data):
    return client.post(reverse("admin:work_item_action", args=[item.pk, action]), data)


@pytest.mark.django_db
def test_request_flow(client, staff, django_capture_on_commit_callbacks):
    pur, mgr, ce, ped = (
        staff[u] for u in ("purchasing", "manager", "chief_editor", "product_editor")
    )
    client.force_login(pur)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("admin:work_request_list"), {"title": "List 5 new kettles",
                                                             "description": "<p>see sheet</p>",
                                                             "priority": "high"})  # fmt: skip
    assert r.status_code == 302
    item = WorkItem.objects.get(title="List 5 new kettles")
    assert item.status == "submitted" and item.requester_department.code == "PUR"
    assert Notification.objects.filter(user=mgr, item=item, kind="review").exists()
    assert any(mgr.email in m.to for m in mail.outbox)

    # Nobody assigns it before review: not the chief editor, not even the manager.
    client.force_login(mgr)
    act(client, item, "assign", position=ce.assignments.first().position_id)
    item.refresh_from_db()
    assert item.status == "submitted" and item.position.code == "MGR"
    # Purchasing cannot accept its own request.
    client.force_login(pur)
    assert act(client, item, "accept").status_code == 302
    item.refresh_from_db()
    assert item.status == "submitted"

    client.force_login(mgr)
    page = client.get(reverse("admin:work_review_queue")).content.decode()
    assert "List 5 new kettles" in page
    ce_pos = ce.assignments.first().position_id
    act(client, item, "accept", assign_to=ce_pos, comment="OK, CE please")
    item.refresh_from_db()
    assert (item.status, item.position.code) == ("open", "CE")
    assert list(item.assignees.all()) == [ce]

    client.force_login(ce)
    assert "List 5 new kettles" in client.get(reverse("admin:work_workbench")).content.decode()
    ped_pos = ped.assignments.first().position_id
    act(client, item, "split", position=ped_pos, title="Kettle listings", priority="high")
    child = item.children.get()
    assert child.position.code == "PED" and child.source == "lead"
    item.refresh_from_db()
    assert item.status == "in_progress"
    # The chief editor may not give work outside the team.
    act(client, item, "split", position=staff["module_dev"].assignments.first().position_id,
        title="x", priority="normal")  # fmt: skip
    assert item.children.count() == 1

    client.force_login(ped)
    act(client, child, "start")
    act(client, child, "complete", comment="Listed")
    child.refresh_from_db()
    item.refresh_from_db()
    assert child.status == "done" and item.status == "done"

    client.force_login(pur)
    page = client.get(reverse("admin:work_request_list")).content.decode()
    assert 'data-status="done"' in page and "1/1" in page


@pytest.mark.django_db
def test_return_with_reason_and_resubmit(client, staff):
    pur, mgr = staff["purchasing"], staff["manager"]
    client.force_login(pur)
    client.post(reverse("admin:work_request_list"), {"title": "Vague", "priority": "normal"})
    item = WorkItem.objects.get(title="Vague")
    client.force_login(mgr)
    act(client, item, "return", reason="")  # a reason is required
    item.refresh_from_db()
    assert item.status == "submitted"
    act(client, item, "return", reason="Which products?")
    item.refresh_from_db()
    assert item.status == "returned"
    assert Notification.objects.filter(user=pur, item=item, kind="returned").exists()
    client.force_login(staff["warehouse"])  # another department cannot touch it
    assert act(client, item, "resubmit").status_code == 404
    client.force_login(pur)
    act(client, item, "resubmit", comment="These 5")
    item.refresh_from_db()
    assert item.status == "submitted"
