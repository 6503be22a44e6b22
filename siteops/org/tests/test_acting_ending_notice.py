import datetime

import pytest
from django.core import mail
from django.utils import timezone

from conftest import make_staff
from siteops.org import tasks

pytestmark = pytest.mark.django_db


def test_acting_holder_is_told_once_before_the_cover_ends():
    make_staff("ed", "ART", kind="acting", end=timezone.localdate() + datetime.timedelta(days=2))
    make_staff(
        "later", "CPY", kind="acting", end=timezone.localdate() + datetime.timedelta(days=20)
    )
    assert tasks.notify_acting_ending.enqueue().return_value == 1
    assert len(mail.outbox) == 1 and "ed@example.com" in mail.outbox[0].to
    assert tasks.notify_acting_ending.enqueue().return_value == 0
    assert len(mail.outbox) == 1
