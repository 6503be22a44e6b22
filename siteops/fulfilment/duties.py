"""Duties of the order flow: the pool, delivery batches and the status syncs (PRC-01…03)."""

from siteops.core.duties import Screen, serves

serves(
    "PRC-01",
    Screen("admin:fulfilment_pool", "fulfilment.create_batch"),
    Screen("admin:fulfilment_deliverybatch_changelist", "fulfilment.view_deliverybatch"),
)
serves(
    "PRC-02",
    Screen("admin:fulfilment_sync_list", "fulfilment.add_shipmentevent"),
    Screen("admin:fulfilment_shipmentevent_changelist", "fulfilment.view_shipmentevent"),
    Screen("api-v1:post_shipment_events", kind="api"),
)
serves(
    "PRC-03",
    Screen("admin:fulfilment_service_update", "fulfilment.add_serviceupdate"),
    Screen("api-v1:post_service_updates", kind="api"),
)
