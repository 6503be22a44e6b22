"""A line break typed into a work item's title does not break the notices about it (#9 item 11)."""

import pytest
from django.core import mail

from siteops.work import notify
from siteops.work.models import Notification

from .factories import task

pytestmark = pytest.mark.django_db


def test_a_title_with_line_breaks_still_notifies_by_mail(
    chief_editor, django_capture_on_commit_callbacks
):
    chief_editor.email = "ce@example.com"
    chief_editor.save(update_fields=["email"])
    item = task("CE", title="第一行\r\n第二行\n第三行")
    with django_capture_on_commit_callbacks(execute=True):
        notify.notify([chief_editor], item, "assigned", "请处理")
    assert Notification.objects.filter(user=chief_editor, item=item).exists()
    sent = [m for m in mail.outbox if "ce@example.com" in m.to]
    assert sent
    assert "\n" not in sent[-1].subject and "\r" not in sent[-1].subject
    assert "第一行 第二行 第三行" in sent[-1].subject
    sent[-1].message()  # the headers are valid
