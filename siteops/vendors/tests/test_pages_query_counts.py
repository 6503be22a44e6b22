"""The run page, the project page and the lists cost the same number of queries at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from siteops.vendors import services
from siteops.vendors.tests.conftest import days


def _grow(manager, project, plan, baselined, n, tag):
    cases = [
        services.case_create(
            actor=manager,
            plan=plan,
            title=f"{tag}{i}",
            steps="s",
            expected="e",
            requirements=[baselined[i % 2]],
        )  # fmt: skip
        for i in range(n)
    ]
    services.milestone_create(
        actor=manager, project=project, code=f"M{tag}", title="t", deliverable="d",
        planned_date=days(n), requirements=baselined,
    )  # fmt: skip
    run = services.run_create(actor=manager, plan=plan, name=f"run{tag}")
    for e in run.executions.all():
        services.execution_record(actor=manager, execution=e, status="failed")
        services.defect_from_execution(actor=manager, execution=e)
    return run, cases


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_same_queries_at_two_sizes(client, manager, project, plan, baselined):
    client.force_login(manager)
    services.baseline_take(actor=manager, project=project, name="b0")
    small_run, _ = _grow(manager, project, plan, baselined, 2, "a")
    urls = lambda run: [  # noqa: E731
        reverse("admin:vendors_run", args=[run.pk]),
        reverse("admin:vendors_project", args=[project.pk]),
        reverse("admin:vendors_defect_changelist"),
        reverse("admin:vendors_testcase_changelist"),
        reverse("admin:vendors_requirement_changelist"),
    ]
    small = [_count(client, u) for u in urls(small_run)]
    big_run, _ = _grow(manager, project, plan, baselined, 12, "b")
    big = [_count(client, u) for u in urls(big_run)]
    assert small == big


def test_run_page_for_a_tester_resolves_each_position_once(client, manager, maintainer, plan, case):
    client.force_login(maintainer)
    run1 = services.run_create(actor=manager, plan=plan, name="r1", position="MNT")
    small = _count(client, reverse("admin:vendors_run", args=[run1.pk]))
    for i in range(8):
        services.case_create(actor=manager, plan=plan, title=f"x{i}", steps="s", expected="e")
    run2 = services.run_create(actor=manager, plan=plan, name="r2", position="MNT")
    assert run2.executions.count() == 9
    assert _count(client, reverse("admin:vendors_run", args=[run2.pk])) == small
    body = client.get(reverse("admin:vendors_run", args=[run2.pk])).content.decode()
    assert body.count('value="record"') == 9  # the maintainer may record each one
