"""The demo loader shows the area in use, and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from siteops.people.models import (
    AppraisalCycle,
    Candidate,
    PersonnelRequest,
    RecruitmentRequest,
    StaffingPlan,
)

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (StaffingPlan, RecruitmentRequest, Candidate,
                                        AppraisalCycle, PersonnelRequest)]  # fmt: skip


def test_demo_is_idempotent_and_shows_each_slice(staff):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="hr").update(display_name="许人事")
    call_command("load_people_demo", verbosity=0)
    first = counts()
    assert first == [1, 1, 2, 1, 1]
    assert StaffingPlan.objects.get().status == "approved"
    assert RecruitmentRequest.objects.get().status == "open"
    assert Candidate.objects.get(name="林晓雯").interviews.count() == 1
    assert Candidate.objects.get(name="周子涵").status == "screened"
    assert AppraisalCycle.objects.get().appraisals.filter(phase="review").count() == 1
    assert PersonnelRequest.objects.get().status == "pending"
    from siteops.people.models import Probation
    from siteops.reports.models import ReportDefinition

    assert Probation.objects.get(outcome="pending").end_date > timezone.localdate()
    hr = ReportDefinition.objects.get(dataset="people_hr")
    assert hr.is_scheduled and hr.period_kind == "month"
    assert set(hr.recipient_positions.values_list("code", flat=True)) == {"MGR", "HR-ADM"}
    call_command("load_people_demo", verbosity=0)
    assert counts() == first
