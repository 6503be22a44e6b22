"""Logistics is told about a new delivery batch and has it as work until it confirms the batch
(it has a confirmation deadline; issue 12 #22)."""

import pytest
from django.utils import timezone

from siteops.fulfilment import services
from siteops.work.models import Notification, WorkItem

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_new_batch_is_logistics_work_until_acknowledged(process_editor, logistics):
    orders = [f.place(), f.place()]
    batch = services.batch_create(actor=process_editor, order_ids=[o.pk for o in orders])
    item = WorkItem.objects.get(subject_id=str(batch.pk), position__code="LOG-DSP")
    assert batch.number in item.title and "2" in item.title
    assert item.due == timezone.localtime(batch.acknowledge_by).date()
    assert item.status == "open"
    assert Notification.objects.filter(user=logistics, item=item).exists()
    assert WorkItem.objects.visible_to(logistics).filter(pk=item.pk).exists()

    services.batch_acknowledge(batch=batch, by="朱物流", actor=logistics)
    item.refresh_from_db()
    assert item.status == "done"
    # Acknowledging again changes nothing.
    services.batch_acknowledge(batch=batch, by="朱物流", actor=logistics)
    assert WorkItem.objects.filter(subject_id=str(batch.pk), status="done").count() == 1
