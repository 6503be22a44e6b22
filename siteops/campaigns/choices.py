"""Kinds and stages of campaigns, budget categories, channels and UTM media."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    ONLINE_TOPIC = "online_topic", _("Online topic")
    OFFLINE_EVENT = "offline_event", _("Offline event")
    PROMOTION = "promotion", _("Promotion")
    PARTNER_SWAP = "partner_swap", _("Partner swap")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    PREPARING = "preparing", _("Preparing")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")
    REVIEWED = "reviewed", _("Reviewed")


# The one transition table: action -> (allowed from, to). "approve" is done by the plan's
# approval (siteops.approvals), never by a button; "propose" by submitting the plan.
STAGE_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "propose": (frozenset({Stage.IDEA}), Stage.PROPOSED),
    "approve": (frozenset({Stage.PROPOSED}), Stage.APPROVED),
    "return": (frozenset({Stage.PROPOSED}), Stage.IDEA),
    "prepare": (frozenset({Stage.APPROVED}), Stage.PREPARING),
    "launch": (frozenset({Stage.PREPARING}), Stage.RUNNING),
    "close": (frozenset({Stage.RUNNING}), Stage.CLOSED),
    "review": (frozenset({Stage.CLOSED}), Stage.REVIEWED),
}
#: actions a person starts with a button on the campaign page
MANUAL_ACTIONS = ("prepare", "launch", "close", "review")
#: stages in which a campaign occupies its dates (for collision warnings)
ACTIVE_STAGES = (Stage.PROPOSED, Stage.APPROVED, Stage.PREPARING, Stage.RUNNING)


class BudgetCategory(models.TextChoices):
    MEDIA = "media", _("Media")
    PRIZES = "prizes", _("Prizes")
    VENUE = "venue", _("Venue")
    PRINTING = "printing", _("Printing")
    PARTNER_FEES = "partner_fees", _("Partner fees")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the manager")
    APPROVED = "approved", _("Approved and committed")
    REJECTED = "rejected", _("Rejected")


class PartnerStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class SwapStatus(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Ended")


class LinkState(models.TextChoices):
    """Whether our link was found on the partner's page at the last check."""

    UNCHECKED = "unchecked", _("Not checked yet")
    LIVE = "live", _("Live")
    LOST = "lost", _("Lost")


class RegistrationVia(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    SHOP = "shop", _("On the topic page")
    CLIENT = "client", _("Another system")


class EventRole(models.TextChoices):
    """What a person on an offline event's roster does there."""

    LEAD = "lead", _("Event lead")
    HOST = "host", _("Host")
    CHECK_IN = "check_in", _("Check-in desk")
    SUPPLIES = "supplies", _("Supplies and set-up")
    PHOTOS = "photos", _("Photos")
    SUPPORT = "support", _("Support")


class ImportKind(models.TextChoices):
    """Who sent a registration list (one kind: staff uploading a file)."""

    STAFF = "staff", _("Staff list")


class ChannelKind(models.TextChoices):
    BBS = "bbs", _("BBS forum")
    BLOG = "blog", _("Blog")
    SOCIAL = "social", _("Social network")
    PARTNER = "partner", _("Partner site")


class PostKind(models.TextChoices):
    POST = "post", _("Post")
    SPONSORED = "sponsored", _("Sponsored article")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    POSTED = "posted", _("Posted")


POST_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({PostStatus.DRAFT}), PostStatus.APPROVED),
    "post": (frozenset({PostStatus.APPROVED}), PostStatus.POSTED),
}


class UtmDimension(models.TextChoices):
    CAMPAIGN = "campaign", _("UTM campaign")
    SOURCE = "source", _("UTM source")
    MEDIUM = "medium", _("UTM medium")


class Medium(models.TextChoices):
    """The fixed list of UTM media (no free text, so no "BBS" / "bbs " duplicates)."""

    BBS = "bbs", _("BBS forum")
    BLOG = "blog", _("Blog")
    SOCIAL = "social", _("Social network")
    PARTNER = "partner", _("Partner site")
    EMAIL = "email", _("Email")
    PRINT = "print", _("Print / QR")
    CPC = "cpc", _("Paid search")


# The work each position receives when a plan is approved (ACT-02: the topic page to ART).
PLAN_TASKS: tuple[tuple[str, str], ...] = (
    ("ART", _("Design the topic page for %(campaign)s")),
    ("CPY", _("Write the copy for %(campaign)s")),
    ("MNT", _("Program support for %(campaign)s")),
    ("PED", _("Shelf and ad changes for %(campaign)s")),
)


class CampaignAction(models.TextChoices):
    """What a campaign's timeline row records."""

    CREATED = "created", _("Created")
    CHANGED = "changed", _("Details changed")
    PLAN_SAVED = "plan_saved", _("Plan saved")
    PROPOSE = "propose", _("Plan sent for approval")
    APPROVE = "approve", _("Plan approved")
    RETURN = "return", _("Plan returned")
    PREPARE = "prepare", _("Preparation started")
    LAUNCH = "launch", _("Launched")
    CLOSE = "close", _("Closed")
    REVIEW = "review", _("Reviewed")
    BUDGET_LINE = "budget_line", _("Budget line added")
    COMMITTED = "committed", _("Money committed")
    OVER_BUDGET = "over_budget", _("Over-budget commitment asked for")
    SPENT = "spent", _("Money spent")
    POST_APPROVE = "post_approve", _("Post approved")
    POST_POST = "post_post", _("Post published")
    LINK = "link", _("Tracked link created")
