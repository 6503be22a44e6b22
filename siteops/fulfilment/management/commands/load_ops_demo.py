"""Demo data of order operations (run after the shop demo has placed orders); safe to re-run.

Creates a delivery batch from the pool, Logistics events (pick-up, delivery), a Customer Service
return, the weekly order report (PRC-04) and its archived run for last week.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from siteops.core.errors import DomainError
from siteops.fulfilment import services
from siteops.fulfilment.models import DeliveryBatch
from siteops.org.models import Position
from siteops.org.selectors import resolve
from siteops.reports.choices import RunTrigger
from siteops.reports.models import ReportDefinition
from siteops.reports.periods import last_complete_period
from siteops.reports.services import report_run_create

DEMO_NOTE = "演示批次"


class Command(BaseCommand):
    help = "Load the order-operations demo: a batch, shipment events, a CS return, a weekly report."

    def handle(self, *args, **options):
        editor = resolve("PRC").users[0]
        with transaction.atomic():
            self._batch(editor)
            self._report(editor)

    def _batch(self, editor):
        batch = DeliveryBatch.objects.filter(note=DEMO_NOTE).first()
        if batch is None:
            ids = list(services.pool_queryset().order_by("pk").values_list("pk", flat=True)[:5])
            if not ids:
                self.stdout.write("No orders in the pool (run the shop demo first); no batch made.")
                return
            try:
                batch = services.batch_create(actor=editor, order_ids=ids, note=DEMO_NOTE)
            except DomainError as exc:
                self.stdout.write(f"No batch: {exc}")
                return
            self.stdout.write(f"Delivery batch {batch.number} with {batch.order_count} orders.")
        entries = list(batch.entries.select_related("order").order_by("pk"))
        base = batch.created_at
        steps = [("picked_up", 1), ("in_transit", 3), ("delivered", 20)]
        for n, entry in enumerate(entries[:3]):
            for kind, hours in steps[: 3 - n]:
                services.shipment_event_record(
                    order_number=entry.order.number, kind=kind,
                    occurred_at=base + datetime.timedelta(hours=hours),
                    tracking_number=f"SF{entry.order.pk:010d}",
                    position=Position.objects.get(code="LOG-DSP"),
                )  # fmt: skip
        if entries:
            number = entries[0].order.number
            for kind in ("return_request", "return_approve"):
                services.service_update_record(
                    order_number=number, kind=kind, reference="CS-DEMO-0001",
                    note="客户反馈尺码不合适 (demo)", position=Position.objects.get(code="CS-AGT"),
                )  # fmt: skip
            self.stdout.write(f"Shipment events and a Customer Service return on {number}.")

    def _report(self, editor):
        definition, _created = ReportDefinition.objects.get_or_create(
            code="weekly-orders",
            defaults={
                "name": "每周订单统计", "period_kind": "week",
                "is_scheduled": True, "duty_code": "PRC-04", "created_by": editor,
                "dimensions": ["day", "category", "region", "payment", "customer", "referral"],
            },
        )  # fmt: skip
        definition.recipient_positions.add(*Position.objects.filter(code__in=["MGR", "CE", "PRC"]))
        start, end = last_complete_period("week", timezone.now())
        run, created = report_run_create(
            actor=editor, definition=definition, start=start, end=end, trigger=RunTrigger.SCHEDULE
        )
        self.stdout.write(f"Weekly report {run} {'archived' if created else 'already archived'}.")
