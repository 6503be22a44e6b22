"""A dismissal lists the person's open work, moves it to the position on the effective date,
ends their acting cover and opens a hand-over checklist ticked off by HR or the line."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.core import hooks
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.org.models import PositionAssignment
from siteops.people import personnel
from siteops.people.models import HandoverItem

pytestmark = pytest.mark.django_db


def _dismissal(staff, eff):
    cpy = staff["copy_editor"]
    a = PositionAssignment.objects.get(user=cpy, position__code="CPY", kind="holder")
    return personnel.personnel_file(actor=staff["chief_editor"], kind="dismiss", assignment=a,
                                    effective_date=eff, reason="合同到期不续")  # fmt: skip


def _approve(req, *people):
    for p in people:
        approval_approve(actor=p, approval=Approval.objects.get(object_id=req.pk,
                         kind="people.personnel_change"))  # fmt: skip


def test_the_checklist_opens_on_approval_and_is_ticked_when_work_moves(staff, client):
    from siteops.work.models import WorkItem
    from siteops.work.services import item_create

    cpy = staff["copy_editor"]
    make_staff("copy_editor", "ART", kind="acting", days_ago=3, reason="美工空缺")
    item = item_create(actor=staff["chief_editor"], position="CPY", title="写双十一活动文案",
                       source="lead")  # fmt: skip
    eff = timezone.localdate()
    req = _dismissal(staff, eff)
    # Before approval: the page lists the open work; no checklist yet.
    client.force_login(staff["chief_editor"])
    page = client.get(reverse("admin:people_personnel", args=[req.pk])).content.decode()
    assert "写双十一活动文案" in page
    assert not HandoverItem.objects.filter(request=req).exists()
    _approve(req, staff["manager"], staff["hr"], staff["leader"])
    kinds = sorted(HandoverItem.objects.filter(request=req).values_list("kind", flat=True))
    assert kinds == ["acting", "asset", "other", "other", "work"]
    assert personnel.personnel_changes_apply(today=eff) == 1
    work = HandoverItem.objects.get(request=req, kind="work")
    acting = HandoverItem.objects.get(request=req, kind="acting")
    assert work.done_at is not None and acting.done_at is not None
    assignees = set(WorkItem.objects.get(pk=item.pk).assignees.all())
    assert cpy not in assignees and staff["chief_editor"] in assignees
    actions = list(req.events.values_list("action", flat=True))
    assert actions[-3:] == ["work_moved", "acting_ended", "effected"]
    assert "handover_opened" in actions
    # Applying again opens nothing twice.
    assert personnel.personnel_changes_apply(today=eff) == 0
    assert HandoverItem.objects.filter(request=req).count() == 5


def test_ticking_off_by_hr_or_the_line_only_once(staff, client):
    eff = timezone.localdate() + datetime.timedelta(days=7)
    req = _dismissal(staff, eff)
    _approve(req, staff["manager"], staff["hr"], staff["leader"])
    item = HandoverItem.objects.get(request=req, ref="documents")
    url = reverse("admin:people_handover_tick", args=[item.pk])
    for outsider in ("planning_lead", "product_editor", "purchasing"):
        client.force_login(staff[outsider])
        assert client.post(url, {"note": "x"}).status_code in (403, 404)
        with pytest.raises(NotAllowed):
            personnel.handover_tick(actor=staff[outsider], item=item)
    client.force_login(staff["copy_editor"])  # the person themselves does not tick
    assert client.post(url).status_code in (403, 404)
    client.logout()
    assert client.post(url).status_code == 302  # to the login
    assert HandoverItem.objects.get(pk=item.pk).done_at is None
    client.force_login(staff["hr"])
    assert client.post(url, {"note": "共享盘权限已移交"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by == staff["hr"] and item.note == "共享盘权限已移交"
    with pytest.raises(IllegalTransition):
        personnel.handover_tick(actor=staff["chief_editor"], item=item)
    other = HandoverItem.objects.get(request=req, ref="settlement")
    personnel.handover_tick(actor=staff["chief_editor"], item=other)  # the line may tick too
    page = client.get(reverse("admin:people_personnel", args=[req.pk])).content.decode()
    assert "共享盘权限已移交" in page


def test_assets_come_from_infra_when_it_provides_them(staff, monkeypatch):
    monkeypatch.setitem(
        hooks._provided,
        "people_equipment_unreturned",
        lambda user: [
            {
                "tag": "NB-0007",
                "name": "ThinkPad X1",
                "kind": "笔记本电脑",
                "since": None,
                "accepted": True,
                "url": "/x/",
            }
        ],
    )
    req = _dismissal(staff, timezone.localdate() + datetime.timedelta(days=3))
    _approve(req, staff["manager"], staff["hr"], staff["leader"])
    assets = HandoverItem.objects.filter(request=req, kind="asset").exclude(ref="asset:all")
    assert [(a.ref, a.url) for a in assets] == [("asset:NB-0007", "/x/")]
    assert "NB-0007" in assets[0].label
