"""Campaigns (活动) with their plan (策划案), budget, offline events, partners, posts and
tracked links."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core import syncs
from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event
from siteops.core.revisions import Revisioned

from .choices import (
    BudgetCategory,
    CampaignAction,
    CampaignKind,
    ChannelKind,
    EventRole,
    ImportKind,
    LinkState,
    Medium,
    PartnerStatus,
    PostKind,
    PostStatus,
    RegistrationVia,
    RequestStatus,
    Stage,
    SwapStatus,
    UtmDimension,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


def validate_code(value: str) -> None:
    if not CODE_RE.match(value or ""):
        raise ValidationError(
            _("Use 2–40 lower-case letters, digits and hyphens, starting with a letter or digit.")
        )


def validate_site_path(value: str) -> None:
    """Only a path on this site: "/topic/spring/" — never another host, scheme or "//"."""
    if (
        not value
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(c.isspace() or ord(c) < 32 for c in value)
    ):
        raise ValidationError(
            _("Enter a path on this site that starts with “/”, e.g. /topic/spring/.")
        )


class Campaign(models.Model):
    """An online topic, offline event, promotion or partner swap, from idea to review."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[validate_code],
        help_text=_("Used as the UTM campaign of its tracked links, e.g. spring-sale-2026."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=CampaignKind.choices)
    objective = models.TextField(_("objective"), blank=True)
    target_visits = models.PositiveIntegerField(_("target visits"), default=0)
    target_orders = models.PositiveIntegerField(_("target orders"), default=0)
    target_gmv = models.DecimalField(
        _("target GMV"), **MONEY, default=Decimal("0"), validators=NON_NEGATIVE
    )
    target_signups = models.PositiveIntegerField(_("target sign-ups"), default=0)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    owner_position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner position"),
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    approved_budget = models.DecimalField(
        _("approved budget"), **MONEY, default=Decimal("0"), editable=False
    )
    topic_url = models.CharField(
        _("topic page"),
        max_length=300,
        blank=True,
        validators=[validate_site_path],
        help_text=_("The topic page's path on the site once it exists, e.g. /topic/spring/."),
    )
    shelf = models.ForeignKey(
        "merch.Shelf",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shelf used"),
    )
    ad_position = models.ForeignKey(
        "merch.AdPosition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ad position used"),
    )
    review = models.TextField(_("review (KPI actual vs target, lessons)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="campaigns_campaign_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class CampaignEvent(Event):
    """One thing that happened to a campaign: created, a stage change, a budget commitment …"""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="events", verbose_name=_("campaign")
    )
    action = models.CharField(_("action"), max_length=20, choices=CampaignAction.choices)
    from_stage = models.CharField(_("from stage"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=12, choices=Stage.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")


class Plan(Revisioned, models.Model):
    """The campaign's plan (策划案): approved by the planning lead (and the manager above the
    budget threshold) before money is committed."""

    revision_fields = ("title", "body", "budget")

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="plan", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("plan text"), blank=True)
    budget = models.DecimalField(
        _("budget asked for"), **MONEY, default=Decimal("0"), validators=NON_NEGATIVE
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """The work item one position received when the plan was approved (one per position)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("campaign plan")
    )
    position_code = models.CharField(_("position"), max_length=16)
    work_item = models.ForeignKey(
        "work.WorkItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("work item")
    )
    # The art editor's task is a design request of the content app (its brief, proof rounds and
    # final asset live there; the work item is about that request and closes with it).
    design_request = models.ForeignKey(
        "content.DesignRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("design request"),
    )

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position_code"], name="campaigns_one_task_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.position_code}"


class BudgetLine(models.Model):
    """A line of a campaign's budget: planned, committed and actually spent."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("campaign")
    )
    category = models.CharField(_("category"), max_length=16, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    planned = models.DecimalField(
        _("planned"), **MONEY, default=Decimal("0"), validators=NON_NEGATIVE
    )
    committed = models.DecimalField(_("committed"), **MONEY, default=Decimal("0"), editable=False)
    actual = models.DecimalField(_("actual"), **MONEY, default=Decimal("0"), editable=False)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        permissions = [("commit_budget", _("Can commit and record campaign spending"))]
        ordering = ["campaign", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(actual__gte=0),
                name="campaigns_budget_non_negative",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def variance(self) -> Decimal:
        return self.planned - self.actual


class OverBudgetRequest(models.Model):
    """A commitment that would pass the approved budget, waiting for the manager's approval."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="over_budget_requests",
        verbose_name=_("budget line"),
    )
    amount = models.DecimalField(_("amount"), **MONEY, validators=NON_NEGATIVE)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        editable=False,
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_position_code = models.CharField(_("as position"), max_length=16, blank=True)
    requested_acting = models.BooleanField(_("acting"), default=False)

    class Meta:
        verbose_name = _("over-budget commitment")
        verbose_name_plural = _("over-budget commitments")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status="pending"),
                name="campaigns_one_pending_over_budget_per_line",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="campaigns_over_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} +{self.amount}"


class OfflineEvent(models.Model):
    """An offline event of a campaign (ACT-03): where, when, how many, what to bring."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="offline_events",
        verbose_name=_("campaign"),
    )
    title = models.CharField(_("title"), max_length=120)
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"))
    registered = models.PositiveIntegerField(_("registered"), default=0, editable=False)
    checklist = models.TextField(
        _("checklist"), blank=True, help_text=_("One item a line; “[x] ” in front when done.")
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    is_public = models.BooleanField(
        _("open to the public"),
        default=True,
        help_text=_("Shown on the topic page and to other systems; customers register there."),
    )
    budget = models.DecimalField(
        _("event budget"),
        **MONEY,
        default=Decimal("0"),
        validators=NON_NEGATIVE,
        help_text=_("What the event may cost (venue, printing, prizes); the summary compares."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("offline event")
        verbose_name_plural = _("offline events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered__lte=models.F("capacity")),
                name="campaigns_event_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="campaigns_event_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be before the start.")})

    @property
    def checklist_items(self) -> list[tuple[bool, str]]:
        out = []
        for line in self.checklist.splitlines():
            line = line.strip()
            if line:
                done = line.lower().startswith("[x]")
                out.append((done, line[3:].strip() if done else line.removeprefix("[ ]").strip()))
        return out


class Registration(models.Model):
    """One person registered for an offline event."""

    event = models.ForeignKey(
        OfflineEvent,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("offline event"),
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=32)
    code = models.CharField(
        _("check-in code"),
        max_length=16,
        unique=True,
        editable=False,
        help_text=_("What the registration's QR code holds; shown at the door."),
    )
    via = models.CharField(
        _("registered through"),
        max_length=12,
        choices=RegistrationVia.choices,
        default=RegistrationVia.STAFF,
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shop customer"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [("check_in_registration", _("Can check people in at an event"))]
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "phone"], name="campaigns_one_registration")
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationImport(syncs.SyncBatch):
    """A registration list staff uploaded for an event (XLSX/CSV): previewed, applied once."""

    kind = models.CharField(
        _("from"), max_length=20, choices=ImportKind.choices, default=ImportKind.STAFF
    )
    event = models.ForeignKey(
        OfflineEvent,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("offline event"),
    )

    class Meta(syncs.SyncBatch.Meta):
        verbose_name = _("registration list")
        verbose_name_plural = _("registration lists")

    def __str__(self) -> str:
        return self.filename or str(self.pk)


class RegistrationImportRow(syncs.SyncRow):
    """One line of an uploaded registration list: the person, and what became of them.

    ``key`` is the phone number, ``new_value`` the name."""

    batch = models.ForeignKey(
        RegistrationImport,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("registration list"),
    )
    key = models.CharField(_("phone"), max_length=64, blank=True)

    class Meta(syncs.SyncRow.Meta):
        verbose_name = _("registration list row")
        verbose_name_plural = _("registration list rows")
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="campaigns_import_line_once")
        ]


class RosterShift(models.Model):
    """Who works an offline event: a position (and the person, once named), the role, the shift."""

    event = models.ForeignKey(
        OfflineEvent, on_delete=models.CASCADE, related_name="roster", verbose_name=_("event")
    )
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=EventRole.choices)
    starts_at = models.DateTimeField(_("shift starts"))
    ends_at = models.DateTimeField(_("shift ends"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("roster shift")
        verbose_name_plural = _("event roster")
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="campaigns_shift_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_role_display()}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The shift must end after it starts.")})


class EventSummary(models.Model):
    """The post-event summary (ACT-03) that closes an offline event: attendance from the
    check-ins, the cost against the event's budget, notes."""

    event = models.OneToOneField(
        OfflineEvent, on_delete=models.CASCADE, related_name="summary", verbose_name=_("event")
    )
    registered = models.PositiveIntegerField(_("registered"))
    attended = models.PositiveIntegerField(_("attended (checked in)"))
    budget = models.DecimalField(_("event budget"), **MONEY)
    actual_cost = models.DecimalField(_("actual cost"), **MONEY, validators=NON_NEGATIVE)
    notes = models.TextField(_("notes and lessons"), max_length=4000)
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_position_code = models.CharField(_("as position"), max_length=32, blank=True)
    closed_acting = models.BooleanField(_("as acting holder"), default=False)

    class Meta:
        verbose_name = _("event summary")
        verbose_name_plural = _("event summaries")
        ordering = ["-closed_at", "pk"]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def variance(self) -> Decimal:
        return self.actual_cost - self.budget

    @property
    def attendance_rate(self) -> Decimal | None:
        if not self.registered:
            return None
        return (Decimal(self.attended) * 100 / Decimal(self.registered)).quantize(Decimal("0.1"))


class EventPhoto(models.Model):
    """A photo from an offline event (staff-only media), for its summary."""

    event = models.ForeignKey(
        OfflineEvent, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = models.ImageField(_("photo"), upload_to="campaigns/events/")
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.pk)


class Partner(models.Model):
    """A partner site (PRM-01): who, how to reach them, what we swap."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    site_url = models.URLField(_("site"), max_length=300)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    we_give = models.TextField(_("what we give"), blank=True)
    we_get = models.TextField(_("what we get"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PartnerStatus.choices, default=PartnerStatus.PROSPECT
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Swap(models.Model):
    """A promotion swap with a partner: our link on their page, theirs on ours."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="swaps", verbose_name=_("partner")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="swaps",
        verbose_name=_("campaign"),
    )
    their_page = models.URLField(_("their page with our link"), max_length=300)
    our_page = models.CharField(
        _("our page with their link"), max_length=300, blank=True, validators=[validate_site_path]
    )
    our_link = models.URLField(
        _("our link as it should appear"),
        max_length=300,
        blank=True,
        help_text=_("The address on their page the weekly check looks for."),
    )
    anchor_text = models.CharField(_("anchor text"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SwapStatus.choices, default=SwapStatus.AGREED
    )
    link_state = models.CharField(
        _("our link"),
        max_length=10,
        choices=LinkState.choices,
        default=LinkState.UNCHECKED,
        editable=False,
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_seen_at = models.DateTimeField(
        _("our link last seen"), null=True, blank=True, editable=False
    )
    lost_work_item = models.ForeignKey(
        "work.WorkItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("work item for the lost link"),
    )

    class Meta:
        verbose_name = _("promotion swap")
        verbose_name_plural = _("promotion swaps")
        ordering = ["-start", "pk"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.start}"


class LinkCheck(Event):
    """One check of a partner page for our link: found or not, by the weekly job or another
    system."""

    swap = models.ForeignKey(
        Swap, on_delete=models.CASCADE, related_name="checks", verbose_name=_("promotion swap")
    )
    found = models.BooleanField(_("our link found"))
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")


class Source(models.Model):
    """A UTM source from the controlled list (a channel or a partner) — never free text."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(_("channel"), max_length=12, choices=ChannelKind.choices)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("partner"),
    )

    class Meta:
        verbose_name = _("UTM source")
        verbose_name_plural = _("UTM sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A post or sponsored article (软文) on a BBS, blog or social network (PRM-02)."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="posts", verbose_name=_("channel")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"), max_length=300, blank=True)
    posted_on = models.DateField(_("date"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), **MONEY, default=Decimal("0"), validators=NON_NEGATIVE)
    status = models.CharField(
        _("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [("approve_post", _("Can approve posts"))]
        ordering = ["-posted_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.status == PostStatus.POSTED and not (self.url and self.posted_on):
            raise ValidationError(_("A posted article needs its URL and date."))


class PostMetric(Event):
    """A snapshot of a post's figures (views, replies, likes), entered by hand or imported."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="metrics", verbose_name=_("post")
    )
    measured_at = models.DateTimeField(_("measured"))
    views = models.PositiveIntegerField(_("views"), default=0)
    replies = models.PositiveIntegerField(_("replies"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)

    class Meta(Event.Meta):
        verbose_name = _("post figures")
        verbose_name_plural = _("post figures")


class TrackedLink(models.Model):
    """A short link /go/c/<code>/ to a page of the site with the campaign's UTM parameters."""

    code = models.CharField(_("short code"), max_length=40, unique=True, validators=[validate_code])
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="links", verbose_name=_("campaign")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="links", verbose_name=_("source")
    )
    medium = models.CharField(_("medium"), max_length=12, choices=Medium.choices)
    target = models.CharField(_("page"), max_length=300, validators=[validate_site_path])
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="links",
        verbose_name=_("post"),
    )
    # No running total: a click is one upsert on its day's row (LinkClickDay); totals are sums.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.code


PROMO_CODE_RE = re.compile(r"^[A-Z0-9]{4,16}$")


def validate_promo_code(value: str) -> None:
    if not PROMO_CODE_RE.match(value or ""):
        raise ValidationError(_("Use 4–16 capital letters and digits, e.g. SPRING26."))


class PromoCode(models.Model):
    """A code printed on a flyer or given to a partner site where a link cannot carry UTM
    parameters: typed on the shop (/code/), it records the campaign, source and medium on the
    visit like a short link, and the code itself as the order's referral. No discount."""

    code = models.CharField(
        _("promo code"), max_length=16, unique=True, validators=[validate_promo_code]
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="promo_codes", verbose_name=_("campaign")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="promo_codes", verbose_name=_("source")
    )
    medium = models.CharField(
        _("medium"), max_length=12, choices=Medium.choices, default=Medium.PRINT
    )
    target = models.CharField(
        _("page"), max_length=300, default="/", validators=[validate_site_path]
    )
    uses = models.PositiveIntegerField(_("times entered"), default=0, editable=False)

    class Meta:
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class LinkClickDay(models.Model):
    """Clicks of one tracked link on one day (what the reports read)."""

    link = models.ForeignKey(
        TrackedLink, on_delete=models.CASCADE, related_name="days", verbose_name=_("link")
    )
    day = models.DateField(_("day"))
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("clicks per day")
        verbose_name_plural = _("clicks per day")
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="campaigns_one_click_row_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.link} · {self.day}"


class UtmMapping(models.Model):
    """A UTM value that arrived on the shop but is not in the controlled lists, mapped to the
    campaign, source or medium it meant ("Tianya " → tianya). Reports apply it to every order,
    past ones too; it never creates a campaign."""

    dimension = models.CharField(_("UTM field"), max_length=12, choices=UtmDimension.choices)
    value = models.CharField(_("value as it arrived"), max_length=100)
    maps_to = models.CharField(
        _("means"), max_length=40, help_text=_("The code of the campaign or source, or the medium.")
    )
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("UTM mapping")
        verbose_name_plural = _("UTM mappings")
        ordering = ["dimension", "value"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="campaigns_one_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.maps_to}"

    def clean(self):
        known = {
            UtmDimension.CAMPAIGN: lambda v: Campaign.objects.filter(code=v).exists(),
            UtmDimension.SOURCE: lambda v: Source.objects.filter(code=v).exists(),
            UtmDimension.MEDIUM: lambda v: v in Medium.values,
        }
        if self.dimension in known and not known[self.dimension](self.maps_to):
            raise ValidationError({"maps_to": _("Not in the list of this UTM field.")})
        if self.dimension in known and known[self.dimension](self.value):
            raise ValidationError({"value": _("This value is already in the list.")})
