"""Points projects (积分项目) for Website Sales: members, versioned rules, generation batches and
the append-only points ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siteops.core.events import Event

from .choices import (
    PROJECT_BADGES,
    AdjustmentStatus,
    AwardKind,
    BatchStatus,
    EntryKind,
    EntrySource,
    MemberStatus,
    ProjectStatus,
)


class Project(models.Model):
    """A points project Website Sales asked for and the process editor set up."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sponsor = models.CharField(_("sponsor"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget_points = models.PositiveIntegerField(_("budget (points)"), default=0)
    # Every ``earn`` entry's points, kept by ``ledger.post`` in the posting transaction: what the
    # budget is checked against (a claim's conditional UPDATE of this row makes it exact).
    issued_points = models.BigIntegerField(_("points issued"), default=0, editable=False)
    point_value = models.DecimalField(
        _("value of one point (CNY)"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("0.0100"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    pending_days = models.PositiveSmallIntegerField(
        _("days until points are available"),
        default=7,
        help_text=_("Points earned on an order become available this many days after delivery "
                    "(the return window)."),
    )  # fmt: skip
    redeem_allowed = models.BooleanField(
        _("points can pay for orders"), default=False,
        help_text=_("Members may pay part of an order's goods with their available points."),
    )  # fmt: skip
    valid_days = models.PositiveSmallIntegerField(
        _("days points stay valid"), null=True, blank=True,
        help_text=_("Counted from the day earned points become available. Empty: they never "
                    "expire."),
    )  # fmt: skip
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before points expire"), default=30
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    request_note = models.TextField(_("what Website Sales asked for"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("points project")
        verbose_name_plural = _("points projects")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="loyalty_project_dates_in_order",
            )
        ]
        permissions = [
            ("request_project", _("Can ask for a points project")),
            ("setup_project", _("Can set up points projects, members and rules")),
            ("generate_batch", _("Can generate and issue points batches")),
            ("view_statistics", _("Can see points statistics")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def status_badge(self) -> str:
        return PROJECT_BADGES[self.status]

    @property
    def budget_value(self) -> Decimal:
        return (Decimal(self.budget_points) * self.point_value).quantize(Decimal("0.01"))

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end comes before the start.")})


class ProjectEvent(Event):
    """One step of a project's life: requested, set up, submitted, approved, activated, closed."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="events", verbose_name=_("project")
    )
    action = models.CharField(_("what happened"), max_length=200)
    from_status = models.CharField(
        _("from"), max_length=16, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ProjectStatus.choices, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("project event")
        verbose_name_plural = _("project events")


class Member(models.Model):
    """A shop customer taking part in a points project (项目用户)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="members", verbose_name=_("project")
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="points_memberships",
        verbose_name=_("customer"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    joined_on = models.DateField(_("joined on"))
    # Kept by the services in the transaction of each entry they post; the nightly check
    # recomputes it from the entries and raises a work item on any difference.
    balance = models.IntegerField(_("balance (points)"), default=0, editable=False)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "customer"], name="loyalty_one_membership_per_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.customer}"


class RuleVersion(models.Model):
    """One version of a project's points rule (积分规则), in force from its date until the next
    version's. Versions are only ever added: an award names the version it was computed with, so a
    change never rewrites past awards."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="rule_versions", verbose_name=_("project")
    )
    version = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    points_per_yuan = models.DecimalField(
        _("points per ¥1 of paid goods"), max_digits=8, decimal_places=4, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Freight is never counted."),
    )  # fmt: skip
    first_order_points = models.PositiveIntegerField(
        _("fixed points for the first order"), default=0
    )
    multiplier = models.DecimalField(
        _("multiplier"), max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("1"))],
    )  # fmt: skip
    multiplier_from = models.DateField(_("multiplier from"), null=True, blank=True)
    multiplier_to = models.DateField(_("multiplier until"), null=True, blank=True)
    monthly_cap = models.PositiveIntegerField(
        _("cap per member per month"), null=True, blank=True,
        help_text=_("Empty: no cap."),
    )  # fmt: skip
    note = models.CharField(_("why this version"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("points rule version")
        verbose_name_plural = _("points rule versions")
        ordering = ["project", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "version"], name="loyalty_rule_version_unique"
            ),
            models.UniqueConstraint(
                fields=["project", "effective_from"], name="loyalty_rule_one_version_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.version}"

    def clean(self):
        if bool(self.multiplier_from) != bool(self.multiplier_to):
            raise ValidationError(_("A multiplier window needs both a start and an end."))
        if self.multiplier_from and self.multiplier_to < self.multiplier_from:
            raise ValidationError({"multiplier_to": _("The end comes before the start.")})

    def multiplier_on(self, day) -> Decimal:
        if self.multiplier_from and self.multiplier_from <= day <= self.multiplier_to:
            return self.multiplier
        return Decimal("1")


class Batch(models.Model):
    """A generation batch (积分生成): the awards proposed for a project and period, audited by a
    second person before anything is booked. One per project and period."""

    project = models.ForeignKey(
        Project, models.PROTECT, related_name="batches", verbose_name=_("project")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    status = models.CharField(
        _("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PROPOSED
    )
    total_points = models.PositiveIntegerField(_("points"), default=0)
    line_count = models.PositiveIntegerField(_("awards"), default=0)
    member_count = models.PositiveIntegerField(_("members with points"), default=0)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("generated by"),
    )  # fmt: skip
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("points batch")
        verbose_name_plural = _("points batches")
        ordering = ["-period_start", "project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start", "period_end"],
                name="loyalty_one_batch_per_project_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="loyalty_batch_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period_start}–{self.period_end}"


class Award(models.Model):
    """A proposed award line of a batch: one member, one order (or event), the rule version."""

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="awards", verbose_name=_("batch"))
    project = models.ForeignKey(
        Project, models.PROTECT, related_name="+", verbose_name=_("project")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="awards", verbose_name=_("member")
    )
    kind = models.CharField(_("for"), max_length=16, choices=AwardKind.choices)
    order = models.ForeignKey(
        "orders.Order", models.PROTECT, related_name="+", verbose_name=_("order")
    )
    rule = models.ForeignKey(
        RuleVersion, models.PROTECT, related_name="+", verbose_name=_("rule version")
    )
    base_amount = models.DecimalField(_("paid goods (CNY)"), max_digits=12, decimal_places=2)
    points = models.PositiveIntegerField(_("points"))
    delivered_on = models.DateField(_("delivered on"))
    explanation = models.CharField(_("how it was computed"), max_length=300)

    class Meta:
        verbose_name = _("proposed award")
        verbose_name_plural = _("proposed awards")
        ordering = ["batch", "member", "pk"]
        constraints = [
            # An order earns once per project and reason, whatever batches are run.
            models.UniqueConstraint(
                fields=["project", "order", "kind"], name="loyalty_award_once_per_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} +{self.points}"


class LedgerQuerySet(models.QuerySet):
    """The ledger is append-only: no bulk UPDATE or DELETE through the ORM."""

    def update(self, **kwargs):
        raise TypeError("Points ledger entries cannot be changed; post a correcting entry.")

    def delete(self):
        raise TypeError("Points ledger entries cannot be deleted; post a correcting entry.")

    _raw_delete = delete


class LedgerEntry(Event):
    """One line of the points ledger: earned, spent, expired, adjusted or reversed points.
    A balance is the sum of its entries; a correction is a new entry."""

    project = models.ForeignKey(
        Project, models.PROTECT, related_name="entries", verbose_name=_("project")
    )
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="entries", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    points = models.IntegerField(_("points"))
    entry_source = models.CharField(_("from"), max_length=16, choices=EntrySource.choices)
    order = models.ForeignKey(
        "orders.Order", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("order"),
    )  # fmt: skip
    batch = models.ForeignKey(
        Batch, models.PROTECT, null=True, blank=True, related_name="entries",
        verbose_name=_("batch"),
    )  # fmt: skip
    award = models.OneToOneField(
        Award, models.PROTECT, null=True, blank=True, related_name="entry",
        verbose_name=_("award"),
    )  # fmt: skip
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by",
        verbose_name=_("reverses"),
    )  # fmt: skip
    rule = models.ForeignKey(
        RuleVersion, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("rule version"),
    )  # fmt: skip
    lot = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="consumed",
        verbose_name=_("from earned points of"),
        help_text=_("The earned points this entry takes from (spending, expiry and reversals "
                    "are booked against the oldest earned points first)."),
    )  # fmt: skip
    available_on = models.DateField(_("available from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    objects = LedgerQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("points ledger entry")
        verbose_name_plural = _("points ledger entries")
        indexes = [
            # Covers a balance (selectors.members_balance): read from the index alone, already
            # grouped by kind.
            models.Index(
                fields=["member", "kind", "available_on", "points"],
                name="loyalty_entry_member_balance",
            ),  # fmt: skip
            models.Index(
                fields=["expires_on"],
                name="loyalty_entry_expires",
                condition=Q(expires_on__isnull=False),
            ),  # fmt: skip
            models.Index(fields=["project", "at"], name="loyalty_entry_project_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["earn", "refund"]) & Q(points__gt=0))
                | (Q(kind__in=["redeem", "expire", "reverse"]) & Q(points__lt=0))
                | (Q(kind="adjust") & ~Q(points=0)),
                name="loyalty_entry_sign_matches_kind",
            ),
            # A lot is a positive entry of its own; what is taken from it names it.
            models.CheckConstraint(
                condition=Q(lot__isnull=True, points__gt=0) | Q(lot__isnull=False),
                name="loyalty_entry_lot_is_earned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.points:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Points ledger entries cannot be changed; post a correcting entry.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Points ledger entries cannot be deleted; post a correcting entry.")


class ExpiryWarning(models.Model):
    """That a member was told that some of their earned points will expire (once per lot)."""

    lot = models.OneToOneField(
        LedgerEntry, models.PROTECT, related_name="expiry_warning", verbose_name=_("earned points")
    )
    points = models.PositiveIntegerField(_("points about to expire"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("expiry warning")
        verbose_name_plural = _("expiry warnings")
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.lot} {self.points}"


class BalanceCheck(models.Model):
    """One run of the nightly check that every balance equals the sum of its entries."""

    ran_at = models.DateTimeField(_("ran"), auto_now_add=True)
    members = models.PositiveIntegerField(_("members checked"), default=0)
    differences = models.PositiveIntegerField(_("differences"), default=0)
    negatives = models.PositiveIntegerField(_("negative balances"), default=0)
    detail = models.TextField(_("what differed"), blank=True)

    class Meta:
        verbose_name = _("balance check")
        verbose_name_plural = _("balance checks")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} {self.differences}"


class Adjustment(models.Model):
    """A manual correction of a member's points, asked for with a reason by a permitted position
    and booked only when a second person (the manager) approves it."""

    member = models.ForeignKey(
        Member, models.PROTECT, related_name="adjustments", verbose_name=_("member")
    )
    points = models.IntegerField(_("points (+ add, − take)"))
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PENDING,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("asked for by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("asked for"), auto_now_add=True)

    class Meta:
        verbose_name = _("points adjustment")
        verbose_name_plural = _("points adjustments")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="loyalty_adjustment_not_zero"),
        ]
        permissions = [("adjust_points", _("Can ask for a manual points adjustment"))]

    def __str__(self) -> str:
        return f"{self.member} {self.points:+d}"


class ClaimPool(models.Model):
    """Points handed out for the asking (领取), e.g. by a topic page's points claim block: so many
    points per claim, at most ``cap`` claims, once per customer. ``ref`` names where the claims
    come from (``page:<id>:<block key>``); ``claimed`` is the counter the cap is checked against
    with a conditional UPDATE, so concurrent claims never pass it."""

    project = models.ForeignKey(
        Project, models.PROTECT, related_name="claim_pools", verbose_name=_("project")
    )
    ref = models.CharField(_("claimed through"), max_length=120)
    label = models.CharField(_("where"), max_length=200)
    link = models.CharField(_("address"), max_length=300, blank=True)
    points = models.PositiveIntegerField(_("points per claim"))
    cap = models.PositiveIntegerField(_("claims allowed"))
    claimed = models.PositiveIntegerField(_("claims made"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("points claim")
        verbose_name_plural = _("points claims")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "ref"], name="loyalty_claim_pool_unique"),
            models.CheckConstraint(
                condition=Q(claimed__lte=models.F("cap")), name="loyalty_claim_pool_within_cap"
            ),
        ]

    def __str__(self) -> str:
        return self.label  # names the page already (no query for the project in filter lists)

    @property
    def remaining(self) -> int:
        return max(0, self.cap - self.claimed)


class Claim(models.Model):
    """A customer's claim of a pool's points: once per customer, with the earn entry it booked."""

    pool = models.ForeignKey(
        ClaimPool, models.PROTECT, related_name="claims", verbose_name=_("points claim")
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="points_claims",
        verbose_name=_("customer"),
    )  # fmt: skip
    member = models.ForeignKey(
        Member, models.PROTECT, related_name="claims", verbose_name=_("member")
    )
    entry = models.OneToOneField(
        LedgerEntry, models.PROTECT, related_name="claim", verbose_name=_("ledger entry")
    )
    at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim by a customer")
        verbose_name_plural = _("claims by customers")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "customer"], name="loyalty_claim_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} · {self.customer}"
