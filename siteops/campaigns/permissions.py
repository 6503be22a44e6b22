"""Permissions campaigns give each position (see siteops.core.grants).

ACT-01…03: the activity planner makes campaigns, their plans, budgets and offline events.
PRM-01…03: promotion keeps partners, swaps, channels, posts and tracked links, and reads the
campaigns. PLN and MGR read everything (they decide the plan through the approvals) and the
manager may commit money; ART, CPY, MNT and PED read the campaigns whose work they receive.
"""

_READ = [
    "campaigns.view_campaign", "campaigns.view_campaignevent", "campaigns.view_plan",
    "campaigns.view_plantask", "campaigns.view_budgetline", "campaigns.view_offlineevent",
    "campaigns.view_overbudgetrequest", "campaigns.view_rostershift", "campaigns.view_eventsummary",
]  # fmt: skip
_OUTREACH_READ = [
    "campaigns.view_partner", "campaigns.view_swap", "campaigns.view_source",
    "campaigns.view_post", "campaigns.view_trackedlink", "campaigns.view_linkclickday",
    "campaigns.view_postmetric", "campaigns.view_linkcheck", "campaigns.view_utmmapping",
]  # fmt: skip
_ACT = [
    *_READ,
    "campaigns.add_campaign", "campaigns.change_campaign",
    "campaigns.add_plan", "campaigns.change_plan",
    "campaigns.add_budgetline", "campaigns.change_budgetline", "campaigns.commit_budget",
    "campaigns.add_offlineevent", "campaigns.change_offlineevent",
    "campaigns.view_registration", "campaigns.add_registration",
    "campaigns.check_in_registration", "campaigns.view_registrationimport",
    "campaigns.view_trackedlink", "campaigns.add_trackedlink", "campaigns.view_source",
    "campaigns.view_linkclickday", "campaigns.view_utmmapping",
    "campaigns.view_promocode", "campaigns.add_promocode", "campaigns.change_promocode",
]  # fmt: skip
_PRM = [
    *_READ, *_OUTREACH_READ,
    "campaigns.add_partner", "campaigns.change_partner",
    "campaigns.add_swap", "campaigns.change_swap",
    "campaigns.add_source", "campaigns.change_source",
    "campaigns.add_post", "campaigns.change_post",
    "campaigns.view_postmetric", "campaigns.add_postmetric",
    "campaigns.view_linkcheck", "campaigns.add_linkcheck",
    "campaigns.add_utmmapping", "campaigns.change_utmmapping",
    "campaigns.view_promocode", "campaigns.add_promocode", "campaigns.change_promocode",
    "campaigns.add_trackedlink", "campaigns.change_trackedlink",
]  # fmt: skip
_LEADS = [
    *_READ, *_OUTREACH_READ, "campaigns.view_registration", "campaigns.view_registrationimport",
    "campaigns.approve_post",
]  # fmt: skip

# The campaign page shows its topic page's publication state through content's selector, which
# shows pages to those who may view them: promotion and the planning lead read pages too.
_PAGES = ["content.view_page"]

GRANTS: dict[str, list[str]] = {
    "ACT": _ACT,  # content already lets the planner write topic pages
    "PRM": [*_PRM, *_PAGES],
    "PLN": [*_LEADS, *_PAGES],
    "MGR": [*_LEADS, "campaigns.commit_budget", "campaigns.change_campaign"],
    "LEAD": ["campaigns.view_campaign", "campaigns.view_linkclickday"],
    "ART": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "CPY": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "MNT": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
    "PED": ["campaigns.view_campaign", "campaigns.view_plan", "campaigns.view_plantask"],
}
