"""The duties the vendors-and-testing area serves."""

from django.utils.translation import gettext_lazy as _

from siteops.core.duties import Screen, serves

NEEDS = Screen("admin:vendors_needs", "vendors.triage_need")
REQUIREMENTS = Screen("admin:vendors_requirement_changelist", "vendors.view_requirement")
DOCUMENTS = Screen("admin:vendors_technicaldocument_changelist", "vendors.view_technicaldocument")
PROJECTS = Screen("admin:vendors_vendorproject_changelist", "vendors.view_vendorproject")
MILESTONES = Screen("admin:vendors_milestone_changelist", "vendors.view_milestone")
PLANS = Screen("admin:vendors_testplan_changelist", "vendors.view_testplan")
CASES = Screen("admin:vendors_testcase_changelist", "vendors.view_testcase")
RUNS = Screen("admin:vendors_testrun_changelist", "vendors.view_testrun")
DEFECTS = Screen("admin:vendors_defect_changelist", "vendors.view_defect")
DEV = Screen("admin:vendors_devrequest_changelist", "vendors.view_devrequest")
REPORT = Screen(
    "admin:reports_dataset", "vendors.view_testrun", args=("test_report",), label=_("Test report")
)

serves("MGR-11", NEEDS, REQUIREMENTS, DOCUMENTS)
serves("MGR-12", PROJECTS, MILESTONES)
serves("MGR-13", PROJECTS, MILESTONES)
serves("MGR-14", PLANS, CASES, RUNS, DEFECTS, REPORT)
serves("MOD-01", DEV, REQUIREMENTS)
serves("MOD-02", DEV, REQUIREMENTS)
serves("MNT-01", DEV, DEFECTS)
serves("DEV-02", DEV, RUNS)
serves("DEV-03", DEV, DEFECTS)
