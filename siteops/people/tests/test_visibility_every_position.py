"""Who may and who may not see an appraisal and a personnel request, for every demo position:
the lead, the manager, an acting holder of the lead's position, HR, leadership, the appraisee,
peers, the other leads and their teams, other departments' staff and a shop customer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.org.models import Position, PositionAssignment
from siteops.people import appraisals, personnel

from .factories import cycle

pytestmark = pytest.mark.django_db
SECRET = "评语：需加强新品上架复核"


@pytest.fixture
def world(staff, customer):
    today = timezone.localdate()
    # Someone with no position of their own acts for the chief editor this week.
    acting = make_staff("ce_acting", None)
    make_staff("ce_acting", "CE", kind="acting", days_ago=0,
               end=today + datetime.timedelta(days=6), reason="总编休假")  # fmt: skip
    pe = staff["product_editor"]
    c = cycle(staff["manager"])
    a = c.appraisals.get(appraisee=pe)
    a = appraisals.appraisal_self_review(
        actor=pe, appraisal=a, scores={s.kpi_id: 4 for s in a.scores.all()}
    )
    a = appraisals.appraisal_review(actor=staff["chief_editor"], appraisal=a,
                                    scores={s.kpi_id: 3 for s in a.scores.all()},
                                    comment=SECRET)  # fmt: skip
    req = personnel.personnel_file(
        actor=staff["chief_editor"], kind="transfer",
        assignment=PositionAssignment.objects.get(user=pe, position__code="PED", kind="holder"),
        new_position=Position.objects.get(code="PRC"),
        effective_date=today + datetime.timedelta(days=14), reason="调岗：流程编辑缺人",
    )  # fmt: skip
    return {**staff, "ce_acting": acting, "customer": customer, "appraisal": a, "request": req}


LINE = ["chief_editor", "manager", "ce_acting", "hr", "leader"]
NOT_LINE = [u for u in STAFF if u not in LINE and u != "product_editor"] + ["customer"]


def test_appraisal_matrix(client, world):
    a = world["appraisal"]
    url = reverse("admin:people_appraisal", args=[a.pk])
    for name in LINE:
        client.force_login(world[name])
        r = client.get(url)
        assert r.status_code == 200, name
        assert SECRET in r.content.decode(), name
        listed = client.get(reverse("admin:people_appraisal_list")).content.decode()
        assert url in listed, name
    # The appraisee sees their appraisal, never the unshared review.
    client.force_login(world["product_editor"])
    r = client.get(url)
    assert r.status_code == 200 and SECRET not in r.content.decode()
    for name in NOT_LINE:
        client.force_login(world[name])
        r = client.get(url)
        assert r.status_code in (302, 403, 404), name
        assert SECRET not in r.content.decode(), name
        listed = client.get(reverse("admin:people_appraisal_list"))
        assert url not in listed.content.decode(), name
    client.logout()
    assert client.get(url).status_code == 302


def test_personnel_request_matrix(client, world):
    req = world["request"]
    url = reverse("admin:people_personnel", args=[req.pk])
    for name in LINE:
        client.force_login(world[name])
        r = client.get(url)
        assert r.status_code == 200, name
        assert "调岗：流程编辑缺人" in r.content.decode(), name
        assert url in client.get(reverse("admin:people_personnel_list")).content.decode(), name
    for name in ["product_editor", *NOT_LINE]:  # the person themselves does not see it
        client.force_login(world[name])
        r = client.get(url)
        assert r.status_code in (302, 403, 404), name
        assert "调岗：流程编辑缺人" not in r.content.decode(), name
        listed = client.get(reverse("admin:people_personnel_list")).content.decode()
        assert url not in listed, name
    client.logout()
    assert client.get(url).status_code == 302


def test_acting_cover_sees_only_while_it_lasts(client, world):
    today = timezone.localdate()
    PositionAssignment.objects.filter(user=world["ce_acting"]).update(
        start=today - datetime.timedelta(days=5), end=today - datetime.timedelta(days=1)
    )
    client.force_login(world["ce_acting"])
    for url in (reverse("admin:people_appraisal", args=[world["appraisal"].pk]),
                reverse("admin:people_personnel", args=[world["request"].pk])):  # fmt: skip
        assert client.get(url).status_code in (302, 403, 404)


def test_the_persons_page_history_across_cycles(client, world):
    pe = world["product_editor"]
    older = cycle(world["manager"], name="2026年第三季度考核")
    url = reverse("admin:people_person", args=[pe.pk])
    for name in LINE:
        client.force_login(world[name])
        r = client.get(url)
        assert r.status_code == 200, name
        text = r.content.decode()
        assert "2026年第三季度考核" in text and "2026年第四季度考核" in text, name
        assert "调岗：" not in text  # the reason stays on the request's own page
    for name in ["product_editor", *NOT_LINE]:  # not the person, not peers, not outsiders
        client.force_login(world[name])
        assert client.get(url).status_code in (302, 403, 404), name
    assert older.appraisals.filter(appraisee=pe).exists()
    client.force_login(world["hr"])
    assert client.get(reverse("admin:people_person", args=[10**12])).status_code == 404
