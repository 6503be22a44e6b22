"""Two product editors press "apply plan" at the same moment: the slots are created once."""

import threading

import pytest
from django.db import connection

from conftest import make_staff
from siteops.merch import services
from siteops.merch.models import ShelfSlot

from .factories import hours, product, shelf


@pytest.mark.django_db(transaction=True)
def test_concurrent_apply_creates_each_slot_once():
    from siteops.org.management.commands.load_org import load_org

    load_org()  # transactional tests start from an empty database
    buyer = make_staff("c_buyer", "PUR-COL")
    editors = [make_staff("c_ped1", "PED"), make_staff("c_ped2", "PED")]
    plan = services.plan_create(actor=buyer, title="并发", period_start=hours(1),
                                period_end=hours(24))  # fmt: skip
    hot = shelf()
    for i in range(5):
        services.plan_item_add(actor=buyer, plan=plan, shelf=hot, product=product(), order=i)
    services.plan_submit(actor=buyer, plan=plan)
    created, errors = [], []
    barrier = threading.Barrier(2)

    def apply(editor):
        try:
            barrier.wait()
            created.append(len(services.plan_apply(actor=editor, plan=plan).slots_created))
        except Exception as exc:  # reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(e,)) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(created) == [0, 5]
    assert ShelfSlot.objects.filter(plan_item__plan=plan).count() == 5
