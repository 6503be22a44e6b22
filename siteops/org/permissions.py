"""Permissions the organisation module gives each position (see siteops.core.grants)."""

# Every staff position (ours and other departments') may read the org chart and duties.
_READ = ["org.view_department", "org.view_position", "org.view_duty", "org.view_actingfallback"]
_STAFFING = [
    "org.view_positionassignment",
    "org.add_positionassignment",
    "org.change_positionassignment",
    "org.view_user",
    "org.add_user",
    "org.change_user",
]

_ALL = ["LEAD", "MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT",
        "PUR-MGR", "PUR-COL", "PUR-CAT", "WH-STK", "LOG-DSP", "CS-AGT", "SAL-PRJ", "HR-ADM"]  # fmt: skip

GRANTS: dict[str, list[str]] = {code: list(_READ) for code in _ALL}
# MGR-07: the manager staffs the department; HR & Administration (and leadership) staff anyone.
GRANTS["MGR"] += _STAFFING + [
    "org.manage_department_assignments",
    "org.change_duty",
    "org.add_duty",
    "org.change_position",
    "org.change_actingfallback",
    "org.add_actingfallback",
    "org.delete_actingfallback",
]
GRANTS["HR-ADM"] += _STAFFING + ["org.manage_all_assignments", "org.change_position"]
GRANTS["LEAD"] += _STAFFING + ["org.manage_all_assignments", "org.change_position"]
# Customer Service resets a locked-out customer's password (with a reason, logged, mailed).
GRANTS["CS-AGT"] += ["org.reset_customer_password", "org.view_accountevent"]
GRANTS["HR-ADM"] += ["org.view_accountevent"]
GRANTS["LEAD"] += ["org.view_accountevent"]
