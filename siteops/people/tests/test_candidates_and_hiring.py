"""Candidates: the panel scores, accepting appoints through the org services, PIPL retention."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.org.models import PositionAssignment
from siteops.org.selectors import resolve
from siteops.people import selectors, services
from siteops.people.models import Candidate, RecruitmentEvent

from .factories import candidate_at_interview, offer_approved, open_request

pytestmark = pytest.mark.django_db


def test_accepting_appoints_from_the_start_date_and_ends_the_acting_cover(
    manager, hr, chief_editor
):
    today = timezone.localdate()
    cover = make_staff("art_cover", "CPY")
    make_staff("art_cover", "ART", kind="acting", days_ago=10, reason="空缺代理")
    req = open_request(manager, hr, "ART")
    cand = candidate_at_interview(hr, req)
    with pytest.raises(DomainError):  # no scorecard yet
        services.candidate_move(actor=hr, candidate=cand, action="offer")
    services.interview_score(actor=chief_editor, candidate=cand, round=1, score=4,
                             recommendation="hire", notes="作品集好")  # fmt: skip
    offer_approved(hr, manager, cand)
    start = today + datetime.timedelta(days=7)
    cand = services.candidate_move(
        actor=hr, candidate=cand, action="accept", start_date=start, username="new_art"
    )
    assert cand.status == "accepted" and cand.user.username == "new_art"
    holder = PositionAssignment.objects.get(user=cand.user, position__code="ART")
    assert holder.kind == "holder" and holder.start == start
    acting = PositionAssignment.objects.get(user=cover, position__code="ART", kind="acting")
    assert acting.end == start - datetime.timedelta(days=1)
    # Before the start the acting holder still covers; from the start the new person holds it.
    assert resolve("ART").users == [cover]
    assert resolve("ART", at=start).users == [cand.user]
    req.refresh_from_db()
    assert req.status == "filled" and req.days_to_fill == 0
    # The new hire is on probation for 90 days; the chief editor (superior) is reminded.
    from siteops.deadlines.models import Deadline
    from siteops.people.models import Probation

    probation = Probation.objects.get(assignment=holder)
    assert probation.end_date == start + datetime.timedelta(days=90)
    d = Deadline.objects.get(kind__code="people_probation", subject_id=str(probation.pk))
    assert d.position.code == "CE"


def test_the_start_date_and_user_name_are_required(manager, hr, chief_editor):
    req = open_request(manager, hr, "ART")
    cand = candidate_at_interview(hr, req)
    services.interview_score(actor=chief_editor, candidate=cand, round=1, score=3,
                             recommendation="maybe")  # fmt: skip
    offer_approved(hr, manager, cand)
    with pytest.raises(DomainError):
        services.candidate_move(actor=hr, candidate=cand, action="accept")
    with pytest.raises(DomainError):
        services.candidate_move(actor=hr, candidate=cand, action="accept",
                                start_date=timezone.localdate(), username="")  # fmt: skip
    with pytest.raises(DomainError):
        services.candidate_move(actor=hr, candidate=cand, action="accept",
                                start_date=timezone.localdate(), username="manager")  # fmt: skip
    assert Candidate.objects.get(pk=cand.pk).status == "offer"


def test_candidates_data_is_seen_by_hr_the_manager_and_the_panel_only(
    manager, hr, chief_editor, planning_lead, leader, product_editor, purchasing
):
    req = open_request(manager, hr, "ART")
    candidate_at_interview(hr, req)
    for user in (hr, manager, chief_editor):
        assert selectors.candidates_visible_to(user, req).count() == 1, user
    for user in (planning_lead, leader, product_editor, purchasing):
        assert selectors.candidates_visible_to(user, req).count() == 0, user


def test_an_acting_lead_sits_on_the_panel(manager, hr, planning_lead):
    ce_acting = make_staff("ce_acting", "PED")
    make_staff("ce_acting", "CE", kind="acting", days_ago=1, reason="总编休假")
    req = open_request(manager, hr, "ART")
    cand = candidate_at_interview(hr, req)
    card = services.interview_score(actor=ce_acting, candidate=cand, round=1, score=5,
                                    recommendation="hire")  # fmt: skip
    assert card.position_code == "CE"
    with pytest.raises(NotAllowed):
        services.interview_score(actor=planning_lead, candidate=cand, round=1, score=1,
                                 recommendation="no")  # fmt: skip


def test_scorecards_only_at_interview(manager, hr, chief_editor):
    req = open_request(manager, hr, "ART")
    cand = services.candidate_add(actor=hr, request=req, name="李四", source="referral")
    with pytest.raises(IllegalTransition):
        services.interview_score(actor=chief_editor, candidate=cand, round=1, score=3,
                                 recommendation="maybe")  # fmt: skip


def test_personal_data_is_anonymised_after_the_retention_period(manager, hr, settings):
    settings.PEOPLE_CANDIDATE_RETENTION_DAYS = 30
    req = open_request(manager, hr, "ART")
    cand = candidate_at_interview(hr, req, name="张三")
    services.recruitment_move(actor=hr, request=req, action="cancel")
    today = timezone.localdate()
    assert services.candidates_anonymise(today=today + datetime.timedelta(days=29)) == 0
    assert services.candidates_anonymise(today=today + datetime.timedelta(days=31)) == 1
    cand.refresh_from_db()
    assert cand.name == services.ANONYMISED and cand.email == "" and cand.phone == ""
    assert RecruitmentEvent.objects.filter(candidate=cand, action="anonymised").count() == 1
    assert services.candidates_anonymise(today=today + datetime.timedelta(days=60)) == 0


def test_the_manager_approves_or_declines_the_offer(manager, hr, chief_editor):
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve, approval_reject

    req = open_request(manager, hr, "ART")
    cand = candidate_at_interview(hr, req)
    services.interview_score(actor=chief_editor, candidate=cand, round=1, score=4,
                             recommendation="hire")  # fmt: skip
    services.candidate_move(actor=hr, candidate=cand, action="offer")
    approval = Approval.objects.get(kind="people.candidate", object_id=cand.pk)
    assert Candidate.objects.get(pk=cand.pk).status == "offer_pending"
    with pytest.raises(NotAllowed):  # HR does not approve its own offer
        approval_approve(actor=hr, approval=approval)
    with pytest.raises(IllegalTransition):  # not accepted before the manager approved
        services.candidate_move(actor=hr, candidate=cand, action="accept",
                                start_date=timezone.localdate(), username="x1")  # fmt: skip
    approval_reject(actor=manager, approval=approval, comment="薪资超出预算")
    assert Candidate.objects.get(pk=cand.pk).status == "interview"
    assert RecruitmentEvent.objects.filter(candidate=cand, action="offer_declined").exists()
    assert offer_approved(hr, manager, cand).status == "offer"
