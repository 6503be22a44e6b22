"""Permissions of the compliance area (see siteops.core.grants).

The manager keeps the licence register and its obligations (MGR-17/18) and the department's
policies and operations documents (MGR-09/10), which leadership approves (so the manager
has no publish permission: a version goes live only through the approval); leadership reads the register and the documents.
Policies are read and acknowledged by the positions they apply to (no permission needed: the
acknowledgement page lists what applies to the person's own positions).
"""

GRANTS: dict[str, list[str]] = {
    "MGR": [
        "compliance.view_licence",
        "compliance.add_licence",
        "compliance.change_licence",
        "compliance.view_filing",
        "compliance.view_evidence",
        "compliance.view_document",
        "compliance.add_document",
        "compliance.change_document",
        "compliance.view_psbfiling",
        "compliance.view_sitefooterlicence",
        "compliance.add_sitefooterlicence",
        "compliance.change_sitefooterlicence",
        "compliance.delete_sitefooterlicence",
    ],
    "LEAD": [
        "compliance.view_licence",
        "compliance.view_filing",
        "compliance.view_evidence",
        "compliance.view_document",
        "compliance.approve_document",
        "compliance.view_psbfiling",
        "compliance.view_sitefooterlicence",
    ],
}
