"""Permissions the approvals module gives each position (see siteops.core.grants).

Deciding an approval needs no permission: the people who decide are those resolve() gives
for the step's position at that moment. Seeing every approval, withdrawing anyone's and
editing the rules is the manager's (and leadership's) work.
"""

_OURS = ["MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT", "LEAD"]

GRANTS: dict[str, list[str]] = {code: ["approvals.view_approvalrule"] for code in _OURS}
for _code in ("MGR", "LEAD"):
    GRANTS[_code] += [
        "approvals.view_approval",
        "approvals.cancel_any_approval",
        "approvals.add_approvalrule",
        "approvals.change_approvalrule",
        "approvals.delete_approvalrule",
    ]
