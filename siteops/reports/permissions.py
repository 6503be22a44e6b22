"""Who produces and reads reports (PRC-04/07/08): the process editor, and the manager and chief
editor who supervise (and stand in); company leadership reads the archive."""

_RUN = ["reports.*"]

GRANTS: dict[str, list[str]] = {
    "PRC": _RUN,
    "MGR": _RUN,
    "CE": _RUN,
    "LEAD": ["reports.view_reportrun", "reports.view_reportdefinition"],
}
