"""Appraisals: phases with deadlines; a reviewer sees exactly their subordinates; the appraisee
never sees an unshared review; HR sees all — against the seeded org, acting cover included."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.deadlines.models import Deadline
from siteops.people import appraisals, selectors
from siteops.people.models import Appraisal, AppraisalCycle

from .factories import cycle

pytestmark = pytest.mark.django_db


def scores(a, value):
    return {s.kpi_id: value for s in a.scores.all()}


def codes(user, c):
    return sorted(
        selectors.appraisals_visible_to(user)
        .filter(cycle=c)
        .values_list("position__code", flat=True)
    )


def test_launch_makes_one_per_holder_with_the_superior_as_reviewer(staff):
    c = cycle(staff["manager"])
    got = {a.position.code: a.reviewer_position.code for a in c.appraisals.all()}
    assert got == {"CE": "MGR", "PLN": "MGR", "DEV": "MGR", "PED": "CE", "CPY": "CE",
                   "PRC": "CE", "ACT": "PLN", "PRM": "PLN", "MOD": "DEV", "MNT": "DEV"}  # fmt: skip
    d = Deadline.objects.get(kind__code="people_appraisal_self", title__contains="product_editor")
    assert d.position.code == "PED" and d.due_date == c.self_due


def test_visibility_follows_the_org(staff):
    c = cycle(staff["manager"])
    team_ce = ["CPY", "PED", "PRC"]
    assert codes(staff["chief_editor"], c) == sorted(team_ce + ["CE"])  # team + own
    assert codes(staff["planning_lead"], c) == ["ACT", "PLN", "PRM"]
    assert codes(staff["manager"], c) == sorted(
        ["CE", "PLN", "DEV", "PED", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT"]
    )
    assert len(codes(staff["hr"], c)) == 10
    assert codes(staff["product_editor"], c) == ["PED"]  # own only: not a peer's
    assert codes(staff["copy_editor"], c) == ["CPY"]
    assert codes(staff["purchasing"], c) == []
    assert codes(staff["service"], c) == []


def test_an_acting_lead_sees_and_reviews_the_team_only_while_acting(staff):
    today = timezone.localdate()
    c = cycle(staff["manager"])
    acting = make_staff("ce_acting", "ACT")  # another team's member covers CE for a week
    make_staff("ce_acting", "CE", kind="acting", days_ago=0,
               end=today + datetime.timedelta(days=6), reason="总编休假")  # fmt: skip
    # ACT's own appraisal + CE's team (CE itself is held, so resolve still gives the holder).
    assert set(codes(acting, c)) >= {"PED", "CPY", "PRC"}
    ped = c.appraisals.get(appraisee=staff["product_editor"])
    appraisals.appraisal_self_review(actor=staff["product_editor"], appraisal=ped,
                                     scores=scores(ped, 4), comment="完成目标")  # fmt: skip
    # The CE holder is present: the acting holder is not the one resolve() gives.
    with pytest.raises(NotAllowed):
        appraisals.appraisal_review(actor=acting, appraisal=ped, scores=scores(ped, 3),
                                    comment="好")  # fmt: skip


def test_acting_holder_of_a_vacant_lead_reviews(staff):
    from siteops.org.models import PositionAssignment

    c = cycle(staff["manager"], launch=False)
    PositionAssignment.objects.filter(user=staff["chief_editor"]).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    acting = make_staff("ce_acting2", "PLN")
    make_staff("ce_acting2", "CE", kind="acting", days_ago=0, reason="总编空缺")
    appraisals.cycle_launch(actor=staff["manager"], cycle=c)
    ped = c.appraisals.get(appraisee=staff["product_editor"])
    appraisals.appraisal_self_review(actor=staff["product_editor"], appraisal=ped,
                                     scores=scores(ped, 4))  # fmt: skip
    done = appraisals.appraisal_review(actor=acting, appraisal=ped, scores=scores(ped, 3),
                                       comment="稳定")  # fmt: skip
    assert done.phase == "calibration" and done.reviewed_by == acting
    assert done.events.get(action="review_done").acting is True


def test_phases_end_to_end_and_the_appraisee_never_sees_an_unshared_review(staff):
    c = cycle(staff["manager"])
    pe = staff["product_editor"]
    a = c.appraisals.get(appraisee=pe)
    with pytest.raises(NotAllowed):
        appraisals.appraisal_self_review(actor=staff["copy_editor"], appraisal=a, scores={})
    with pytest.raises(DomainError):
        appraisals.appraisal_self_review(actor=pe, appraisal=a, scores={})
    a = appraisals.appraisal_self_review(actor=pe, appraisal=a, scores=scores(a, 5), comment="好")
    assert (
        Deadline.objects.get(kind__code="people_appraisal_self", subject_id=str(a.pk)).status
        == "done"
    )
    review = Deadline.objects.get(kind__code="people_appraisal_review", subject_id=str(a.pk))
    assert review.position.code == "CE" and review.status == "open"
    with pytest.raises(NotAllowed):
        appraisals.appraisal_review(actor=staff["planning_lead"], appraisal=a, scores=scores(a, 1),
                                    comment="x")  # fmt: skip
    a = appraisals.appraisal_review(actor=staff["chief_editor"], appraisal=a,
                                    scores={k: v for k, v in zip(scores(a, 0), [4, 3], strict=True)},
                                    comment="上架及时")  # fmt: skip
    assert a.final_score == Decimal("3.60")  # 4×60% + 3×40%
    assert not selectors.sees_review(pe, a) and selectors.sees_review(staff["hr"], a)
    with pytest.raises(IllegalTransition):
        appraisals.appraisal_acknowledge(actor=pe, appraisal=a)
    with pytest.raises(NotAllowed):
        appraisals.appraisal_calibrate(actor=staff["chief_editor"], appraisal=a,
                                       final_score=Decimal("4"))  # fmt: skip
    a = appraisals.appraisal_calibrate(actor=staff["manager"], appraisal=a,
                                       final_score=Decimal("3.8"), note="全组校准")  # fmt: skip
    assert a.phase == "shared" and selectors.sees_review(pe, a)
    a = appraisals.appraisal_acknowledge(actor=pe, appraisal=a)
    assert a.phase == "acknowledged" and a.acknowledged_at


def test_the_appraisee_page_hides_the_unshared_review(client, staff):
    c = cycle(staff["manager"])
    pe = staff["product_editor"]
    a = c.appraisals.get(appraisee=pe)
    a = appraisals.appraisal_self_review(actor=pe, appraisal=a, scores=scores(a, 4))
    appraisals.appraisal_review(actor=staff["chief_editor"], appraisal=a, scores=scores(a, 2),
                                comment="机密评语")  # fmt: skip
    client.force_login(pe)
    html = client.get(f"/backoffice/people/appraisals/{a.pk}/").content.decode()
    assert "机密评语" not in html
    client.force_login(staff["chief_editor"])
    assert "机密评语" in client.get(f"/backoffice/people/appraisals/{a.pk}/").content.decode()
    client.force_login(staff["copy_editor"])
    assert client.get(f"/backoffice/people/appraisals/{a.pk}/").status_code == 404
    assert Appraisal.objects.get(pk=a.pk).phase == "calibration"


def test_kpi_weights_must_add_up_to_100():
    with pytest.raises(DomainError):
        appraisals.parse_kpis("质量: 50\n效率: 40")
    assert appraisals.parse_kpis("质量: 60\n效率：40") == [("质量", 60), ("效率", 40)]
    with pytest.raises(DomainError):
        appraisals.parse_kpis("没有权重")


def test_a_cycle_over_chosen_positions_appraises_only_them(staff, client):
    from siteops.org.models import Position

    today = timezone.localdate()
    c = appraisals.cycle_create(
        actor=staff["manager"], name="商品编辑转正考核", kind="probation",
        period_start=today, period_end=today, self_due=today, review_due=today,
        calibration_due=today, kpis=[("上架质量", 100)],
        positions=[Position.objects.get(code="PED")],
    )  # fmt: skip
    assert appraisals.cycle_launch(actor=staff["manager"], cycle=c) == 1
    assert [a.appraisee for a in c.appraisals.all()] == [staff["product_editor"]]
    with pytest.raises(DomainError):  # the manager is appraised by leadership, not here
        appraisals.cycle_create(
            actor=staff["manager"], name="x", kind="monthly", period_start=today,
            period_end=today, self_due=today, review_due=today, calibration_due=today,
            kpis=[("质量", 100)], positions=[Position.objects.get(code="MGR")],
        )  # fmt: skip
    client.force_login(staff["manager"])
    r = client.post("/backoffice/people/cycles/new/", {
        "name": "抄写考核", "kind": "monthly", "period_start": str(today),
        "period_end": str(today), "self_due": str(today), "review_due": str(today),
        "calibration_due": str(today), "kpis": "质量: 100", "positions": ["CPY", "PRC"]})  # fmt: skip
    assert r.status_code == 302
    made = AppraisalCycle.objects.get(name="抄写考核")
    assert sorted(made.appraisals.values_list("position__code", flat=True)) == ["CPY", "PRC"]
