"""The work screens render in each state a person meets them in (no template error, no 500)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from siteops.approvals.services import approval_approve
from siteops.orders.tests import factories as f

from .. import services
from ..models import Project
from .helpers import active_project, delivered_order, members

pytestmark = pytest.mark.django_db


def test_draft_project_page_and_member_preview(client, process_editor, sales):
    project = services.project_request(actor=sales, code="D1", name="草稿项目")
    client.force_login(process_editor)
    page = client.get(reverse("admin:loyalty_project", args=[project.pk]))
    assert page.status_code == 200 and "草稿项目" in page.content.decode()
    f.customer("known")
    csv = SimpleUploadedFile("m.csv", b"customer\nknown\nghost\n", content_type="text/csv")
    r = client.post(reverse("admin:loyalty_members", args=[project.pk]),
                    {"file": csv, "do": "preview"})  # fmt: skip
    assert r.status_code == 200
    body = r.content.decode()
    assert "ghost" in body and "known" in body
    assert not project.members.exists()  # a preview saves nothing
    bad = SimpleUploadedFile("m.xlsx", b"not a workbook", content_type="application/octet-stream")
    r = client.post(reverse("admin:loyalty_members", args=[project.pk]), {"file": bad})
    assert r.status_code == 302  # an error message, not a 500
    r = client.post(reverse("admin:loyalty_project_setup", args=[project.pk]),
                    {"starts_on": "2026-05-01", "ends_on": "2026-04-01", "budget_points": "x"})  # fmt: skip
    assert r.status_code == 302
    assert Project.objects.get(pk=project.pk).budget_points == 0


def test_batch_page_with_lines_and_the_customer_page(client, process_editor, leader, chief_editor):
    project = active_project(process_editor, leader, pending_days=0)
    buyer = f.customer()
    members(process_editor, project, buyer)
    order = delivered_order(buyer, price="88.00", days_ago=0)
    batch, _c = services.batch_generate(actor=process_editor, project=project,
                                        start=timezone.localdate(), end=timezone.localdate())  # fmt: skip
    client.force_login(process_editor)
    page = client.get(reverse("admin:loyalty_batch", args=[batch.pk])).content.decode()
    assert order.number in page and "88" in page
    r = client.post(reverse("admin:loyalty_batch_action", args=[batch.pk, "submit"]))
    assert r.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "pending"
    from siteops.approvals.models import Approval

    approval_approve(actor=chief_editor, approval=Approval.objects.get(object_id=batch.pk,
                                                                       kind="loyalty.batch"))  # fmt: skip
    client.post(reverse("admin:loyalty_batch_action", args=[batch.pk, "issue"]))
    batch.refresh_from_db()
    assert batch.status == "issued"
    client.force_login(buyer)
    page = client.get(reverse("loyalty:points")).content.decode()
    assert order.number in page and "+88" in page
