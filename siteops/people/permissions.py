"""Permissions the people area gives each position (see siteops.core.grants).

Which rows a permission shows is decided by the selectors from the org (a lead sees the
requests for their subordinate positions only); the permissions only open the screens.
"""

_LEADS = ["CE", "PLN", "DEV"]

GRANTS: dict[str, list[str]] = {
    # MGR-07: the manager draws up the staffing plan and requests recruitment.
    "MGR": [
        "people.view_staffingplan",
        "people.manage_staffingplan",
        "people.view_recruitmentrequest",
        "people.add_recruitmentrequest",
        "people.view_candidate",
        "people.add_interview",
    ],
    # HR & Administration runs recruitment; leadership and HR approve the plan.
    "HR-ADM": [
        "people.view_staffingplan",
        "people.view_recruitmentrequest",
        "people.decide_recruitmentrequest",
        "people.view_candidate",
        "people.add_candidate",
        "people.change_candidate",
        "people.add_interview",
    ],
    "LEAD": ["people.view_staffingplan", "people.view_recruitmentrequest"],
}
# CE/PLN/DEV-07: the leads help recruit for their subordinate positions (panel, scorecards).
for _code in _LEADS:
    GRANTS[_code] = [
        "people.view_recruitmentrequest",
        "people.view_candidate",
        "people.add_interview",
    ]

# MGR-08, CE/PLN/DEV-08: appraisals and personnel requests. Every member of the department is
# appraised (sees their own); the selectors show a reviewer exactly their subordinates.
_WEB = ["MGR", "CE", "PLN", "DEV", "PED", "ART", "CPY", "PRC", "ACT", "PRM", "MOD", "MNT"]
for _code in _WEB:
    GRANTS.setdefault(_code, []).append("people.view_appraisal")
for _code in ["MGR", *_LEADS]:
    GRANTS[_code] += [
        "people.add_personnelrequest",
        "people.view_personnelrequest",
        "people.view_probation",
    ]
GRANTS["MGR"] += [
    "people.view_appraisalcycle",
    "people.manage_appraisalcycle",
    "people.change_probation",
]
GRANTS["HR-ADM"] += [
    "people.view_appraisal",
    "people.view_all_appraisals",
    "people.view_appraisalcycle",
    "people.view_personnelrequest",
    "people.view_all_personnelrequests",
    "people.view_probation",
    "people.change_probation",
]
# A dismissal's hand-over checklist: HR and the person's line tick the items off.
for _code in ["MGR", *_LEADS, "HR-ADM"]:
    GRANTS[_code].append("people.tick_handoveritem")
GRANTS["LEAD"] += [
    # Leadership is at the top of every line: it sees the appraisals below it (the ones attached
    # to the personnel requests it approves, among them).
    "people.view_appraisal",
    "people.view_personnelrequest",
    "people.view_all_personnelrequests",
    "people.view_probation",
]
