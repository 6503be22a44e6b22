"""Work items are seen by the positions involved, their reporting line and explicit permission
holders; HR's cases (a 转正 probation review) are confidential by default (issue 12 #21)."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.work.models import WorkItem
from siteops.work.selectors import visible_items

from .factories import request, task

pytestmark = pytest.mark.django_db


def _sees(client, user, item) -> bool:
    client.force_login(user)
    page = client.get(reverse("admin:work_item", args=[item.pk]))
    assert page.status_code in (200, 404)
    listed = client.get(reverse("admin:work_workitem_changelist"), {"q": item.title})
    link = reverse("admin:work_item", args=[item.pk])  # the search box echoes the title itself
    in_list = listed.status_code == 200 and f'href="{link}"' in listed.content.decode()
    assert in_list == (page.status_code == 200) or listed.status_code == 403
    return page.status_code == 200


def test_an_hr_probation_case_is_confidential_and_hidden_from_the_copy_editor(client, staff):
    case = request("HR", requester=staff["hr"], title="郑文案 转正评估")
    assert case.confidential
    assert not _sees(client, staff["copy_editor"], case)
    assert not _sees(client, staff["product_editor"], case)
    assert _sees(client, staff["manager"], case)  # the position it is addressed to
    assert _sees(client, staff["leader"], case)  # the manager's reporting line
    assert visible_items(staff["hr"]).filter(pk=case.pk).exists()  # who filed it
    # Another HR colleague does not see it just for being in the requesting department.
    hr2 = make_staff("hr2", "HR-ADM")
    assert not visible_items(hr2).filter(pk=case.pk).exists()


def test_ordinary_items_go_to_the_position_its_lead_and_the_requesting_department(client, staff):
    item = task("CPY", title="改写新品文案", source="lead")
    assert not item.confidential
    assert _sees(client, staff["copy_editor"], item)
    assert _sees(client, staff["chief_editor"], item)  # CPY reports to CE
    assert _sees(client, staff["manager"], item)
    assert not _sees(client, staff["product_editor"], item)  # a colleague it has not reached
    assert not _sees(client, staff["process_editor"], item)
    pur = request("PUR", requester=staff["purchasing"], title="采购部 新品 5 个")
    colleague = make_staff("purchasing2", "PUR-COL")
    assert visible_items(colleague).filter(pk=pur.pk).exists()  # their department's request


def test_an_item_can_be_marked_confidential_and_sub_items_keep_it(staff):
    item = task("CE", title="人事调整草案", source="manager", confidential=True)
    child = task("CPY", title="子项", source="lead", parent=item)
    assert child.confidential
    assert not visible_items(staff["purchasing"]).filter(pk=item.pk).exists()
    assert visible_items(staff["copy_editor"]).filter(pk=child.pk).exists()
    assert not visible_items(staff["copy_editor"]).filter(pk=item.pk).exists()


def test_the_explicit_permissions(staff, superuser):
    ordinary = task("CPY", title="普通", source="lead")
    secret = task("CPY", title="保密", source="lead", confidential=True)
    # The manager holds view_all_workitems; even an item elsewhere in the company is visible.
    pur_item = task("PUR-COL", title="采购内部", source="module")
    assert visible_items(staff["manager"]).filter(pk=pur_item.pk).exists()
    assert set(visible_items(superuser).filter(pk__in=[ordinary.pk, secret.pk])) == {
        ordinary,
        secret,
    }
    assert WorkItem.objects.visible_to(None).count() == 0


def test_the_request_form_can_mark_a_request_confidential(client, staff):
    client.force_login(staff["purchasing"])
    client.post(reverse("admin:work_request_list"), {
        "title": "供应商合同纠纷", "priority": "normal", "confidential": "on",
    })  # fmt: skip
    item = WorkItem.objects.get(title="供应商合同纠纷")
    assert item.confidential
    assert not visible_items(make_staff("purchasing2", "PUR-COL")).filter(pk=item.pk).exists()
