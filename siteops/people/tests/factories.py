"""Builders for the people tests (the named staff come from the root conftest)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from siteops.org.models import Position
from siteops.people import services


def recruitment(actor, code="PED", number=1, **kw):
    data = dict(
        position=Position.objects.get(code=code),
        number=number,
        reason="replacement",
        requirements="熟悉商品上架流程",
        salary_min=Decimal("8000"),
        salary_max=Decimal("12000"),
        expected_start=timezone.localdate() + datetime.timedelta(days=30),
        urgency="normal",
    )
    data.update(kw)
    return services.recruitment_request(actor=actor, **data)


def open_request(manager, hr, code="PED", number=1):
    req = recruitment(manager, code, number)
    services.recruitment_move(actor=hr, request=req, action="approve")
    return services.recruitment_move(actor=hr, request=req, action="open")


def candidate_at_interview(hr, req, name="王小明"):
    cand = services.candidate_add(
        actor=hr, request=req, name=name, source="job_site", email="wxm@example.com",
        phone="13800000000",
    )  # fmt: skip
    services.candidate_move(actor=hr, candidate=cand, action="screen")
    return services.candidate_move(actor=hr, candidate=cand, action="interview")


def cycle(manager, *, launch=True, name="2026年第四季度考核"):
    from siteops.people import appraisals

    today = timezone.localdate()
    c = appraisals.cycle_create(
        actor=manager, name=name, kind="quarterly",
        period_start=today - datetime.timedelta(days=90), period_end=today,
        self_due=today + datetime.timedelta(days=7), review_due=today + datetime.timedelta(days=14),
        calibration_due=today + datetime.timedelta(days=21),
        kpis=[("商品上架及时率", 60), ("信息准确率", 40)],
    )  # fmt: skip
    if launch:
        appraisals.cycle_launch(actor=manager, cycle=c)
    return c


def offer_approved(hr, manager, cand):
    """HR proposes the offer and the manager approves it (siteops.approvals)."""
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve

    services.candidate_move(actor=hr, candidate=cand, action="offer")
    approval = Approval.objects.get(kind="people.candidate", object_id=cand.pk, status="pending")
    approval_approve(actor=manager, approval=approval)
    cand.refresh_from_db()
    return cand
