"""Kinds and statuses of the licence register, its filings and the department's documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceKind(models.TextChoices):
    ICP_FILING = "icp_filing", _("ICP filing (ICP备案)")
    ICP_LICENCE = "icp_licence", _("ICP licence (ICP证, B25)")
    PSB_FILING = "psb_filing", _("Public security filing (公安备案)")
    TRUSTED_SITE = "trusted_site", _("Trusted website (可信网站)")
    BUSINESS_MARK = "business_mark", _("Business-licence display mark (formerly 红盾315)")
    HIGH_TECH = "high_tech", _("High-tech enterprise")
    OTHER = "other", _("Other qualification")


class LicenceStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    GRANTED = "granted", _("Granted")
    CHANGE_PENDING = "change_pending", _("Change pending")
    RENEWAL_DUE = "renewal_due", _("Renewal due")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {
            "granted": "success", "change_pending": "warning", "renewal_due": "warning",
            "expired": "danger", "cancelled": "neutral",
        }.get(self.value, "info")  # fmt: skip


# The one table of allowed licence status changes (services.licence_transition checks it).
LICENCE_TRANSITIONS: dict[str, set[str]] = {
    "preparing": {"submitted", "cancelled"},
    "submitted": {"under_review", "granted", "preparing", "cancelled"},
    "under_review": {"granted", "preparing", "cancelled"},
    "granted": {"change_pending", "renewal_due", "expired", "cancelled"},
    "change_pending": {"under_review", "granted", "expired", "cancelled"},
    "renewal_due": {"submitted", "under_review", "granted", "expired", "cancelled"},
    "expired": {"preparing"},
    "cancelled": set(),
}
# A licence in these states is held: its obligations run and the shop shows its number.
HELD = ("granted", "change_pending", "renewal_due")


class StatsFrequency(models.TextChoices):
    NONE = "", _("None")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class FilingKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual report")
    RENEWAL = "renewal", _("Renewal")
    ANNUAL_CHECK = "annual_check", _("Annual check")
    STATS_REPORT = "stats_report", _("Statistical report")
    REAPPLICATION = "reapplication", _("Re-application")


class FilingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    CLOSED = "closed", _("Closed")

    @property
    def badge(self) -> str:
        return {"open": "warning", "submitted": "info", "closed": "success"}[self.value]


FILING_TRANSITIONS: dict[str, set[str]] = {
    "open": {"submitted"},
    "submitted": {"closed", "open"},
    "closed": set(),
}


class FilingOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PsbStatus(models.TextChoices):
    """A website's 公安备案 filing with the public security filing system."""

    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")

    @property
    def badge(self) -> str:
        return {"submitted": "info", "accepted": "success", "rejected": "danger"}.get(
            self.value, "warning"
        )


# The one table of a 公安备案 filing's steps (psb.psb_* services check it): a rejected filing is
# corrected and submitted again; an accepted one is final.
PSB_TRANSITIONS: dict[str, set[str]] = {
    "preparing": {"submitted"},
    "submitted": {"accepted", "rejected"},
    "rejected": {"submitted"},
    "accepted": set(),
}


class LicenceEventKind(models.TextChoices):
    CREATED = "created", _("Registered")
    CHANGED = "changed", _("Details changed")
    STATUS = "status", _("Status changed")
    FILING_OPENED = "filing_opened", _("Obligation opened")
    FILING_SUBMITTED = "filing_submitted", _("Submission recorded")
    FILING_CLOSED = "filing_closed", _("Outcome recorded")
    EVIDENCE = "evidence", _("Evidence added")


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Department policy")
    OPERATIONS = "operations", _("Operations document")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    EFFECTIVE = "effective", _("Effective")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    SUPERSEDED = "superseded", _("Superseded")

    @property
    def badge(self) -> str:
        return {
            "effective": "success", "needs_review": "danger", "in_review": "warning",
            "approved": "info", "superseded": "neutral",
        }.get(self.value, "neutral")  # fmt: skip


DOCUMENT_TRANSITIONS: dict[str, set[str]] = {
    "draft": {"in_review"},
    "in_review": {"approved", "draft"},
    "approved": {"effective", "draft"},
    "effective": {"needs_review", "in_review", "superseded"},
    "needs_review": {"in_review", "superseded"},
    "superseded": set(),
}
