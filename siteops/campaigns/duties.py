"""Duties of campaigns and outreach: planning campaigns and offline events, the topic page's
design requests, partners, posts and tracked links, the promotion report."""

from siteops.core.duties import Screen, serves

BOARD = Screen("admin:campaigns_board", "campaigns.view_campaign")
CALENDAR = Screen("admin:campaigns_calendar", "campaigns.view_campaign")

serves(
    "ACT-01",
    BOARD,
    CALENDAR,
    Screen("admin:campaigns_campaign_changelist", "campaigns.view_campaign"),
)
serves("ACT-02", BOARD)  # approval hands the topic page to ART; the campaign page shows progress
serves("ACT-03", Screen("admin:campaigns_offlineevent_changelist", "campaigns.view_offlineevent"))
serves("PRM-01", Screen("admin:campaigns_partner_changelist", "campaigns.view_partner"),
       Screen("admin:campaigns_swap_changelist", "campaigns.view_swap"))  # fmt: skip
serves("PRM-02", Screen("admin:campaigns_post_changelist", "campaigns.view_post"),
       Screen("admin:campaigns_trackedlink_changelist", "campaigns.view_trackedlink"),
       Screen("admin:campaigns_promocode_changelist", "campaigns.view_promocode"))  # fmt: skip
serves("PRM-03", Screen("admin:reports_datasets", "campaigns.view_linkclickday"),
       Screen("admin:campaigns_unmapped", "campaigns.view_utmmapping"))  # fmt: skip
serves("PLN-02", BOARD)
serves("PLN-03", CALENDAR)
