"""Duties of the people area: staffing and recruitment (MGR-07, CE/PLN/DEV-07); appraisals and
personnel requests (MGR-08, CE/PLN/DEV-08)."""

from siteops.core.duties import Screen, serves

PLAN = Screen("admin:people_plan_index", "people.view_staffingplan")
RECRUITMENT = Screen("admin:people_recruitment_list", "people.view_recruitmentrequest")

serves("MGR-07", PLAN, RECRUITMENT)
# The leads help HR recruit for their subordinate positions: the panel and its scorecards.
serves("CE-07", RECRUITMENT)
serves("PLN-07", RECRUITMENT)
serves("DEV-07", RECRUITMENT)

APPRAISALS = Screen("admin:people_appraisal_list", "people.view_appraisal")
PERSONNEL = Screen("admin:people_personnel_list", "people.view_personnelrequest")
for _code in ("MGR-08", "CE-08", "PLN-08", "DEV-08"):
    serves(_code, APPRAISALS, PERSONNEL)
