"""The staffing plan's numbers are the org chart's own; versions go to leadership and HR."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.org.models import Position
from siteops.org.selectors import org_chart
from siteops.people import selectors, services
from siteops.people.models import StaffingPlan

from .factories import open_request

pytestmark = pytest.mark.django_db


def test_every_position_shows_the_org_charts_holders_acting_and_vacancies(staff):
    make_staff("second_ped", "PED")
    make_staff("art_cover", "CPY")
    make_staff(
        "art_acting", "ART", kind="acting", days_ago=2,
        end=timezone.localdate() + datetime.timedelta(days=5), reason="代理",
    )  # fmt: skip
    rows = {r.position.code: r for r in selectors.plan_rows(None)}
    chart = {
        row["position"].code: row
        for dept in org_chart()
        for row in dept["rows"]
        if dept["department"].kind == "own"
    }
    assert set(rows) == set(chart)
    for code, row in chart.items():
        assert [u.pk for u in rows[code].holders] == [u.pk for u in row["holders"]], code
        assert [a.pk for a in rows[code].acting] == [a.pk for a in row["acting"]], code
        assert rows[code].vacancies == row["vacancies"], code
        assert rows[code].org_headcount == row["position"].headcount
    assert rows["PED"].vacancies == 0 and len(rows["PED"].holders) == 2
    assert rows["ART"].vacancies == 1 and len(rows["ART"].acting) == 1


def test_open_requests_count_against_the_plan(manager, hr, product_editor):
    open_request(manager, hr, "PED", 1)
    row = next(r for r in selectors.plan_rows(None) if r.position.code == "PED")
    assert row.open_requests == 1
    assert row.to_request == 0  # 2 planned = 1 holder + 1 being recruited


def test_a_version_goes_to_leadership_then_hr_and_is_approved(manager, leader, hr):
    year = timezone.localdate().year
    plan = services.plan_create(actor=manager, year=year, note="年度计划")
    ped = Position.objects.get(code="PED")
    services.plan_set_line(actor=manager, plan=plan, position=ped, planned=3)
    approval = services.plan_submit(actor=manager, plan=plan)
    assert [s.position.code for s in approval.steps.order_by("order")] == ["LEAD", "HR-ADM"]
    assert plan.status == "submitted"
    with pytest.raises(IllegalTransition):
        services.plan_set_line(actor=manager, plan=plan, position=ped, planned=4)
    with pytest.raises(IllegalTransition):
        services.plan_create(actor=manager, year=year)
    approval_approve(actor=leader, approval=approval)
    approval_approve(actor=hr, approval=Approval.objects.get(pk=approval.pk))
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert selectors.planned_headcount(ped, year) == 3
    # An amendment is a new version carrying the lines over.
    v2 = services.plan_create(actor=manager, year=year, note="追加")
    assert v2.version == 2
    assert v2.lines.get(position=ped).planned == 3
    assert StaffingPlan.objects.filter(year=year).count() == 2


def test_only_the_manager_draws_up_a_plan(chief_editor, hr):
    for user in (chief_editor, hr):
        with pytest.raises(NotAllowed):
            services.plan_create(actor=user, year=2027)


def test_vacancy_offers_request_recruitment_in_one_click(client, manager):
    client.force_login(manager)
    html = client.get("/backoffice/people/plan/").content.decode()
    assert "/backoffice/people/recruitment/new/?position=ART" in html  # ART is vacant
    form = client.get("/backoffice/people/recruitment/new/?position=ART").content.decode()
    assert 'value="ART" selected' in form
