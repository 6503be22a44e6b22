"""The HR dataset equals plain counts of the org and the people area."""

import datetime

import pytest
from django.utils import timezone

from siteops.org.selectors import org_chart
from siteops.people import services
from siteops.people.reports import compute

from .factories import cycle, open_request

pytestmark = pytest.mark.django_db


def test_hr_dataset_matches_the_org_chart_and_the_requests(staff):
    open_request(staff["manager"], staff["hr"], "ART")
    cycle(staff["manager"])
    req = open_request(staff["manager"], staff["hr"], "PED", 1)
    services.recruitment_move(actor=staff["hr"], request=req, action="fill")
    today = timezone.localdate()
    result = compute(today - datetime.timedelta(days=30), today, ["position"], {})
    rows = {r.key: r.values for r in result.breakdowns["position"]}
    chart = {row["position"].code: row for d in org_chart(today) for row in d["rows"]
             if d["department"].kind == "own"}  # fmt: skip
    for code, row in chart.items():
        assert rows[code]["holders"] == len(row["holders"]), code
        assert rows[code]["vacancies"] == row["vacancies"], code
    assert rows["ART"]["opened"] == 1 and rows["PED"]["filled"] == 1
    assert result.totals.values["appraisals"] == 10
    assert result.totals.values["appraisals_done"] == 0
    assert result.totals.values["vacancies"] == sum(r["vacancies"] for r in chart.values())


def test_lateness_per_phase_confirmations_and_leavers_match_plain_counts(staff):
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve
    from siteops.deadlines.models import Deadline
    from siteops.org.models import PositionAssignment
    from siteops.people import appraisals, personnel

    today = timezone.localdate()
    c = cycle(staff["manager"])
    # Two self reviews were due a week ago: one is still open (late), one done today (late);
    # the rest are due next week (not late).
    selfs = list(Deadline.objects.filter(kind__code="people_appraisal_self").order_by("pk"))
    Deadline.objects.filter(pk__in=[selfs[0].pk, selfs[1].pk]).update(
        due_date=today - datetime.timedelta(days=7)
    )
    pe = c.appraisals.get(appraisee=staff["product_editor"])
    Deadline.objects.filter(subject_id=str(pe.pk), kind__code="people_appraisal_self").update(
        due_date=today - datetime.timedelta(days=7)
    )
    appraisals.appraisal_self_review(actor=staff["product_editor"], appraisal=pe,
                                     scores={s.kpi_id: 4 for s in pe.scores.all()})  # fmt: skip
    cpy = PositionAssignment.objects.get(user=staff["copy_editor"], position__code="CPY")
    req = personnel.personnel_file(actor=staff["chief_editor"], kind="dismiss", assignment=cpy,
                                   effective_date=today, reason="离职")  # fmt: skip
    for who in (staff["manager"], staff["hr"], staff["leader"]):
        approval_approve(actor=who, approval=Approval.objects.get(object_id=req.pk,
                         kind="people.personnel_change"))  # fmt: skip
    personnel.personnel_changes_apply(today=today)

    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)
    result = compute(start, end, ["position", "phase"], {})
    late = [
        d for d in Deadline.objects.filter(kind__code__startswith="people_appraisal_")
        if start <= d.due_date <= end
        and ((d.status == "done" and timezone.localdate(d.done_at) > d.due_date)
             or (d.status == "open" and d.due_date < end))
    ]  # fmt: skip
    assert result.totals.values["appraisals_late"] == len(late) >= 2
    phases = {r.key: r.values for r in result.breakdowns["phase"]}
    assert phases["self"]["appraisals_late"] == len(
        [d for d in late if d.kind.code == "people_appraisal_self"]
    )
    assert phases["self"]["appraisals"] == 10 and phases["self"]["appraisals_done"] == 1
    rows = {r.key: r.values for r in result.breakdowns["position"]}
    assert rows["CPY"]["leavers"] == 1 and result.totals.values["leavers"] == 1
    assert result.totals.values["confirmed"] == 0
