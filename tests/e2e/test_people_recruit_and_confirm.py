"""The issue's browser test: the chief editor's product editor leaves; the manager requests
recruitment from the vacancy on the staffing plan; HR records a candidate, the chief editor
scores the interview, the manager approves the offer; the new person is on the org chart from
the start date; after an appraisal the chief editor files 转正 and it is approved."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.org.models import Position, PositionAssignment
from siteops.people import appraisals, personnel
from siteops.people.models import Candidate, PersonnelRequest, Probation, RecruitmentRequest

from .conftest import visit

pytestmark = pytest.mark.django_db(transaction=True)
PW = "pw-people-12345"


def person(username, code, name):
    user = make_staff(username, code)
    user.display_name = name
    user.set_password(PW)
    user.save()
    return user


def as_(page, live_server, user):
    """Work as ``user`` with a session made for them (logging in through the form, and the
    workbench it lands on, are the org's browser tests; this flow's time goes to the people
    pages)."""
    from django.conf import settings
    from django.test import Client

    page.context.clear_cookies()
    c = Client()
    c.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": c.cookies[name].value,
                               "url": live_server.url}])  # fmt: skip


def click(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def approve(page, live_server, approval):
    visit(page, f"{live_server.url}/backoffice/approvals/{approval.pk}/")
    click(page, "#approval-decide button:has-text('批准')")


def test_leave_recruit_hire_appraise_confirm(page, live_server, shot):
    url = live_server.url
    today = timezone.localdate()
    page.set_default_timeout(45000)  # a shared machine can be slow to render the workbench
    manager = person("mgr", "MGR", "王经理")
    chief = person("chief", "CE", "李总编")
    hr = person("hr1", "HR-ADM", "许人事")
    leader = person("boss", "LEAD", "赵总")
    leaving = person("ped_old", "PED", "钱商品")

    # The product editor leaves: the chief editor's dismissal, approved, carried out today.
    req = personnel.personnel_file(
        actor=chief, kind="dismiss", effective_date=today, reason="个人原因离职",
        assignment=PositionAssignment.objects.get(user=leaving, position__code="PED"),
    )  # fmt: skip
    for who in (manager, hr, leader):
        approval_approve(actor=who, approval=Approval.objects.get(object_id=req.pk,
                         kind="people.personnel_change"))  # fmt: skip
    assert personnel.personnel_changes_apply(today=today) == 1

    # The manager requests recruitment in one click from the vacancy on the staffing plan.
    as_(page, live_server, manager)
    visit(page, f"{url}/backoffice/people/plan/")
    click(page, "a[href$='?position=PED']")
    page.fill("input[name=number]", "1")
    page.fill("textarea[name=requirements]", "两年以上电商商品运营经验")
    page.fill("input[name=salary_min]", "8000")
    page.fill("input[name=salary_max]", "12000")
    page.fill("input[name=expected_start]", str(today))
    click(page, "form.so-form button.so-btn")
    rr = RecruitmentRequest.objects.get(position__code="PED")
    assert rr.reason == "replacement" and rr.status == "pending"
    shot(page, "people-recruitment-requested")

    # HR approves and opens it, records a candidate and invites them to interview.
    as_(page, live_server, hr)
    visit(page, f"{url}/backoffice/people/recruitment/{rr.pk}/")
    click(page, "button[data-action=approve]")
    click(page, "button[data-action=open]")
    page.fill("form[action$='/candidates/'] input[name=name]", "陈新")
    page.fill("form[action$='/candidates/'] input[name=email]", "chen.xin@example.com")
    click(page, "form[action$='/candidates/'] button")
    click(page, "tr[data-candidate] button[data-action=screen]")
    click(page, "tr[data-candidate] button[data-action=interview]")
    cand = Candidate.objects.get(request=rr)
    assert cand.status == "interview"

    # The chief editor, on the panel, scores the interview.
    as_(page, live_server, chief)
    visit(page, f"{url}/backoffice/people/recruitment/{rr.pk}/")
    page.fill("form[action$='/score/'] input[name=score]", "5")
    page.select_option("form[action$='/score/'] select[name=recommendation]", "hire")
    click(page, "form[action$='/score/'] button")
    assert cand.interviews.get().interviewer == chief
    shot(page, "people-interview-scored")

    # HR proposes the offer; the manager approves it.
    as_(page, live_server, hr)
    visit(page, f"{url}/backoffice/people/recruitment/{rr.pk}/")
    click(page, "tr[data-candidate] button[data-action=offer]")
    as_(page, live_server, manager)
    approve(page, live_server, Approval.objects.get(kind="people.candidate", object_id=cand.pk))
    cand.refresh_from_db()
    assert cand.status == "offer"

    # HR records the acceptance with the start date: the account and appointment are made.
    as_(page, live_server, hr)
    visit(page, f"{url}/backoffice/people/recruitment/{rr.pk}/")
    page.fill("tr[data-candidate] input[name=start_date]", str(today))
    page.fill("tr[data-candidate] input[name=username]", "chenxin")
    click(page, "tr[data-candidate] button[data-action=accept]")
    cand.refresh_from_db()
    assert cand.status == "accepted" and cand.user.username == "chenxin"
    rr.refresh_from_db()
    assert rr.status == "filled"

    # From the start date the new person is on the org chart as the product editor.
    as_(page, live_server, chief)
    visit(page, f"{url}/backoffice/org/chart/")
    assert "陈新" in page.locator("tr[data-position=PED]").inner_text()
    shot(page, "people-new-person-on-org-chart")

    # An end-of-probation appraisal (self review, the chief editor's review, calibration)...
    cycle = appraisals.cycle_create(
        actor=manager, name="陈新试用期考核", kind="probation", period_start=today,
        period_end=today, self_due=today, review_due=today, calibration_due=today,
        kpis=[("商品上架及时率", 60), ("信息准确率", 40)],
        positions=[Position.objects.get(code="PED")],
    )  # fmt: skip
    assert appraisals.cycle_launch(actor=manager, cycle=cycle) == 1
    a = cycle.appraisals.get(appraisee=cand.user)
    marks = {s.kpi_id: 4 for s in a.scores.all()}
    a = appraisals.appraisal_self_review(actor=cand.user, appraisal=a, scores=marks)
    a = appraisals.appraisal_review(actor=chief, appraisal=a, scores=marks, comment="胜任")
    appraisals.appraisal_calibrate(actor=manager, appraisal=a, final_score=Decimal("4"))

    # ...then the chief editor files 转正 with it attached; the manager and HR approve.
    visit(page, f"{url}/backoffice/people/personnel/new/")
    page.select_option("select[name=kind]", "confirm")
    page.fill("input[name=effective_date]", str(today))
    page.fill("textarea[name=reason]", "试用期考核良好，申请转正")
    page.select_option("select[name=appraisals]", str(a.pk))
    click(page, "form.so-form button.so-btn")
    confirm = PersonnelRequest.objects.get(kind="confirm")
    assert list(confirm.appraisals.all()) == [a]
    as_(page, live_server, manager)
    approve(page, live_server, Approval.objects.get(object_id=confirm.pk,
                                                    kind="people.personnel_confirm"))  # fmt: skip
    approval_approve(actor=hr, approval=Approval.objects.get(object_id=confirm.pk,
                     kind="people.personnel_confirm"))  # fmt: skip
    assert personnel.personnel_changes_apply(today=today) == 1
    assert Probation.objects.get(assignment__user=cand.user).outcome == "confirmed"
    as_(page, live_server, chief)
    visit(page, f"{url}/backoffice/people/personnel/{confirm.pk}/")
    assert "已执行" in page.locator("h1 [data-status=effected]").inner_text()
    shot(page, "people-confirmation-carried-out")
