"""Duties of the points area: set up points projects, generate, audit and issue points (PRC-05);
the periodic project statistics (PRC-06); the points claims of topic pages (MNT-02)."""

from siteops.core.duties import Screen, serves

serves(
    "PRC-05",
    Screen("admin:loyalty_project_changelist", "loyalty.view_project"),
    Screen("admin:loyalty_batch_changelist", "loyalty.view_batch"),
    Screen("admin:loyalty_ledgerentry_changelist", "loyalty.view_ledgerentry"),
    Screen("admin:approvals_approval_list"),
    Screen("api-v1:create_project_request", kind="api"),
    Screen("api-v1:upload_members", kind="api", args=("CODE",)),
    Screen("admin:loyalty_adjustment_changelist", "loyalty.view_adjustment"),
    Screen("api-v1:request_adjustment", kind="api", args=("CODE",)),
)
serves(
    "PRC-06",
    Screen("admin:reports_datasets", "loyalty.view_statistics"),
    Screen("api-v1:project_statistics", kind="api", args=("CODE",)),
)
# MNT-02 (program support for topic pages): the points claim block (siteops.campaigns.blocks)
# gives points through loyalty's claims; its claims and what remains of each are seen here.
serves(
    "MNT-02",
    Screen("admin:loyalty_claimpool_changelist", "loyalty.view_claimpool"),
    Screen("admin:loyalty_claim_changelist", "loyalty.view_claim"),
)
