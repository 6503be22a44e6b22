"""Work goes to a position: a vacancy's work goes to its cover, marked acting; a new holder gets
the open items; work is never lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.org import services as org_services
from siteops.org.models import Position, PositionAssignment
from siteops.work import services
from siteops.work.models import Notification, WorkAssignee, WorkEvent

from .factories import task


@pytest.mark.django_db
def test_vacant_position_work_goes_to_fallback_marked_acting(client, manager, product_editor):
    item = task("ART", actor=manager, title="Banner for the sale")  # ART is vacant; PED covers
    a = WorkAssignee.objects.get(item=item)
    assert a.user == product_editor and a.acting and a.covering_position.code == "PED"
    client.force_login(product_editor)
    page = client.get(reverse("admin:work_workbench")).content.decode()
    assert "Banner for the sale" in page
    assert "acting for" in page or "代理" in page


@pytest.mark.django_db
def test_new_holder_gets_open_items(django_capture_on_commit_callbacks, manager, product_editor):
    open_item = task("ART", actor=manager, title="Open one")
    done_item = task("ART", actor=manager, title="Done one")
    services.item_complete(actor=product_editor, item=done_item)
    artist = make_staff("artist", None)
    with django_capture_on_commit_callbacks(execute=True):
        org_services.assignment_create(
            actor=manager, user=artist, position=Position.objects.get(code="ART"), kind="holder"
        )
    assert list(open_item.assignees.all()) == [artist]
    assert not WorkAssignee.objects.get(item=open_item).acting
    assert not done_item.assignees.exists()
    assert WorkEvent.objects.filter(item=open_item, kind="rerouted").exists()
    assert Notification.objects.filter(user=artist, item=open_item, kind="assigned").exists()


@pytest.mark.django_db
def test_holder_leaves_work_goes_up_the_chain(django_capture_on_commit_callbacks, manager):
    cpy = make_staff("copywriter", "CPY")
    item = task("CPY", actor=manager, title="Slogans")
    assert list(item.assignees.all()) == [cpy]
    chief = make_staff("chief", "CE")
    assignment = PositionAssignment.objects.get(user=cpy, position__code="CPY")
    with django_capture_on_commit_callbacks(execute=True):
        org_services.assignment_end(actor=manager, assignment=assignment)
    # CPY is vacant: the superior (chief editor) covers it, marked acting; never nobody.
    row = WorkAssignee.objects.get(item=item)
    assert row.user == chief and row.acting


@pytest.mark.django_db
def test_acting_cover_by_date_moves_work_in_the_daily_run(manager, product_editor):
    item = task("ART", actor=manager, title="Later cover")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    sub = make_staff("sub_artist", None)
    PositionAssignment.objects.create(
        user=sub, position=Position.objects.get(code="ART"), kind="acting", start=tomorrow,
        reason="cover",
    )  # fmt: skip
    assert services.items_reroute() == 0  # not yet in force
    import time_machine

    with time_machine.travel(tomorrow + datetime.timedelta(hours=12), tick=False):
        assert services.items_reroute() == 1
        assert list(item.assignees.all()) == [sub]
        assert WorkAssignee.objects.get(item=item).acting


@pytest.mark.django_db
def test_fallback_leaving_moves_the_covered_posts_work(
    django_capture_on_commit_callbacks, manager, product_editor, chief_editor
):
    item = task("ART", actor=manager, title="Covered by PED")
    assert list(item.assignees.all()) == [product_editor]
    assignment = PositionAssignment.objects.get(user=product_editor, position__code="PED")
    with django_capture_on_commit_callbacks(execute=True):
        org_services.assignment_end(actor=manager, assignment=assignment)
    # PED is vacant too: ART's work goes up the chain to the chief editor.
    row = WorkAssignee.objects.get(item=item)
    assert row.user == chief_editor and row.acting
