"""The work app as a client of the deadlines mechanism: a passed deadline becomes work.

A deadline past its date with no outcome opens a work item at its responsible position (due on
the deadline's date, so ``supervision.auto_escalate`` takes it up the line by the escalation
rules); if an item about it is already open, that item's due date is brought forward to the
deadline's, and the same rules escalate it. Recording the outcome closes the item.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from siteops.deadlines import hooks

from .choices import Priority, WorkKind, WorkSource
from .models import WorkItem


@hooks.on_overdue
def open_or_escalate(deadline) -> None:
    from .services import item_create

    ct = ContentType.objects.get_for_model(deadline)
    items = WorkItem.objects.active().filter(subject_type=ct, subject_id=str(deadline.pk))
    if items.exists():
        items.exclude(due__lte=deadline.due_date).update(due=deadline.due_date)
        return
    item_create(
        actor=None,
        position=deadline.position,
        title=_("Overdue: %(title)s") % {"title": deadline.title},
        description=_("Due on %(day)s (%(kind)s); record the outcome when it is done.")
        % {"day": deadline.due_date, "kind": deadline.kind},
        source=WorkSource.SYSTEM,
        kind=WorkKind.TASK,
        priority=Priority.HIGH,
        due=deadline.due_date,
        subject=deadline,
    )


@hooks.on_closed
def close_items(deadline, actor) -> None:
    from .services import item_close_for_subject

    item_close_for_subject(
        actor=actor,
        subject=deadline,
        message=deadline.outcome or _("Deadline settled: %(title)s") % {"title": deadline.title},
    )
