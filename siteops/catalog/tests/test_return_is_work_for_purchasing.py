"""A submission returned to Purchasing is Purchasing's work, and the editor's item waits for the
resubmission instead of turning done (issue 12 #18)."""

import pytest
from django.urls import reverse

from siteops.catalog import services
from siteops.work.models import Notification, WorkItem

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

DATA = {
    "reference": "CG-9",
    "title": "保温杯",
    "skus": [{"code": "CG-9-R", "price": "89", "spec": "颜色=红"}],
}


def test_a_return_waits_on_purchasing_with_the_reasons_and_resumes_on_resubmission(
    client, purchasing, product_editor
):
    s = services.submission_create(actor=purchasing, data=DATA)
    item = WorkItem.objects.get(subject_id=str(s.pk), position__code="PED")
    services.submission_return(actor=product_editor, submission=s,
                               reasons={"title": "标题太短"}, note="请补充容量")  # fmt: skip
    item.refresh_from_db()
    assert item.status == "waiting" and item.waiting_on.code == "PUR-COL"
    assert item.closed_at is None
    told = Notification.objects.filter(user=purchasing, item=item).latest("pk").message
    assert "标题太短" in told and "已完成" not in told
    assert not Notification.objects.filter(user=purchasing, message__startswith="已完成").exists()
    # It is in Purchasing's own list on the workbench, reasons visible on the item page.
    client.force_login(purchasing)
    bench = client.get(reverse("admin:work_workbench")).content.decode()
    assert reverse("admin:work_item", args=[item.pk]) in bench
    page = client.get(reverse("admin:work_item", args=[item.pk]))
    assert page.status_code == 200 and "标题太短" in page.content.decode()

    services.submission_resubmit(actor=purchasing, submission=s, data={"title": "保温杯 500ml"})
    item.refresh_from_db()
    assert item.status == "in_progress" and item.waiting_on is None
    assert WorkItem.objects.filter(subject_id=str(s.pk)).count() == 1  # the same item resumes
    services.submission_accept(actor=product_editor, submission=s,
                               data={"category": CategoryFactory().slug})  # fmt: skip
    item.refresh_from_db()
    assert item.status == "done"


def test_withdrawing_a_returned_submission_cancels_the_waiting_item(purchasing, product_editor):
    s = services.submission_create(actor=purchasing, data={**DATA, "reference": "CG-10"})
    services.submission_return(actor=product_editor, submission=s, reasons={"title": "太短"})
    services.submission_withdraw(actor=purchasing, submission=s)
    item = WorkItem.objects.get(subject_id=str(s.pk))
    assert item.status == "cancelled"


def test_the_editors_page_names_missing_fields_by_label(client, purchasing, product_editor):
    s = services.submission_create(actor=purchasing, data={**DATA, "reference": "CG-11"})
    client.force_login(product_editor)
    html = client.get(reverse("admin:catalog_submission_work", args=[s.pk])).content.decode()
    assert "<li>category:" not in html and "<li>分类:" in html
