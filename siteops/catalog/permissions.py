"""Permissions the catalogue gives each position (see siteops.core.grants).

- Only the product editor (PED), chief editor (CE) and manager (MGR) — or whoever acts for them —
  may publish/delist (``catalog.publish_product``); only the manager restores deleted products.
- Purchasing's collection clerk (PUR-COL) submits products and sends price/status/category syncs;
  it sees only its own submissions. Warehouse (WH-STK) can only send stock.
- MGR-21: category planning (PUR-CAT) is vacant; the manager edits the category tree.
- Cost (``catalog.view_cost``) is for the editors, the manager and Purchasing (who supplies it),
  never for Warehouse, Logistics or Customer Service.
"""

_READ = ["catalog.view_product", "catalog.view_sku", "catalog.view_category", "catalog.view_brand",
         "catalog.view_tag"]  # fmt: skip

_EDITOR = _READ + [
    "catalog.add_product", "catalog.change_product", "catalog.publish_product",
    "catalog.export_product", "catalog.view_cost",
    "catalog.add_sku", "catalog.change_sku",
    "catalog.view_productimage", "catalog.add_productimage", "catalog.change_productimage",
    "catalog.delete_productimage",
    "catalog.add_brand", "catalog.change_brand",
    "catalog.add_tag", "catalog.change_tag", "catalog.delete_tag",
    "catalog.view_pricehistory", "catalog.view_productevent",
    "catalog.view_scheduledaction", "catalog.add_scheduledaction",
    "catalog.change_scheduledaction",
    "catalog.view_submission", "catalog.change_submission", "catalog.review_submission",
    "catalog.view_all_submissions", "catalog.view_submissionround",
    "catalog.view_syncbatch", "catalog.view_syncrow", "catalog.review_syncrow",
]  # fmt: skip

_CATEGORY_PLANNING = ["catalog.add_category", "catalog.change_category"]

_PURCHASING = _READ + [
    "catalog.view_cost",
    "catalog.view_submission", "catalog.add_submission", "catalog.change_submission",
    "catalog.view_submissionround",
    "catalog.view_syncbatch", "catalog.add_syncbatch", "catalog.view_syncrow",
    "catalog.send_purchasing_sync",
]  # fmt: skip

GRANTS: dict[str, list[str]] = {
    "PED": list(_EDITOR),
    "CE": list(_EDITOR),
    "MGR": _EDITOR + _CATEGORY_PLANNING + ["catalog.restore_product"],
    "LEAD": list(_READ),
    "PUR-COL": list(_PURCHASING),
    "PUR-MGR": list(_PURCHASING),
    "PUR-CAT": _READ + _CATEGORY_PLANNING,
    "WH-STK": _READ + [
        "catalog.view_syncbatch", "catalog.add_syncbatch", "catalog.view_syncrow",
        "catalog.send_stock_sync",
    ],
    "LOG-DSP": list(_READ),
    "CS-AGT": list(_READ),
}  # fmt: skip
