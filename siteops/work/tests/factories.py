"""Work items in any state, for tests (statuses set directly: the services are what we test)."""

from __future__ import annotations

from siteops.org.models import Department, Position
from siteops.work import services
from siteops.work.models import WorkItem


def task(position="CE", *, actor=None, title="A task", source="manager", **kw) -> WorkItem:
    return services.item_create(actor=actor, position=position, title=title, source=source, **kw)


def request(dept="PUR", *, requester=None, title="Please add 5 products", **kw) -> WorkItem:
    kw.setdefault("position", "MGR")
    return services.item_create(
        actor=requester,
        title=title,
        source="other_department",
        requester=requester,
        requester_department=Department.objects.get(code=dept),
        **kw,
    )


def in_status(status: str, *, position="CE", external=False, **kw) -> WorkItem:
    item = request(**kw) if external else task(position, **kw)
    updates = {"status": status}
    if status == "waiting":
        updates["waiting_on"] = Position.objects.get(code="WH-STK")
    if status == "escalated":
        updates["home_position"] = item.position
    WorkItem.objects.filter(pk=item.pk).update(**updates)
    item.refresh_from_db()
    return item
