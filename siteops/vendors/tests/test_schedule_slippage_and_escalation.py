import time_machine

from siteops.deadlines.models import Deadline
from siteops.vendors import selectors, services
from siteops.vendors.tests.conftest import days
from siteops.work.models import WorkItem


def _milestone(manager, project, code="M1", planned=10):
    return services.milestone_create(
        actor=manager, project=project, code=code, title="联调", deliverable="接口",
        planned_date=days(planned),
    )  # fmt: skip


def test_slippage_is_against_the_chosen_baseline(manager, project):
    m = _milestone(manager, project)
    contract = services.baseline_take(actor=manager, project=project, name="合同基线")
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(13), reason="接口延迟")
    replan = services.baseline_take(actor=manager, project=project, name="重排基线")
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(15), reason="人手不足")
    project.refresh_from_db()
    assert project.reference_baseline == contract  # the first baseline is the reference
    by_contract = selectors.milestones_with_slip(project, contract)[0]
    by_replan = selectors.milestones_with_slip(project, replan)[0]
    assert (by_contract.slip, by_replan.slip) == (5, 2)
    assert [(d.days, d.reason) for d in m.delays.order_by("at", "pk")] == [
        (3, "接口延迟"), (2, "人手不足"),
    ]  # fmt: skip


def test_the_due_date_follows_the_forecast(manager, project):
    m = _milestone(manager, project)
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(12), reason="延期")
    deadline = Deadline.objects.get(subject_id=str(m.pk), kind__code="vendor_milestone")
    assert deadline.due_date == days(12)


def test_a_slip_beyond_the_threshold_escalates_once_not_once_a_day(manager, project):
    m = _milestone(manager, project)
    services.baseline_take(actor=manager, project=project, name="合同基线")
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(14), reason="小延期")
    assert not WorkItem.objects.filter(subject_id=str(m.pk), position__code="MGR").exists()
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(16), reason="再延期")
    services.milestone_forecast(actor=manager, milestone=m, new_date=days(20), reason="又延期")
    for n in range(17, 25):  # the daily job, day after day, while the slip keeps growing
        with time_machine.travel(days(n)):
            services.escalate_slips(days(n))
    items = WorkItem.objects.filter(subject_id=str(m.pk), position__code="MGR")
    assert items.count() == 1
    assert "M1" in items.get().title


def test_time_passing_alone_escalates_an_undelivered_milestone(manager, project):
    m = _milestone(manager, project, planned=2)
    services.baseline_take(actor=manager, project=project, name="合同基线")
    assert services.escalate_slips(days(5)) == 0  # 3 days late: within the threshold
    assert services.escalate_slips(days(8)) == 1  # 6 days late
    assert services.escalate_slips(days(9)) == 0
    assert WorkItem.objects.filter(subject_id=str(m.pk)).count() == 1
