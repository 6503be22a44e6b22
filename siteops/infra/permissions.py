"""Permissions of IT and hosting (see siteops.core.grants).

The manager plans, buys and keeps the equipment, the office systems and the hosting environment
(MGR-15/16/19). The maintainer (网站维护) and the programming lead look after the site's
availability: they see the monitors, checks, incidents and maintenance windows, record an
incident's cause and plan maintenance windows; they see the asset register without costs
being theirs to change. Leadership reads everything.
"""

_HOSTING = ["provider", "contract", "domain", "certificate", "drift", "site", "keywordregistration"]
_OPS = ["monitor", "check", "incident", "maintenancewindow"]
_SELECTION = ["providerselection", "selectioncriterion", "selectioncandidate"]

GRANTS: dict[str, list[str]] = {
    "MGR": [
        "infra.view_asset", "infra.add_asset", "infra.change_asset",
        "infra.view_procurementplan", "infra.add_procurementplan", "infra.change_procurementplan",
        # The quoted options are edited inline on the plan (without these the inline is hidden).
        "infra.view_procurementoption", "infra.add_procurementoption",
        "infra.change_procurementoption", "infra.delete_procurementoption",
        "infra.view_maintenance", "infra.add_maintenance",
        "infra.view_equipmentloan", "infra.add_equipmentloan", "infra.change_equipmentloan",
        "infra.view_installation", "infra.add_installation", "infra.change_installation",
        "infra.view_networkline", "infra.add_networkline", "infra.change_networkline",
        "infra.view_officesystem", "infra.add_officesystem", "infra.change_officesystem",
        # Provider selections: criteria and candidates are edited inline while a draft.
        *[f"infra.{a}_{m}" for m in _SELECTION for a in ("view", "add", "change", "delete")],
        *[f"infra.{a}_{m}" for m in _HOSTING for a in ("view", "add", "change")],
        *[f"infra.{a}_{m}" for m in _OPS for a in ("view", "add", "change")],
    ],
    "MNT": [
        "infra.view_asset", "infra.view_maintenance", "infra.add_maintenance",
        "infra.view_installation", "infra.add_installation", "infra.view_networkline",
        *[f"infra.view_{m}" for m in _HOSTING],
        *[f"infra.view_{m}" for m in _OPS],
        "infra.change_incident", "infra.add_check", "infra.add_maintenancewindow", "infra.change_maintenancewindow",
    ],
    "DEV": [
        "infra.view_asset",
        *[f"infra.view_{m}" for m in _OPS],
        "infra.change_incident",
    ],
    "LEAD": [
        "infra.view_asset", "infra.view_equipmentloan", "infra.view_installation", "infra.view_networkline", "infra.view_procurementplan", "infra.view_maintenance",
        "infra.view_procurementoption", "infra.view_officesystem", *[f"infra.view_{m}" for m in _HOSTING + _OPS + _SELECTION],
    ],
    # HR runs the separation hand-over: it sees what a leaver still has (not the costs).
    "HR-ADM": ["infra.view_equipmentloan"],
}  # fmt: skip
