"""Escalation with a reason goes to the superior, who resolves or escalates again, up to
company leadership; every hop is shown."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.work import services
from siteops.work.models import Notification

from .factories import task


@pytest.mark.django_db
def test_escalate_up_the_chain_and_back(client, staff):
    ped, ce, mgr, lead = (staff[u] for u in ("product_editor", "chief_editor", "manager", "leader"))
    item = task("PED", actor=ce, title="Supplier sends no photos")
    with pytest.raises(ValidationError):
        services.item_escalate(actor=ped, item=item, reason="  ")
    services.item_escalate(actor=ped, item=item, reason="I can't get the photos")
    assert (item.status, item.position.code, item.home_position.code) == ("escalated", "CE", "PED")
    assert Notification.objects.filter(user=ce, item=item, kind="escalated").exists()
    with pytest.raises(NotAllowed):
        services.item_escalate(actor=staff["copy_editor"], item=item, reason="not mine")
    services.item_escalate(actor=ce, item=item, reason="needs Purchasing's boss")
    assert item.position.code == "MGR"
    services.item_escalate(actor=mgr, item=item, reason="leadership must decide")
    assert item.position.code == "LEAD"
    with pytest.raises(IllegalTransition):
        services.item_escalate(actor=lead, item=item, reason="higher?")
    chain = services.escalation_chain(item)
    assert [(e.from_position.code, e.to_position.code) for e in chain] == [
        ("PED", "CE"), ("CE", "MGR"), ("MGR", "LEAD")]  # fmt: skip
    client.force_login(ped)
    page = client.get(reverse("admin:work_item", args=[item.pk])).content.decode()
    assert "get the photos" in page and "leadership must decide" in page
    services.item_resolve(actor=lead, item=item, comment="Use the catalogue photos")
    assert (item.status, item.position.code, item.home_position) == ("open", "PED", None)
    assert Notification.objects.filter(user=ped, item=item, kind="assigned").exists()


@pytest.mark.django_db
def test_superior_can_keep_the_item(staff):
    item = task("PED", actor=staff["chief_editor"])
    services.item_escalate(actor=staff["product_editor"], item=item, reason="too hard")
    services.item_resolve(
        actor=staff["chief_editor"], item=item, comment="I'll do it", send_back=False
    )
    assert (item.status, item.position.code) == ("open", "CE")
