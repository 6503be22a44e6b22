"""Permissions of the deadlines mechanism (see siteops.core.grants).

Everyone sees and settles the due dates of the positions whose work they do now (no permission
needed: ``resolve()`` decides). The manager (MGR-17/18 keep the company's licences and filings)
sees every due date, records outcomes for any, and keeps the kinds (with their lead times) and the
recurring obligations; company leadership sees them all.
"""

GRANTS: dict[str, list[str]] = {
    "MGR": [
        "deadlines.view_deadline",
        "deadlines.change_deadline",
        "deadlines.view_deadlinekind",
        "deadlines.add_deadlinekind",
        "deadlines.change_deadlinekind",
        "deadlines.view_obligation",
        "deadlines.add_obligation",
        "deadlines.change_obligation",
        "deadlines.delete_obligation",
    ],
    "LEAD": ["deadlines.view_deadline", "deadlines.view_obligation", "deadlines.view_deadlinekind"],
}
