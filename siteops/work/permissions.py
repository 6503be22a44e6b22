"""Permissions the work module gives each position (see siteops.core.grants).

Every position of ours has the workbench (no permission needed) and sees the department's work;
leads and the manager see their team's board; the manager reviews other departments' requests;
other departments file requests and follow their own department's.
"""

_OURS = ["MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT"]
_LEADS = ["LEAD", "MGR", "CE", "PLN", "DEV"]
_OTHERS = ["PUR-MGR", "PUR-COL", "PUR-CAT", "WH-STK", "LOG-DSP", "CS-AGT", "SAL-PRJ", "HR-ADM"]

_STAFF = [
    "work.view_workitem",
    "work.add_workitem",
    "work.view_workevent",
    "work.view_dutyschedule",
    "work.view_escalationrule",
]

GRANTS: dict[str, list[str]] = {code: list(_STAFF) for code in _OURS + ["LEAD"]}
for _code in _LEADS:
    GRANTS[_code] += ["work.view_team", "work.split_workitem"]
# MGR-03 / MGR-22: the manager reviews other departments' requests and sets the supervision rules
# and the recurring duty schedules.
GRANTS["MGR"] += [
    "work.review_external",
    "work.add_dutyschedule",
    "work.change_dutyschedule",
    "work.delete_dutyschedule",
    "work.add_escalationrule",
    "work.change_escalationrule",
    "work.delete_escalationrule",
]
# Explicit sight of every (non-confidential) item, beyond the reporting line: the manager and
# leadership. Nobody gets confidential items by permission by default (their line sees them).
GRANTS["MGR"] += ["work.view_all_workitems"]
GRANTS["LEAD"] += ["work.view_all_workitems"]
# Company leadership may also review (it covers a vacant manager) and see every team.
GRANTS["LEAD"] += ["work.review_external"]
for _code in _OTHERS:
    GRANTS[_code] = ["work.add_request"]
