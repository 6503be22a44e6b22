"""Every (status, action) pair: allowed ones change the status as the table says and write an
event; illegal ones raise IllegalTransition and change nothing."""

import pytest

from siteops.core.errors import IllegalTransition
from siteops.work import services
from siteops.work.choices import WorkStatus
from siteops.work.models import WorkEvent, WorkItem

from .factories import in_status


def _call(action, item, users):
    m, ce, pur = users["manager"], users["chief_editor"], users["purchasing"]
    return {
        "start_review": lambda: services.item_start_review(actor=m, item=item),
        "accept": lambda: services.item_accept(actor=m, item=item),
        "return": lambda: services.item_return(actor=m, item=item, reason="not like this"),
        "resubmit": lambda: services.item_resubmit(actor=pur, item=item),
        "reopen": lambda: services.item_reopen(actor=m, item=item),
        "start": lambda: services.item_start(actor=ce, item=item),
        "complete": lambda: services.item_complete(actor=m, item=item),
        "escalate": lambda: services.item_escalate(actor=m, item=item, reason="too big"),
        "resolve": lambda: services.item_resolve(actor=m, item=item, comment="do it so"),
        "hand_off": lambda: services.item_hand_off(
            actor=ce, item=item, position="WH-STK", message="stock counts?"
        ),
        "hand_back": lambda: services.item_hand_back(actor=ce, item=item, message="ok"),
        "cancel": lambda: services.item_cancel(actor=m, item=item, reason="not needed"),
    }[action]()


# Actions that exist only for one kind of item (the guard refuses the other kind).
EXTERNAL_ONLY = {"start_review", "accept", "resubmit"}
INTERNAL_ONLY = {"reopen"}


@pytest.mark.django_db
@pytest.mark.parametrize("status", WorkStatus.values)
@pytest.mark.parametrize("action", list(services.TRANSITIONS))
def test_every_status_and_action(staff, status, action):
    external = action in EXTERNAL_ONLY or (
        status in ("submitted", "in_review") and action not in INTERNAL_ONLY
    )
    item = in_status(status, external=external, requester=staff["purchasing"])
    if status == "escalated":
        # Escalated to the manager from the chief editor (so the manager resolves it).
        WorkItem.objects.filter(pk=item.pk).update(
            position_id=item.position.reports_to_id or item.position_id
        )
        item.refresh_from_db()
    sources, target = services.TRANSITIONS[action]
    events = WorkEvent.objects.filter(item=item).count()
    if status in sources:
        _call(action, item, staff)
        item.refresh_from_db()
        assert item.status == target
        assert WorkEvent.objects.filter(item=item).count() > events
    else:
        before = WorkItem.objects.filter(pk=item.pk).values().get()
        with pytest.raises(IllegalTransition) as exc:
            _call(action, item, staff)
        assert str(exc.value)  # a clear message
        assert WorkItem.objects.filter(pk=item.pk).values().get() == before
        assert WorkEvent.objects.filter(item=item).count() == events


def test_table_covers_every_pair_once():
    # Each (from, to) pair the table allows is reachable by exactly one action, except the
    # escalation that may repeat (escalated → escalated) and "return" from several states.
    pairs = [(f, to) for sources, to in services.TRANSITIONS.values() for f in sources]
    assert len(pairs) == len(set(pairs))
    assert ("done", "open") not in services.ALLOWED_PAIRS
    assert ("cancelled", "open") not in services.ALLOWED_PAIRS
    assert ("submitted", "in_progress") not in services.ALLOWED_PAIRS


@pytest.mark.django_db
def test_concurrent_change_loses_cleanly(staff):
    item = in_status("open")
    stale = WorkItem.objects.get(pk=item.pk)
    services.item_start(actor=staff["chief_editor"], item=item)
    stale.status = "open"  # the stale copy still thinks it is open
    with pytest.raises(IllegalTransition):
        services.item_start(actor=staff["chief_editor"], item=stale)
    assert WorkEvent.objects.filter(item=item, to_status="in_progress").count() == 1
