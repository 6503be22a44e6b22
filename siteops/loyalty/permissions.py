"""Who works with points (see siteops.core.grants).

- PRC (process editor, PRC-05/06) sets up projects, members and rules, generates, submits and
  issues batches, sees the statistics. CE and MGR supervise with the same rights (they also
  decide audits through siteops.approvals).
- SAL-PRJ (Website Sales) asks for projects, sees them, their members and the statistics; LEAD
  sees projects and statistics (it approves the setup).
- Points claims (topic pages' claim blocks, MNT-02): whoever sees the points sees who claimed
  and how many remain; the maintainer, who configures the block, sees the claims too.
- No position may change or delete ledger entries: the ledger has no change/delete grant at all.
"""

_SEE = [
    "loyalty.view_project",
    "loyalty.view_member",
    "loyalty.view_ruleversion",
    "loyalty.view_batch",
    "loyalty.view_award",
    "loyalty.view_ledgerentry",
    "loyalty.view_statistics",
    "loyalty.view_claimpool",
    "loyalty.view_claim",
]
_RUN = [
    *_SEE,
    "loyalty.adjust_points",
    "loyalty.view_adjustment",
    "loyalty.view_balancecheck",
    "loyalty.setup_project",
    "loyalty.generate_batch",
    "loyalty.view_projectevent",
]

GRANTS: dict[str, list[str]] = {
    "PRC": _RUN,
    "CE": _RUN,
    "MGR": _RUN,
    "SAL-PRJ": [
        "loyalty.request_project",
        "loyalty.view_project",
        "loyalty.view_member",
        "loyalty.view_ruleversion",
        "loyalty.view_batch",
        "loyalty.view_statistics",
    ],
    "LEAD": ["loyalty.view_project", "loyalty.view_batch", "loyalty.view_statistics"],
    "MNT": ["loyalty.view_claimpool", "loyalty.view_claim"],
}
