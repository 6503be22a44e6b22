"""Permissions campaigns give each position (see siteops.core.grants).

ACT-01…03: the activity planner makes campaigns, their plans, budgets and offline events.
PRM-01…03: promotion keeps partners, swaps, channels, posts and tracked links, and reads the
campaigns. PLN and MGR read everything (they decide the plan through the approvals) and the
manager may commit money; ART, CPY, MNT and PED read the campaigns whose work they receive.
"""

_READ = [
    "campaigns.view_campaign", "campaigns.view_campaignevent", "campaigns.view_plan",
    "campaigns.view_plantask", "campaigns.view_budgetline", "campaigns.view_offlineevent",
]  # fmt: skip
_OUTREACH_READ = [
    "campaigns.view_partner", "campaigns.view_swap", "campaigns.view_source",
    "campaigns.view_post", "campaigns.view_trackedlink", "campaigns.view_linkclickday",
]  # fmt: skip
_ACT = [
    *_READ,
    "campaigns.add_campaign", "campaigns.change_campaign",
    "campaigns.add_plan", "campaigns.change_plan",
    "campaigns.add_budgetline", "campaigns.change_budgetline", "campaigns.commit_budget",
    "campaigns.add_offlineevent", "campaigns.change_offlineevent",
    "campaigns.view_registration", "campaigns.add_registration",
    "campaigns.view_trackedlink", "campaigns.add_trackedlink", "campaigns.view_source",
    "campaigns.view_linkclickday",
]  # fmt: skip
_PRM = [
    *_READ, *_OUTREACH_READ,
    "campaigns.add_partner", "campaigns.change_partner",
    "campaigns.add_swap", "campaigns.change_swap",
    "campaigns.add_source", "campaigns.change_source",
    "campaigns.add_post", "campaigns.change_post",
    "campaigns.add_trackedlink", "campaigns.change_trackedlink",
]  # fmt: skip
_LEADS = [
    *_READ, *_OUTREACH_READ, "campaigns.view_registration", "campaigns.approve_post",
]  # fmt: skip

GRANTS: dict[str, list[str]] = {
    "ACT": _ACT,
    "PRM": _PRM,
    "PLN": _LEADS,
    "MGR": [*_LEADS, "campaigns.commit_budget", "campaigns.change_campaign"],
    "LEAD": ["campaigns.view_campaign", "campaigns.view_linkclickday"],
    "ART": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "CPY": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "MNT": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "PED": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
}
