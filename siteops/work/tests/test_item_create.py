import pytest

from siteops.work import services
from siteops.work.models import WorkAssignee, WorkEvent

from .factories import request, task


@pytest.mark.django_db
def test_internal_task_is_open_and_assigned_to_the_holder(manager, chief_editor):
    item = task("CE", actor=manager, description="<p>go</p><script>x()</script>")
    assert item.status == "open"
    assert item.description == "<p>go</p>"
    assert list(item.assignees.all()) == [chief_editor]
    ev = WorkEvent.objects.get(item=item)
    assert (ev.kind, ev.actor, ev.position_code) == ("created", manager, "MGR")


@pytest.mark.django_db
def test_external_request_starts_submitted_and_cannot_be_assigned(manager, purchasing):
    item = request(requester=purchasing)
    assert item.status == "submitted"
    assert item.kind == "request"
    with pytest.raises(services.IllegalTransition):
        services.item_assign(actor=manager, item=item, position="CE")
    item.refresh_from_db()
    assert item.status == "submitted" and item.position.code == "MGR"


@pytest.mark.django_db
def test_close_for_subject_finishes_the_items_once(manager, chief_editor):
    subject = chief_editor  # any model instance will do
    item = task("CE", actor=manager, subject=subject)
    assert services.item_close_for_subject(actor=None, subject=subject) == 1
    item.refresh_from_db()
    assert item.status == "done" and item.subject == subject
    assert not WorkAssignee.objects.filter(item=item).exists()
    assert services.item_close_for_subject(actor=None, subject=subject) == 0
