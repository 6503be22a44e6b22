"""Two people at the same moment: generating the same project and period gives one batch with
its awards once; submitting the same batch to audit gives one pending approval, the other is
refused and changes nothing. Real threads on real connections (SQLite here, PostgreSQL with
DATABASE_URL)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.core.errors import DomainError
from siteops.orders.tests import factories as f

from .. import services
from ..choices import BatchStatus
from ..models import Award, Batch
from .helpers import active_project, delivered_order, members

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _race(fn):
    results = [None, None]
    start = threading.Barrier(2)

    def go(i):
        try:
            start.wait()
            results[i] = ("ok", fn(i))
        except DomainError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001 - reported below
            results[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_two_concurrent_generations_and_submissions_give_one_of_each():
    prc, lead = make_staff("prc_race", "PRC"), make_staff("lead_race", "LEAD")
    project = active_project(prc, lead)
    buyer = f.customer("race_buyer")
    members(prc, project, buyer)
    delivered_order(buyer, price="60.00", days_ago=2)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=5)

    made = _race(lambda i: services.batch_generate(actor=prc, project=project, start=start,
                                                   end=today)[1])  # fmt: skip
    assert sorted(made) == [("ok", False), ("ok", True)], made
    assert Batch.objects.count() == 1 and Award.objects.count() == 1
    batch_id = Batch.objects.get().pk

    sent = _race(lambda i: services.batch_submit(actor=prc,
                                                 batch=Batch.objects.get(pk=batch_id)).pk)  # fmt: skip
    assert sorted(r[0] for r in sent) == ["ok", "refused"], sent
    assert Approval.objects.filter(kind="loyalty.batch", status="pending").count() == 1
    assert Batch.objects.get().status == BatchStatus.PENDING
