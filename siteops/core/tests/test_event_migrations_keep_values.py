"""The migrations onto the one event shape keep every existing row's facts.

Rows are written, the database is migrated back to before the renames (the way
django-test-migrations does it, by hand with ``MigrationExecutor``), the rows are given the values
the old code wrote (``position``, ``created_at``, ``source="cover"`` …), and migrated forward again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from conftest import make_staff

BEFORE = [
    ("catalog", "0003_syncrow_lean_indexes"),
    ("merch", "0003_ad_position_placement"),
    ("orders", "0001_initial"),
    ("work", "0002_list_indexes"),
    ("fulfilment", "0001_initial"),
    ("org", "0001_initial"),
    ("reports", "0001_initial"),
]
WHEN = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_rows_keep_who_when_and_source():
    from siteops.catalog.models import PriceHistory, ProductEvent
    from siteops.catalog.tests.factories import product_with_sku
    from siteops.fulfilment.models import ShipmentEvent
    from siteops.merch.models import PlanEvent, ShelfPlan
    from siteops.orders.models import OrderEvent
    from siteops.orders.tests import factories as of
    from siteops.org.models import ApiClient, Department, PositionAssignment
    from siteops.work.models import WorkEvent
    from siteops.work.tests.factories import task

    editor = make_staff("mig-editor", "PED")
    covering = make_staff("mig-cover", "PED")
    logistics_dept = Department.objects.get(code="LOG")
    log_client = ApiClient.objects.create(
        name="Logistics TMS", department=logistics_dept,
        position=logistics_dept.positions.first(), token_prefix="mig-log", token_hash="x",
    )  # fmt: skip
    pur_dept = Department.objects.get(code="PUR")
    pur_client = ApiClient.objects.create(
        name="Purchasing ERP", department=pur_dept, position=pur_dept.positions.first(),
        token_prefix="mig-pur", token_hash="y",
    )  # fmt: skip
    sku = product_with_sku()
    product = sku.product
    ev_cover, ev_job, ev_api = (
        ProductEvent.objects.create(product=product, from_status="draft", to_status="published")
        for _ in range(3)
    )
    price_by_editor = PriceHistory.objects.create(
        sku=sku, old_price=Decimal("9.00"), new_price=Decimal("10.00"), via="editor"
    )
    price_scheduled = PriceHistory.objects.create(
        sku=sku, old_price=Decimal("10.00"), new_price=Decimal("11.00"), via="scheduled"
    )
    order = of.order()
    placed = order.events.get()
    by_logistics, by_cs_clerk, by_system = (
        OrderEvent.objects.create(order=order, from_status="paid", to_status="paid")
        for _ in range(3)
    )
    item = task("CE", actor=editor)
    work_created = item.events.get()
    work_job = WorkEvent.objects.create(item=item, kind="escalated")
    plan = ShelfPlan.objects.create(
        title="Spring", period_start=WHEN, period_end=WHEN + datetime.timedelta(days=7),
        department=pur_dept, client=pur_client,
    )  # fmt: skip
    plan_event = PlanEvent.objects.create(plan=plan, to_status="submitted", client=pur_client)
    shipment = ShipmentEvent.objects.create(
        order=order, kind="picked_up", occurred_at=WHEN, outcome="applied", client=log_client
    )
    appointment = PositionAssignment.objects.filter(user=covering).get()

    try:
        old = _migrate(BEFORE)
        # What the old code wrote, in the old columns.
        OldProductEvent = old.get_model("catalog", "ProductEvent")
        OldProductEvent.objects.filter(pk=ev_cover.pk).update(
            actor_id=covering.pk, position="PUR-COL", acting=False, source="cover",
            created_at=WHEN,
        )  # fmt: skip
        OldProductEvent.objects.filter(pk=ev_job.pk).update(source="scheduler", created_at=WHEN)
        OldProductEvent.objects.filter(pk=ev_api.pk).update(source="api")
        OldPrice = old.get_model("catalog", "PriceHistory")
        OldPrice.objects.filter(pk=price_by_editor.pk).update(
            changed_by_id=editor.pk, position="PED", acting=True, changed_at=WHEN
        )
        OldOrderEvent = old.get_model("orders", "OrderEvent")
        OldOrderEvent.objects.filter(pk=by_logistics.pk).update(source="logistics")
        OldOrderEvent.objects.filter(pk=by_cs_clerk.pk).update(
            source="customer_service", actor_id=editor.pk, position_code="CS-AGT"
        )
        OldOrderEvent.objects.filter(pk=by_system.pk).update(source="system")
        old.get_model("work", "WorkEvent").objects.filter(pk=work_created.pk).update(
            actor_position="CE", acting=True, created_at=WHEN
        )
        old.get_model("merch", "ShelfPlan").objects.filter(pk=plan.pk).update(
            submitted_as="PUR-COL"
        )
        old.get_model("merch", "PlanEvent").objects.filter(pk=plan_event.pk).update(acting=True)
        old.get_model("org", "PositionAssignment").objects.filter(pk=appointment.pk).update(
            made_by_id=editor.pk, made_as="MGR"
        )
        old.get_model("fulfilment", "ShipmentEvent").objects.filter(pk=shipment.pk).update(
            received_at=WHEN
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    ev_cover.refresh_from_db()
    assert (ev_cover.actor_id, ev_cover.position_code, ev_cover.acting, ev_cover.source) == (
        covering.pk,
        "PUR-COL",
        True,
        "staff",
    )  # cover for the vacant position: kept as acting
    assert ev_cover.at == WHEN
    ev_job.refresh_from_db()
    assert (ev_job.source, ev_job.at) == ("job", WHEN)
    ev_api.refresh_from_db()
    assert ev_api.source == "client"

    price_by_editor.refresh_from_db()
    assert (price_by_editor.actor_id, price_by_editor.position_code, price_by_editor.acting) == (
        editor.pk,
        "PED",
        True,
    )
    assert (price_by_editor.via, price_by_editor.source, price_by_editor.at) == (
        "editor",
        "staff",
        WHEN,
    )
    price_scheduled.refresh_from_db()
    assert (price_scheduled.via, price_scheduled.source) == ("scheduled", "job")

    placed.refresh_from_db()
    assert (placed.source, placed.actor_id) == ("customer", order.customer_id)
    for event, expected in ((by_logistics, ("client", log_client.pk, None)),
                            (by_cs_clerk, ("staff", None, editor.pk)),
                            (by_system, ("job", None, None))):  # fmt: skip
        event.refresh_from_db()
        assert (event.source, event.client_id, event.actor_id) == expected
    by_cs_clerk.refresh_from_db()
    assert by_cs_clerk.position_code == "CS-AGT"

    work_created.refresh_from_db()
    assert (work_created.position_code, work_created.acting, work_created.at) == ("CE", True, WHEN)
    assert work_created.source == "staff"
    work_job.refresh_from_db()
    assert work_job.source == "job"

    plan.refresh_from_db()
    assert (plan.submitted_position_code, plan.submitted_acting) == ("PUR-COL", True)
    plan_event.refresh_from_db()
    assert (plan_event.source, plan_event.client_id) == ("client", pur_client.pk)

    appointment.refresh_from_db()
    assert (appointment.created_by_id, appointment.created_position_code) == (editor.pk, "MGR")

    shipment.refresh_from_db()
    assert (shipment.at, shipment.source, shipment.client_id) == (WHEN, "client", log_client.pk)
    assert shipment.position_code == log_client.position.code
