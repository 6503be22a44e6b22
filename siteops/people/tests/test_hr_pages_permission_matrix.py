"""Appraisal and personnel pages × anonymous, a customer, every position, an acting holder:
confidential pages open only for the person's line, HR (and leadership for personnel)."""

import datetime

import pytest
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.org.models import PositionAssignment
from siteops.people import personnel
from siteops.people.models import AppraisalCycle, PersonnelRequest, Probation

from .factories import cycle
from .test_pages_permission_matrix import login_as

pytestmark = pytest.mark.django_db

CODES = sorted({*STAFF.values(), "ART", "PUR-CAT"})
WEB = {"MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT"}
LINE = {"MGR", "CE", "PLN", "DEV"}


@pytest.fixture
def world(db):
    mgr = make_staff("w_mgr", "MGR")
    ce = make_staff("w_ce", "CE")
    ped = make_staff("w_ped", "PED")
    make_staff("w_hr", "HR-ADM")
    c = cycle(mgr)
    appraisal = c.appraisals.get(appraisee=ped)
    a = PositionAssignment.objects.get(user=ped, position__code="PED")
    req = personnel.personnel_file(
        actor=ce, kind="dismiss", assignment=a, reason="试用期不合格",
        effective_date=timezone.localdate() + datetime.timedelta(days=9),
    )  # fmt: skip
    return {"appraisal": appraisal, "req": req, "ped": ped, "assignment": a}


def pages(w):
    return {
        "/backoffice/people/appraisals/": WEB | {"HR-ADM", "LEAD"},
        f"/backoffice/people/appraisals/{w['appraisal'].pk}/": {"MGR", "CE", "HR-ADM", "LEAD"},
        "/backoffice/people/personnel/": LINE | {"HR-ADM", "LEAD"},
        "/backoffice/people/personnel/new/": LINE,
        f"/backoffice/people/personnel/{w['req'].pk}/": {"MGR", "CE", "HR-ADM", "LEAD"},
    }


@pytest.mark.parametrize("who", [*CODES, "anonymous", "customer"])
def test_page_access(client, world, who):
    login_as(client, who)
    for url, allowed in pages(world).items():
        response = client.get(url)
        if who in ("anonymous", "customer"):
            assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
        elif who in allowed:
            assert response.status_code == 200, (url, who)
        else:
            assert response.status_code in (403, 404), (url, who, response.status_code)


def test_the_appraisee_opens_their_own_but_not_the_personnel_request(client, world):
    client.force_login(world["ped"])
    assert client.get(f"/backoffice/people/appraisals/{world['appraisal'].pk}/").status_code == 200
    assert client.get(f"/backoffice/people/personnel/{world['req'].pk}/").status_code in (403, 404)
    html = client.get("/backoffice/people/personnel/").content.decode()
    assert "试用期不合格" not in html


def test_an_acting_chief_editor_sees_the_team_for_the_duration(client, world):
    user = make_staff("ce_cover", "PLN")
    today = timezone.localdate()
    make_staff("ce_cover", "CE", kind="acting", days_ago=0, end=today, reason="代理总编")
    client.force_login(user)
    assert client.get(f"/backoffice/people/appraisals/{world['appraisal'].pk}/").status_code == 200
    assert client.get(f"/backoffice/people/personnel/{world['req'].pk}/").status_code == 200
    PositionAssignment.objects.filter(user=user, kind="acting").update(
        start=today - datetime.timedelta(days=5), end=today - datetime.timedelta(days=1)
    )
    client.force_login(user)
    assert client.get(f"/backoffice/people/personnel/{world['req'].pk}/").status_code == 404


POSTS = {
    "cycle_new": ({"MGR"}, lambda w: ("/backoffice/people/cycles/new/", {
        "name": "月度考核", "kind": "monthly", "period_start": "2026-11-01",
        "period_end": "2026-11-30", "self_due": "2026-12-05", "review_due": "2026-12-10",
        "calibration_due": "2026-12-15", "kpis": "质量: 70\n效率: 30"}),
        lambda w: AppraisalCycle.objects.filter(name="月度考核").exists()),
    "personnel_new": ({"CE", "MGR"}, lambda w: ("/backoffice/people/personnel/new/", {
        "assignment": w["assignment"].pk, "kind": "promote", "new_position": "PRC",
        "effective_date": str(timezone.localdate() + datetime.timedelta(days=30)),
        "reason": "表现突出"}),
        lambda w: PersonnelRequest.objects.filter(kind="promote").exists()),
    "probation": ({"HR-ADM", "MGR"}, lambda w: ("/backoffice/people/probation/", {
        "assignment": w["assignment"].pk,
        "end_date": str(timezone.localdate() + datetime.timedelta(days=60))}),
        lambda w: Probation.objects.filter(assignment=w["assignment"]).exists()),
    "appraisal_review": (set(), lambda w: (
        f"/backoffice/people/appraisals/{w['appraisal'].pk}/act/", {"action": "self"}),
        lambda w: w["appraisal"].__class__.objects.get(pk=w["appraisal"].pk).phase != "self"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(POSTS))
@pytest.mark.parametrize("who", ["anonymous", "customer", "MGR", "HR-ADM", "CE", "PLN", "PED",
                                 "LEAD", "PUR-COL"])  # fmt: skip
def test_post_access(client, world, who, name):
    allowed, make, changed = POSTS[name]
    login_as(client, who)
    url, data = make(world)
    response = client.post(url, data)
    if who in ("anonymous", "customer"):
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
        assert not changed(world)
    elif who in allowed:
        assert response.status_code == 302, (who, name)
        assert changed(world), (who, name)
    else:
        assert response.status_code in (200, 302, 403, 404), (who, name, response.status_code)
        assert not changed(world), (who, name)


def test_the_appraisee_submits_their_self_review_on_the_page(client, world):
    a = world["appraisal"]
    client.force_login(world["ped"])
    data = {"action": "self", "comment": "完成"}
    data.update({f"kpi_{s.kpi_id}": 4 for s in a.scores.all()})
    assert client.post(f"/backoffice/people/appraisals/{a.pk}/act/", data).status_code == 302
    a.refresh_from_db()
    assert a.phase == "review"
    bad = client.post(f"/backoffice/people/appraisals/{a.pk}/act/", {"action": "x" * 500})
    assert bad.status_code == 302
