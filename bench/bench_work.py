"""Work between positions: the workbench and the team views with 100 and with 100k work items.

Query counts must be equal at both sizes (the runner checks); page speed is a ratio to the
minimal view served by the same gunicorn under the same load.
"""

from __future__ import annotations

from bench import HttpBenchmark, bulk_create_chunks, dataset

OURS = ["MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT"]
STATUSES = ["open", "in_progress", "done", "done", "done", "waiting", "escalated", "returned",
            "submitted", "cancelled"]  # fmt: skip


@dataset("work_items", full=100_000, small=100, version="1")
def make_work_items(n, rng):
    """n items over our positions: most closed, the rest spread over every active status."""
    import datetime

    from siteops.org.models import Department, Position
    from siteops.work.models import WorkItem

    positions = list(Position.objects.filter(code__in=OURS))
    others = list(Position.objects.filter(department__kind="other"))
    pur = Department.objects.get(code="PUR")
    day0 = datetime.date(2026, 1, 5)

    def rows():
        for i in range(n):
            status = rng.choice(STATUSES)
            external = status == "submitted" or rng.random() < 0.1
            yield WorkItem(
                title=f"工作事项 {i}",
                kind="request" if external else "task",
                source="other_department" if external else rng.choice(["manager", "lead"]),
                status=status,
                priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                position=rng.choice(positions),
                waiting_on=rng.choice(others) if status == "waiting" else None,
                requester_department=pur if external else None,
                due=day0 + datetime.timedelta(days=rng.randint(-200, 400)),
            )

    bulk_create_chunks(WorkItem, rows())


def register(suite):
    suite.add(
        HttpBenchmark(
            name="work.workbench",
            path="/backoffice/work/",
            login="CE",
            needs=["work_items"],
            goal=">= 0.01",
            p95_ms=1000,
            note="the chief editor's workbench (my items, overdue, this week, team) vs minimal view",
        ),
        HttpBenchmark(
            name="work.team_board",
            path="/backoffice/work/team/",
            login="MGR",
            needs=["work_items"],
            goal=">= 0.01",
            p95_ms=1000,
            note="the manager's team load and kanban board vs minimal view",
        ),
        HttpBenchmark(
            name="work.item_list",
            path="/backoffice/work/workitem/",
            login="MGR",
            needs=["work_items"],
            goal=">= 0.01",
            p95_ms=1000,
            note="the work item list (no full count) vs minimal view",
        ),
    )
