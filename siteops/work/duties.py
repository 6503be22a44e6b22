"""Duties served by the work screens: coordination, splitting, review, escalation, cover, "other work".

These duties are generic by nature (the document gives every lead the same nine), so they point at
the workbench views that serve them.
"""

from django.utils.translation import gettext_lazy as _

from siteops.core.duties import Screen, serves

WORKBENCH = Screen("admin:work_workbench")
TEAM = Screen("admin:work_team_board", "work.view_team")
NEW_ITEM = Screen("admin:work_workbench", label=_("New work item for the team (workbench)"))
REVIEW = Screen("admin:work_review_queue", "work.review_external")
ITEMS = Screen("admin:work_workitem_changelist", "work.view_workitem")
ESCALATION = Screen("admin:work_escalationrule_changelist", "work.view_escalationrule")
SCHEDULES = Screen("admin:work_dutyschedule_changelist", "work.view_dutyschedule")
ORG = Screen("admin:org_chart", "org.view_position", label=_("Vacant positions to cover"))
API_REQUEST = Screen("api-v1:create_request", kind="api")

for lead in ("MGR", "CE", "PLN", "DEV"):
    serves(f"{lead}-01", TEAM, WORKBENCH, generic=True)
    serves(f"{lead}-02", NEW_ITEM, TEAM, generic=True)
    serves(f"{lead}-04", ITEMS, TEAM, generic=True)
    serves(f"{lead}-05", TEAM, ESCALATION, generic=True)
    serves(f"{lead}-06", ITEMS, ESCALATION, generic=True)

# MGR-03: other departments' tasks come through the manager's review queue (and the API);
# CE/PLN/DEV-03 split them *after* the manager reviewed them.
serves("MGR-03", REVIEW, NEW_ITEM, API_REQUEST, generic=True)
for lead in ("CE", "PLN", "DEV"):
    serves(f"{lead}-03", NEW_ITEM, TEAM, generic=True)
    # Stand in for vacant subordinate positions: the workbench shows the vacant position's work.
    serves(f"{lead}-09", WORKBENCH, ORG, generic=True)
serves("MGR-20", WORKBENCH, ORG, generic=True)
serves("MGR-22", WORKBENCH, SCHEDULES, generic=True)
serves("CE-10", WORKBENCH, generic=True)
for code in ("PED-10", "ART-05", "CPY-06", "PRC-09", "PRM-04", "MOD-03", "MNT-03"):
    serves(code, WORKBENCH, ITEMS, generic=True)
