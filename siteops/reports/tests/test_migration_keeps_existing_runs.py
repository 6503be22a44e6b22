"""The registry's migration keeps every existing definition and run: they become reports of the
``orders`` dataset (what they always were), with their figures and parameters unchanged."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_definitions_and_runs_from_before_become_order_reports():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Definition = old.get_model("reports", "ReportDefinition")
    Run = old.get_model("reports", "ReportRun")
    d = Definition.objects.create(code="weekly-orders", name="每周订单统计", period_kind="week",
                                  dimensions=["day", "region"])  # fmt: skip
    Run.objects.create(
        definition=d, period_kind="week", period_start=datetime.date(2026, 11, 16),
        period_end=datetime.date(2026, 11, 22), trigger="schedule", html="<p>40</p>",
        xlsx="reports/2026/11/weekly-orders-20261116-20261122.xlsx",
        figures={"totals": {"orders": 40}}, parameters={"dimensions": ["day", "region"]},
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from siteops.reports.models import ReportDefinition, ReportRun

    definition = ReportDefinition.objects.get(code="weekly-orders")
    assert (definition.dataset, definition.filters) == ("orders", {})
    assert definition.dimensions == ["day", "region"]
    definition.full_clean()  # still a valid report of a registered dataset
    run = ReportRun.objects.get(definition=definition)
    assert run.dataset == "orders" and run.figures == {"totals": {"orders": 40}}
    assert run.xlsx.name == "reports/2026/11/weekly-orders-20261116-20261122.xlsx"
