"""After any action a user lands on a page they may see; the back office's 403/404 keep its
shell and menu (issue 12 #19)."""

import pytest
from django.urls import reverse

from siteops.work import services

from .factories import task

pytestmark = pytest.mark.django_db


def test_answering_a_hand_off_lands_the_other_department_on_its_workbench(client, staff):
    item = task("CE", actor=staff["manager"], title="活动页库存")
    services.item_hand_off(actor=staff["chief_editor"], item=item, position="WH-STK",
                           message="请提供库存")  # fmt: skip
    client.force_login(staff["warehouse"])
    resp = client.post(
        reverse("admin:work_item_action", args=[item.pk, "hand_back"]),
        {"message": "120 件"},
        follow=True,
    )
    assert resp.status_code == 200
    assert resp.redirect_chain[-1][0] == reverse("admin:work_workbench")
    texts = [str(m) for m in resp.context["messages"]]
    assert any("交回" in t or "Hand back" in t for t in texts), texts


def test_the_back_office_404_and_403_keep_its_shell(client, staff):
    client.force_login(staff["warehouse"])
    missing = client.get(reverse("admin:work_item", args=[999999]))
    assert missing.status_code == 404
    html = missing.content.decode()
    assert 'id="backoffice-error"' in html and reverse("admin:work_workbench") in html
    assert "storefront" not in html.lower() or "so-card" in html
    refused = client.get(reverse("admin:work_review_queue"))
    assert refused.status_code == 403 and 'id="backoffice-error"' in refused.content.decode()


def test_the_shop_keeps_its_own_404(client, staff):
    client.force_login(staff["warehouse"])
    resp = client.get("/no-such-page-here/")
    assert resp.status_code == 404 and 'id="backoffice-error"' not in resp.content.decode()


def test_a_customer_gets_no_back_office_shell(client, customer):
    client.force_login(customer)
    resp = client.get("/backoffice/work/items/999999/")
    assert 'id="backoffice-error"' not in resp.content.decode()
