"""PRC-01: the order pool becomes delivery batches; an order is never in two open batches."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from siteops.core.errors import DomainError, NotAllowed
from siteops.fulfilment import services
from siteops.fulfilment.models import BatchOrder, DeliveryBatch
from siteops.orders.choices import PaymentMethod
from siteops.orders.models import Order, OrderEvent

from . import factories as f

pytestmark = pytest.mark.django_db


def statuses(orders):
    return dict(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("number", "status"))


def test_selected_orders_are_batched_with_one_event_each(process_editor):
    cod = f.place()
    paid = f.place(payment=PaymentMethod.BANK_TRANSFER)
    from siteops.orders.services import order_confirm_payment

    order_confirm_payment(actor=process_editor, order=paid)
    batch = services.batch_create(actor=process_editor, order_ids=[cod.pk, paid.pk])
    assert batch.number.startswith("B") and batch.order_count == 2
    assert set(statuses([cod, paid]).values()) == {"batched"}
    events = OrderEvent.objects.filter(to_status="batched").order_by("order_id")
    assert [(e.order_id, e.from_status, e.source, e.position_code) for e in events] == [
        (cod.pk, "cod_confirmed", "staff", "PRC"), (paid.pk, "paid", "staff", "PRC"),
    ]  # fmt: skip
    assert batch.number in events[0].note


def test_unpaid_orders_are_not_batched_and_nothing_is_written(process_editor):
    unpaid = f.place(payment=PaymentMethod.BANK_TRANSFER)
    with pytest.raises(DomainError):
        services.batch_create(actor=process_editor, order_ids=[unpaid.pk])
    assert not DeliveryBatch.objects.exists() and not BatchOrder.objects.exists()
    assert statuses([unpaid])[unpaid.number] == "pending_payment"


def test_batch_by_rule_takes_only_the_region(process_editor):
    sh = [f.place(province="上海市") for _ in range(3)]
    zj = f.place(province="浙江省")
    batch = services.batch_create(actor=process_editor, rule={"province": "上海市"})
    assert batch.order_count == 3 and batch.rule == {"province": "上海市"}
    assert set(statuses(sh).values()) == {"batched"}
    assert statuses([zj])[zj.number] == "cod_confirmed"


def test_an_order_is_never_taken_twice(process_editor):
    o = f.place()
    services.batch_create(actor=process_editor, order_ids=[o.pk])
    with pytest.raises(DomainError):
        services.batch_create(actor=process_editor, order_ids=[o.pk])
    assert BatchOrder.objects.filter(order=o).count() == 1


def test_the_database_refuses_a_second_open_entry(process_editor):
    o = f.place()
    b1 = services.batch_create(actor=process_editor, order_ids=[o.pk])
    other = DeliveryBatch.objects.create(number="X1", acknowledge_by=b1.acknowledge_by)
    with pytest.raises(IntegrityError), transaction.atomic():
        BatchOrder.objects.create(batch=other, order=o)


def test_positions_without_the_permission_cannot_batch(logistics, service):
    o = f.place()
    for user in (logistics, service):
        with pytest.raises(NotAllowed):
            services.batch_create(actor=user, order_ids=[o.pk])
    assert statuses([o])[o.number] == "cod_confirmed"


def test_taking_an_order_out_puts_it_back_in_the_pool(process_editor):
    a, b = f.place(), f.place()
    batch = services.batch_create(actor=process_editor, order_ids=[a.pk, b.pk])
    services.batch_remove_order(actor=process_editor, batch=batch, order=a)
    assert statuses([a])[a.number] == "cod_confirmed"
    again = services.batch_create(actor=process_editor, order_ids=[a.pk])
    assert again.order_count == 1


def test_batching_costs_the_same_queries_at_any_size(process_editor):
    counts = []
    process_editor.has_perm("fulfilment.create_batch")  # the permission cache, loaded once
    for size, seed in ((5, 1), (80, 2)):
        orders = f.bulk_orders(size, start=datetime.date(2026, 11, 1), days=3, seed=seed,
                               statuses=["paid", "cod_confirmed", "delivery_failed"])  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            batch = services.batch_create(actor=process_editor, order_ids=[o.pk for o in orders])
        assert batch.order_count == size
        assert OrderEvent.objects.filter(order__in=orders, to_status="batched").count() == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db(transaction=True)
def test_concurrent_batchings_never_share_an_order(staff):
    editor = staff["process_editor"]
    orders = [f.place() for _ in range(12)]
    ids = [o.pk for o in orders]
    errors, made = [], []

    def run():
        try:
            made.append(services.batch_create(actor=editor, order_ids=ids))
        except DomainError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert BatchOrder.objects.filter(active=True).count() == 12
    assert BatchOrder.objects.values("order").distinct().count() == 12
    assert sum(b.order_count for b in made) == 12
    assert len(made) + len(errors) == 4
    assert OrderEvent.objects.filter(to_status="batched").count() == 12
