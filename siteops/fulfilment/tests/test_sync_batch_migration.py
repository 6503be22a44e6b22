"""The sync-batch field renames (siteops.core.syncs) keep every existing row's values.

Rows are written with the models as they were before the migrations (catalog 0003, fulfilment
0001), then the migrations run forward and the values are read under the new names.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalog", "0003_syncrow_lean_indexes"), ("fulfilment", "0001_initial")]
AFTER = [
    ("catalog", "0005_syncbatch_shared_fields"),
    ("fulfilment", "0003_syncbatch_shared_fields"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = _migrate(BEFORE)
    yield apps
    _migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_rows_from_before_the_migration_keep_their_values(old_apps):
    User = old_apps.get_model("org", "User")
    ApiClient = old_apps.get_model("org", "ApiClient")
    Position = old_apps.get_model("org", "Position")
    user = User.objects.create(username="wh-old", password="!")
    position = Position.objects.get(code="PUR-COL")
    client = ApiClient.objects.create(name="ERP", position=position,
                                      department_id=position.department_id,
                                      token_prefix="mig-test", token_hash="0" * 64)  # fmt: skip

    CBatch = old_apps.get_model("catalog", "SyncBatch")
    CRow = old_apps.get_model("catalog", "SyncRow")
    by_person = CBatch.objects.create(
        source="warehouse", channel="file", status="applied", created_by=user,
        position="WH-STK", filename="库存.xlsx", rows_total=2, rows_applied=1, rows_error=1,
    )  # fmt: skip
    by_system = CBatch.objects.create(source="purchasing", channel="api", client=client,
                                      position="PUR-COL", rows_total=1)  # fmt: skip
    CRow.objects.create(batch=by_person, line=1, op="stock_set", key="SKU-1", old_value="5",
                        new_value="9", status="applied")  # fmt: skip
    CRow.objects.create(batch=by_person, line=2, op="stock_set", key="SKU-2", new_value="x",
                        status="error", error="“x” is not a whole number.")  # fmt: skip

    FBatch = old_apps.get_model("fulfilment", "SyncBatch")
    FRow = old_apps.get_model("fulfilment", "SyncRow")
    preview = FBatch.objects.create(source="logistics", filename="物流.csv", uploaded_by=user,
                                    row_count=2, error_count=1)  # fmt: skip
    applied = FBatch.objects.create(source="customer_service", status="applied",
                                    filename="客服.xlsx", uploaded_by=user, row_count=3)  # fmt: skip
    FRow.objects.create(sync=preview, line=2, data={"order_number": "SO1"}, order_number="SO1",
                        current_status="batched", new_status="shipped")  # fmt: skip
    FRow.objects.create(sync=preview, line=3, order_number="NOPE", error="There is no order NOPE.")
    FRow.objects.create(sync=applied, line=2, order_number="SO2", current_status="paid",
                        new_status="cancelled", outcome="applied")  # fmt: skip
    FRow.objects.create(sync=applied, line=3, order_number="SO3", outcome="refused",
                        error="不能取消")  # fmt: skip
    FRow.objects.create(sync=applied, line=4, order_number="SO4", outcome="duplicate")

    new = _migrate(AFTER)
    CBatch = new.get_model("catalog", "SyncBatch")
    b = CBatch.objects.get(pk=by_person.pk)
    assert (b.kind, b.actor_id, b.position_code, b.source, b.filename, b.rows_total,
            b.rows_applied, b.rows_error) == ("warehouse", user.pk, "WH-STK", "staff", "库存.xlsx",
                                              2, 1, 1)  # fmt: skip
    s = CBatch.objects.get(pk=by_system.pk)
    assert (s.kind, s.client_id, s.position_code, s.source) == ("purchasing", client.pk,
                                                                "PUR-COL", "client")  # fmt: skip
    rows = new.get_model("catalog", "SyncRow").objects.filter(batch=b).order_by("line")
    assert [(r.key, r.old_value, r.new_value, r.status, r.error) for r in rows] == [
        ("SKU-1", "5", "9", "applied", ""), ("SKU-2", "", "x", "error", "“x” is not a whole number.")
    ]  # fmt: skip

    FBatch = new.get_model("fulfilment", "SyncBatch")
    p = FBatch.objects.get(pk=preview.pk)
    assert (p.kind, p.actor_id, p.rows_total, p.rows_error, p.status, p.channel, p.source) == (
        "logistics", user.pk, 2, 1, "preview", "file", "staff"
    )  # fmt: skip
    a = FBatch.objects.get(pk=applied.pk)
    assert (a.kind, a.rows_total, a.rows_applied, a.rows_error) == ("customer_service", 3, 1, 1)
    FRow = new.get_model("fulfilment", "SyncRow")
    assert [(r.line, r.key, r.old_value, r.new_value, r.status, r.error)
            for r in FRow.objects.filter(batch_id__in=[p.pk, a.pk]).order_by("batch_id", "line")] == [
        (2, "SO1", "batched", "shipped", "pending", ""),
        (3, "NOPE", "", "", "error", "There is no order NOPE."),
        (2, "SO2", "paid", "cancelled", "applied", ""),
        (3, "SO3", "", "", "error", "不能取消"),
        (4, "SO4", "", "", "duplicate", ""),
    ]  # fmt: skip
    assert FRow.objects.get(batch_id=p.pk, line=2).data == {"order_number": "SO1"}
