from django.db import models
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    BASIC = "basic", _("Basic document")
    PROCESS = "process", _("Business-process document")
    PROMO = "promo", _("Promotional document")
    STATIC = "static", _("Static page")
    TOPIC = "topic", _("Topic page")
    REGION = "region", _("Shop region (header, footer, home, category banner)")


class ShopRegion(models.TextChoices):
    """The shop's own regions that are editable content (ART-03); the address of a region page
    is its code (a category's own banner: ``category-banner-<category address>``)."""

    HEADER = "shop-header", _("Shop header")
    FOOTER = "shop-footer", _("Shop footer")
    HOME = "shop-home", _("Home page blocks")
    CATEGORY = "category-banner", _("Category-page banner")


def is_region_slug(slug: str) -> bool:
    return slug in ShopRegion.values or slug.startswith(ShopRegion.CATEGORY + "-")


#: documents the shop shows under /help/ (footer and help centre); topic pages live at /t/<slug>/
HELP_KINDS = (PageKind.BASIC, PageKind.PROCESS, PageKind.PROMO, PageKind.STATIC)


class PageStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")

    @property
    def badge(self) -> str:
        return {
            "draft": "info",
            "in_review": "warning",
            "approved": "success",
            "scheduled": "warning",
            "published": "success",
            "unpublished": "danger",
        }[self.value]


class FooterGroup(models.TextChoices):
    SHOPPING = "shopping", _("Shopping guide")
    SERVICE = "service", _("Customer service")
    COMPANY = "company", _("About the company")


class PageAction(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved a revision")
    SUBMITTED = "submitted", _("Submitted for review")
    WITHDRAWN = "withdrawn", _("Withdrawn from review")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    UNSCHEDULED = "unscheduled", _("Schedule cancelled")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class DesignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PROOFING = "proofing", _("Proofs in review")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {"open": "info", "proofing": "warning", "done": "success", "cancelled": "danger"}[
            self.value
        ]


class RoundKind(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    FINAL = "final", _("Final")


class RoundDecision(models.TextChoices):
    PENDING = "pending", _("Awaiting feedback")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Being assembled")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Not published (an item failed)")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        return {"draft": "info", "scheduled": "warning", "published": "success",
                "failed": "danger", "cancelled": "danger"}[self.value]  # fmt: skip


class ReleaseItemKind(models.TextChoices):
    PAGE = "page", _("Document or page")
    SLOGAN = "slogan", _("Slogan or ad copy")
    AD = "ad", _("Ad")
