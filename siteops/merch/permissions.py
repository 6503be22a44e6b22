"""Permissions merchandising gives each position (see siteops.core.grants).

PED-04/05: the product editor keeps shelves and ads; the chief editor and the manager supervise
and stand in (CE-09, MGR-20). ART-02: the art editor makes the requested ads' images — and so
may whoever stands in for a vacant art editor (PED-09, CE-09, MGR-20). Purchasing submits
shelf-display plans and sees its own department's. The click report (PRC-07's roll-up) is read
by the process editor who produces it, the editors who keep shelves and ads, and leadership.
"""

_EDIT = [
    "merch.view_adposition", "merch.add_adposition", "merch.change_adposition",
    "merch.view_ad", "merch.add_ad", "merch.change_ad", "merch.delete_ad",
    "merch.view_shelf", "merch.add_shelf", "merch.change_shelf", "merch.delete_shelf",
    "merch.view_shelfslot", "merch.add_shelfslot", "merch.change_shelfslot",
    "merch.delete_shelfslot",
    "merch.view_shelfplan", "merch.view_shelfplanitem", "merch.view_adrequest",
    "merch.view_all_shelfplans", "merch.carry_out_shelfplan", "merch.upload_ad_image",
    "merch.view_clickday",
]  # fmt: skip
_ART = [
    "merch.view_adposition", "merch.view_adrequest", "merch.view_shelfplan",
    "merch.view_all_shelfplans", "merch.upload_ad_image",
]  # fmt: skip
_PURCHASING = [
    "merch.view_shelfplan", "merch.add_shelfplan", "merch.change_shelfplan",
    "merch.view_shelfplanitem", "merch.add_shelfplanitem", "merch.change_shelfplanitem",
    "merch.delete_shelfplanitem",
    "merch.view_adrequest", "merch.add_adrequest", "merch.change_adrequest",
    "merch.delete_adrequest",
    "merch.submit_shelfplan",
]  # fmt: skip

GRANTS: dict[str, list[str]] = {
    "PED": _EDIT,
    "CE": _EDIT,
    "MGR": _EDIT,
    "ART": _ART,
    "PUR-MGR": _PURCHASING,
    "PUR-COL": _PURCHASING,
    "PRC": ["merch.view_clickday"],
    "LEAD": ["merch.view_clickday"],
}
