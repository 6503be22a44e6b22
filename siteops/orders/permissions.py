"""Who sees and moves orders (see siteops.core.grants).

- PRC (process editor) runs orders day to day: views them, confirms bank transfers, moves them.
- MGR (manager) the same, and sees costs.
- CE (chief editor) views orders (with costs, as the department's second in line).
- CS-AGT (Customer Service) views orders without costs; its updates come through #6's API.
- LOG-DSP (Logistics) views orders (what to ship) without costs.
"""

_VIEW = ["orders.view_order", "orders.view_orderline", "orders.view_orderevent"]

GRANTS: dict[str, list[str]] = {
    "PRC": _VIEW + ["orders.change_order_status", "orders.confirm_payment"],
    "MGR": _VIEW
    + ["orders.change_order_status", "orders.confirm_payment", "orders.view_order_cost"],
    "CE": _VIEW + ["orders.view_order_cost"],
    "LEAD": _VIEW + ["orders.view_order_cost"],
    "CS-AGT": list(_VIEW),
    "LOG-DSP": list(_VIEW),
}
