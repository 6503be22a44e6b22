"""Who runs order operations (see siteops.core.grants).

- PRC (process editor, PRC-01/02/03) runs the pool, batches, status files; MGR and CE supervise
  and stand in, with the same rights (acting holders get them through their assignment).
- LOG-DSP (Logistics) sees batches, downloads pick lists, acknowledges, posts shipment events.
- CS-AGT (Customer Service) posts its updates only.
Neither Logistics nor Customer Service gets a cost permission anywhere in this app.
"""

_RUN = ["fulfilment.*"]

GRANTS: dict[str, list[str]] = {
    "PRC": _RUN,
    "MGR": _RUN,
    "CE": _RUN,
    "LOG-DSP": [
        "fulfilment.view_deliverybatch",
        "fulfilment.acknowledge_deliverybatch",
        "fulfilment.add_shipmentevent",
        "fulfilment.view_shipmentevent",
    ],
    "CS-AGT": ["fulfilment.add_serviceupdate", "fulfilment.view_serviceupdate"],
}
