"""Two people submit one object for approval at the same moment: exactly one pending approval.

Real threads with their own database connections, on whichever database the suite runs
(SQLite: the second writer waits for the first and then meets the unique index; PostgreSQL:
the second insert blocks on the index entry of the first and fails when it commits).
"""

import threading

import pytest
from django.db import connection

from conftest import make_staff
from siteops.approvals.choices import ApprovalStatus
from siteops.approvals.models import Approval, ApprovalEvent
from siteops.approvals.services import approval_submit
from siteops.core.errors import IllegalTransition
from tests.testapp.fixtures import grant
from tests.testapp.models import Policy


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_make_one_pending_approval():
    grant("PED", "testapp.change_policy")
    grant("CE", "testapp.change_policy")
    make_staff("chief_editor", "CE")
    submitters = [make_staff("ped_a", "PED"), make_staff("ped_b", "CPY")]
    grant("CPY", "testapp.change_policy")
    policy = Policy.objects.create(title="Privacy policy")
    start = threading.Barrier(len(submitters))
    outcomes: list[object] = []

    def submit(user):
        try:
            start.wait(timeout=10)
            outcomes.append(approval_submit(actor=user, obj=Policy.objects.get(pk=policy.pk)))
        except IllegalTransition as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(u,)) for u in submitters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    refused = [o for o in outcomes if isinstance(o, IllegalTransition)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert refused[0].code == "already_pending"
    pending = Approval.objects.filter(object_id=policy.pk, status=ApprovalStatus.PENDING)
    assert pending.count() == 1
    # the refused submission left nothing behind (its steps and event rolled back with it)
    assert ApprovalEvent.objects.filter(approval__object_id=policy.pk).count() == 1
