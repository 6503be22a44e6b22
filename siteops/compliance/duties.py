"""Duties the compliance area serves: licences and filings (MGR-17), certifications (MGR-18),
department policies (MGR-09) and operations documents (MGR-10)."""

from siteops.core.duties import Screen, serves

CALENDAR = Screen("admin:compliance_calendar", "compliance.view_licence")
REGISTER = Screen("admin:compliance_licence_changelist", "compliance.view_licence")
DOCUMENTS = Screen("admin:compliance_document_changelist", "compliance.view_document")

IMPACT = Screen("admin:compliance_impact", "compliance.view_licence")
YEARLY = Screen("admin:compliance_yearly", "compliance.view_licence")

PSB = Screen("admin:compliance_psbfiling_changelist", "compliance.view_psbfiling")
FOOTERS = Screen(
    "admin:compliance_sitefooterlicence_changelist", "compliance.view_sitefooterlicence"
)

serves("MGR-17", CALENDAR, REGISTER, PSB, FOOTERS, IMPACT, YEARLY)
serves("MGR-18", CALENDAR, REGISTER)
serves("MGR-09", DOCUMENTS)
serves("MGR-10", DOCUMENTS)
