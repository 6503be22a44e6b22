"""The licence register (ICP备案, ICP证, 公安备案 …), each licence's obligations (annual reports,
renewals, statistical reports) with their checklist, submission and outcome, the evidence kept
for inspections, and the department's policies and operations documents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event
from siteops.core.revisions import Revisioned

from .choices import (
    DocumentKind,
    DocumentStatus,
    FilingKind,
    FilingOutcome,
    FilingStatus,
    LicenceEventKind,
    LicenceKind,
    LicenceStatus,
    PsbStatus,
    StatsFrequency,
)


class Licence(models.Model):
    """A licence, filing or qualification the company holds (or is applying for)."""

    kind = models.CharField(_("kind"), max_length=20, choices=LicenceKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    holder = models.CharField(_("holder entity"), max_length=200, blank=True)
    covered = models.TextField(
        _("covered domains and sites"), blank=True, help_text=_("One domain or site per line.")
    )
    link = models.URLField(
        _("public link"), blank=True,
        help_text=_("Where the footer number links to (e.g. the filing system's page)."),
    )  # fmt: skip
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.PREPARING
    )
    position = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("responsible position"),
    )  # fmt: skip
    stats_frequency = models.CharField(
        _("statistical reports"), max_length=12, choices=StatsFrequency.choices, blank=True,
        default="", help_text=_("Where the licence carries a reporting rule (provinces differ)."),
    )  # fmt: skip
    stats_day = models.PositiveSmallIntegerField(
        _("statistical report due day"), default=10,
        help_text=_("Day of the month after the period by which the report is due."),
    )  # fmt: skip
    show_in_footer = models.BooleanField(_("show in the shop footer"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stats_day__gte=1, stats_day__lte=28), name="compliance_stats_day_range"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gt=models.F("issued_on")),
                name="compliance_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        label = self.name or LicenceKind(self.kind).label
        return f"{label} {self.number}".strip()

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            raise ValidationError({"valid_until": _("The validity must end after the issue date.")})
        if self.status in ("granted", "change_pending", "renewal_due") and not self.number:
            raise ValidationError({"number": _("A granted licence has a number.")})
        if self.show_in_footer and not self.number:
            raise ValidationError(
                {"show_in_footer": _("Only a licence with a number can be shown.")}
            )

    @property
    def status_badge(self) -> str:
        return LicenceStatus(self.status).badge

    @property
    def covered_list(self) -> list[str]:
        return [line.strip() for line in self.covered.splitlines() if line.strip()]


class LicenceEvent(Event):
    """One step in a licence's life: registered, changed, status, filings, evidence."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=LicenceEventKind.choices)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("licence event")
        verbose_name_plural = _("licence events")

    def __str__(self) -> str:
        return f"{self.licence_id} {self.kind}"


class Filing(models.Model):
    """One occurrence of a licence's obligation (the 2027 annual report, the 2031 renewal …)."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="filings", verbose_name=_("licence")
    )
    kind = models.CharField(_("obligation"), max_length=16, choices=FilingKind.choices)
    period_key = models.CharField(_("period"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.OPEN
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=FilingOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("licence obligation")
        verbose_name_plural = _("licence obligations")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "kind", "period_key"], name="compliance_one_filing_per_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return FilingStatus(self.status).badge

    @property
    def is_closed(self) -> bool:
        return self.status == FilingStatus.CLOSED


class SiteFooterLicence(models.Model):
    """A licence whose number a website must show in its footer (the ICP备案 number, the 公安备案
    number, the ICP经营许可证 …): the daily live-footer check reads each site's list."""

    site = models.ForeignKey(
        "infra.Site", on_delete=models.CASCADE, related_name="+", verbose_name=_("website")
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.CASCADE, related_name="footer_sites", verbose_name=_("licence")
    )
    needs_link = models.BooleanField(
        _("number must link"), default=True,
        help_text=_("The number links to the licence's public link (or the filing system)."),
    )  # fmt: skip
    needs_icon = models.BooleanField(
        _("icon required"), default=False,
        help_text=_("An emblem must be shown inside the link (e.g. the 公安备案 emblem)."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("licence in a site's footer")
        verbose_name_plural = _("licences in sites' footers")
        ordering = ["site", "licence__kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "licence"], name="compliance_footer_licence_once_per_site"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.licence}"


class PsbFiling(models.Model):
    """The 公安备案 filing of one website with the public security filing system: opened once
    when the site goes live (due within 30 days), submitted, then accepted (with the filing
    number) or rejected (and submitted again)."""

    site = models.OneToOneField(
        "infra.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("website")
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="psb_filings",
        verbose_name=_("licence record"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=PsbStatus.choices, default=PsbStatus.PREPARING
    )
    opened_on = models.DateField(_("opened on"))
    due_date = models.DateField(_("due date"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    application_number = models.CharField(_("application number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    filing_number = models.CharField(
        _("filing number"), max_length=100, blank=True,
        help_text=_("e.g. 沪公网安备31010402000001号, given on acceptance."),
    )  # fmt: skip
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("public security filing")
        verbose_name_plural = _("public security filings")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | ~Q(filing_number=""),
                name="compliance_psb_accepted_has_number",
            ),
            models.CheckConstraint(
                condition=Q(status="preparing") | Q(submitted_on__isnull=False),
                name="compliance_psb_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Public security filing of %(site)s") % {"site": self.site}

    @property
    def status_badge(self) -> str:
        return PsbStatus(self.status).badge


class PsbFilingEvent(Event):
    """One step of a 公安备案 filing: opened, submitted, accepted, rejected."""

    filing = models.ForeignKey(PsbFiling, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=12, choices=PsbStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=PsbStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("public security filing event")
        verbose_name_plural = _("public security filing events")

    def __str__(self) -> str:
        return f"{self.filing_id} {self.from_status} → {self.to_status}"


class ChecklistItem(models.Model):
    """One material to prepare for a filing (its checklist)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(_("material"), max_length=200)
    done = models.BooleanField(_("ready"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["filing", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class Evidence(models.Model):
    """A dated file kept for an inspection or a renewal; fixed once its obligation closes."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("licence")
    )
    filing = models.ForeignKey(
        Filing, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
        verbose_name=_("obligation"),
    )  # fmt: skip
    psb_filing = models.ForeignKey(
        PsbFiling, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
        verbose_name=_("public security filing"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("dated"))
    file = models.FileField(_("file"), upload_to="compliance/evidence/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("uploaded by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-dated", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Evidence of a closed obligation is what was filed: it never changes (also not here).
        if (
            self.pk
            and Evidence.objects.filter(pk=self.pk)
            .filter(Q(filing__status="closed") | Q(psb_filing__status="accepted"))
            .exists()
        ):
            raise ValidationError(_("Evidence of a closed obligation cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(_("Evidence of a closed obligation cannot be changed."))
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        if self.psb_filing_id is not None and self.psb_filing.status == PsbStatus.ACCEPTED:
            return True
        return self.filing_id is not None and self.filing.is_closed


class Document(Revisioned, models.Model):
    """A department policy (content-editing rules …) or an operations document (the high-tech
    enterprise application …): revisioned, approved, effective, reviewed on an interval."""

    revision_fields = ("title", "body")
    revision_publish_perm = "compliance.approve_document"

    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    owner = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    applies_to = models.ManyToManyField(
        "org.Position", blank=True, related_name="+", verbose_name=_("applies to")
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("licence served"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=14, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(_("review interval (months)"), default=12)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        verbose_name = _("policy or document")
        verbose_name_plural = _("policies and documents")
        ordering = ["kind", "title"]
        permissions = [("approve_document", _("Can approve a policy or document"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_months__gte=1, review_months__lte=60),
                name="compliance_review_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return DocumentStatus(self.status).badge


class Acknowledgement(models.Model):
    """A person read and acknowledged one version of a policy."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="acks")
    version = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    position_code = models.CharField(_("position"), max_length=16)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version", "user"], name="compliance_one_ack_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.version} {self.user_id}"


class DocumentEvent(Event):
    """One step of a policy or document: submitted, approved, effective, needs review, acknowledged."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("document event")
        verbose_name_plural = _("document events")

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind}"
