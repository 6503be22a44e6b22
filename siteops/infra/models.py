"""IT equipment from procurement to retirement, office systems, the hosting environment
(providers, contracts, domains, certificates) and the availability of the site's own endpoints."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from siteops.core.audit import AuditedHistoryModel
from siteops.core.events import Event

from .choices import (
    AssetKind,
    AssetStatus,
    DriftKind,
    LineKind,
    MaintenanceKind,
    PlanStatus,
    ProviderKind,
    SelectionKind,
    SelectionStatus,
    SiteStatus,
    SystemKind,
)

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ProcurementPlan(models.Model):
    """A procurement plan (购置方案): the need, options with quotes, the budget, its approval."""

    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("need and justification"))
    kind = models.CharField(_("equipment kind"), max_length=16, choices=AssetKind.choices)
    quantity = models.PositiveSmallIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    budget = models.DecimalField(_("budget (CNY)"), **MONEY)
    budget_line = models.CharField(_("budget line"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    purchase_order = models.CharField(_("purchase order"), max_length=100, blank=True)
    owner = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner position")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=500), name="infra_plan_quantity_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return PlanStatus(self.status).badge

    @property
    def chosen(self):
        return self.options.filter(chosen=True).first()


class ProcurementOption(models.Model):
    """One quoted option of a plan (supplier, model, unit price)."""

    plan = models.ForeignKey(ProcurementPlan, on_delete=models.CASCADE, related_name="options")
    supplier = models.CharField(_("supplier"), max_length=200)
    model_name = models.CharField(_("model"), max_length=200)
    unit_price = models.DecimalField(_("unit price (CNY)"), **MONEY)
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=36)
    chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("quoted option")
        verbose_name_plural = _("quoted options")
        ordering = ["plan", "unit_price", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(chosen=True), name="infra_one_chosen_option"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.model_name}"


class Asset(models.Model):
    """One piece of equipment: site (servers, routers, switches, firewalls) or office."""

    tag = models.CharField(_("asset tag"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    model_name = models.CharField(_("model"), max_length=200)
    serial = models.CharField(_("serial number"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)
    rack_position = models.CharField(_("rack position"), max_length=40, blank=True)
    owner = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("owner position"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=12, choices=AssetStatus.choices, default=AssetStatus.RECEIVED
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    cost = models.DecimalField(_("cost (CNY)"), null=True, blank=True, **MONEY)
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True)
    end_of_life = models.DateField(_("end of life"), null=True, blank=True)
    plan = models.ForeignKey(
        ProcurementPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="assets",
        verbose_name=_("procurement plan"),
    )  # fmt: skip
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["tag"]
        constraints = [
            models.UniqueConstraint(fields=["tag"], name="infra_asset_unique_tag"),
            models.UniqueConstraint(fields=["kind", "serial"], name="infra_asset_unique_serial"),
        ]

    def __str__(self) -> str:
        return f"{self.tag} {self.model_name}"

    @property
    def status_badge(self) -> str:
        return AssetStatus(self.status).badge


class StepEvent(Event):
    """A step in the life of a record (an asset, a website): what happened and a message. The
    concrete event adds the foreign key to its record and names it in ``subject_field``."""

    subject_field = ""

    kind = models.CharField(_("event"), max_length=20)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta(Event.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, f'{self.subject_field}_id')} {self.kind}"


class AssetEvent(StepEvent):
    """One step of an asset: received, status changed, maintained."""

    subject_field = "asset"
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="events")

    class Meta(StepEvent.Meta):
        verbose_name = _("asset event")
        verbose_name_plural = _("asset events")


class EquipmentLoan(models.Model):
    """Office equipment checked out to a person: accepted by them, open until returned or
    written off (a separation's hand-over checklist lists what is still open)."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="loans", verbose_name=_("asset")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    checked_out_on = models.DateField(_("checked out on"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_condition = models.CharField(_("condition on return"), max_length=200, blank=True)
    written_off_on = models.DateField(_("written off on"), null=True, blank=True)
    write_off_reason = models.CharField(_("write-off reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("equipment checkout")
        verbose_name_plural = _("equipment checkouts")
        ordering = ["-checked_out_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(returned_on__isnull=True, written_off_on__isnull=True),
                name="infra_one_open_loan_per_asset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} → {self.person}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None and self.written_off_on is None


class Maintenance(models.Model):
    """Maintenance done on an asset: planned (firmware, UPS test) or corrective (a repair)."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="maintenance", verbose_name=_("asset")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MaintenanceKind.choices)
    done_on = models.DateField(_("date"))
    description = models.TextField(_("what was done"))
    cost = models.DecimalField(_("cost (CNY)"), default=Decimal("0"), **MONEY)
    downtime_minutes = models.PositiveIntegerField(_("downtime (minutes)"), default=0)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.asset} {self.done_on}"


class Installation(models.Model):
    """How an asset was installed and configured: the checklist, the configuration baseline (OS,
    firmware, IP addresses, VLAN) and who signed it off."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="installations", verbose_name=_("asset")
    )
    installed_on = models.DateField(_("installed on"))
    checklist = models.TextField(
        _("checklist"), help_text=_("One step per line; start a done step with [x].")
    )
    os = models.CharField(_("operating system"), max_length=100, blank=True)
    firmware = models.CharField(_("firmware"), max_length=100, blank=True)
    ip_addresses = models.TextField(_("IP addresses"), blank=True, help_text=_("One per line."))
    vlan = models.CharField(_("VLAN"), max_length=40, blank=True)
    notes = models.TextField(_("configuration notes"), blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("signed off by"),
    )  # fmt: skip
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("installation record")
        verbose_name_plural = _("installation records")
        ordering = ["-installed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.asset} {self.installed_on}"

    def clean(self):
        import ipaddress

        for line in self.ip_addresses.splitlines():
            if line.strip():
                try:
                    ipaddress.ip_interface(line.strip())
                except ValueError as exc:
                    raise ValidationError(
                        {
                            "ip_addresses": _("Not an IP address: %(value)s")
                            % {"value": line.strip()[:50]}
                        }
                    ) from exc

    @property
    def steps_open(self) -> list[str]:
        return [ln.strip() for ln in self.checklist.splitlines()
                if ln.strip() and not ln.strip().lower().startswith("[x]")]  # fmt: skip


class NetworkLine(models.Model):
    """A line of the office network or the site (fibre, broadband, leased line): bandwidth and
    IP blocks, kept with the same care as the equipment."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=LineKind.choices)
    provider = models.ForeignKey(
        "Provider", on_delete=models.PROTECT, related_name="lines", verbose_name=_("provider")
    )
    contract = models.ForeignKey(
        "Contract", on_delete=models.SET_NULL, null=True, blank=True, related_name="lines",
        verbose_name=_("contract"),
    )  # fmt: skip
    location = models.CharField(_("location"), max_length=200, blank=True)
    bandwidth_mbps = models.PositiveIntegerField(_("bandwidth (Mbit/s)"))
    ip_blocks = models.TextField(
        _("IP blocks"), blank=True, help_text=_("One CIDR block per line.")
    )
    circuit_id = models.CharField(_("circuit ID"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("network line")
        verbose_name_plural = _("network lines")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="infra_line_unique_name"),
            models.CheckConstraint(
                condition=Q(bandwidth_mbps__gte=1, bandwidth_mbps__lte=1_000_000),
                name="infra_line_bandwidth_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        import ipaddress

        for line in self.ip_blocks.splitlines():
            if line.strip():
                try:
                    ipaddress.ip_network(line.strip(), strict=False)
                except ValueError as exc:
                    raise ValidationError(
                        {
                            "ip_blocks": _("Not an IP block: %(value)s")
                            % {"value": line.strip()[:50]}
                        }
                    ) from exc


class OfficeSystem(models.Model):
    """An office system (OA, finance, enterprise mail, teleconference) and its renewal."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SystemKind.choices)
    vendor = models.CharField(_("vendor"), max_length=200)
    seats = models.PositiveIntegerField(_("licences / seats"), default=0)
    renewal_on = models.DateField(_("renewal date"), null=True, blank=True)
    administrator = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("administrator position"),
    )

    class Meta:
        verbose_name = _("office system")
        verbose_name_plural = _("office systems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """A hosting provider: IDC colocation, ISP line, cloud, registrar, certificate authority."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ProviderKind.choices)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderSelection(models.Model):
    """The choice of a hosting provider, an ISP line or an equipment supplier: criteria with
    weights, each candidate scored on each, the computed ranking, and the decision with its
    reason, approved by leadership (``siteops.approvals``)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("what is chosen"), max_length=12, choices=SelectionKind.choices)
    need = models.TextField(_("need"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SelectionStatus.choices, default=SelectionStatus.DRAFT
    )
    chosen = models.ForeignKey(
        "SelectionCandidate", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decision"),
    )  # fmt: skip
    reason = models.TextField(_("reason for the decision"), blank=True)
    ranking = models.JSONField(
        _("ranking when decided"), default=list, blank=True, editable=False,
        help_text=_("The ranking the approvers saw (kept as it was when submitted)."),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    history = HistoricalRecords(bases=[AuditedHistoryModel])

    class Meta:
        verbose_name = _("provider selection")
        verbose_name_plural = _("provider selections")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(chosen__isnull=False) & ~Q(reason=""),
                name="infra_selection_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return SelectionStatus(self.status).badge


class SelectionCriterion(models.Model):
    """One criterion of a selection (network quality, price, service …) and its weight."""

    selection = models.ForeignKey(
        ProviderSelection, on_delete=models.CASCADE, related_name="criteria",
        verbose_name=_("selection"),
    )  # fmt: skip
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(1)],
        help_text=_("1–100; relative to the others."),
    )

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["selection", "-weight", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="infra_criterion_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="infra_criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ×{self.weight}"


class SelectionCandidate(models.Model):
    """A candidate of a selection (a provider or supplier) with its quote."""

    selection = models.ForeignKey(
        ProviderSelection, on_delete=models.CASCADE, related_name="candidates",
        verbose_name=_("selection"),
    )  # fmt: skip
    name = models.CharField(_("candidate"), max_length=200)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="candidacies",
        verbose_name=_("provider (if already known)"),
    )  # fmt: skip
    quote = models.DecimalField(_("quote (CNY)"), null=True, blank=True, **MONEY)
    quote_note = models.CharField(
        _("what the quote covers"),
        max_length=200,
        blank=True,
        help_text=_("e.g. per month, 1 rack"),
    )

    class Meta:
        verbose_name = _("selection candidate")
        verbose_name_plural = _("selection candidates")
        ordering = ["selection", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="infra_candidate_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionScore(models.Model):
    """How a candidate scores on one criterion (0–10)."""

    candidate = models.ForeignKey(
        SelectionCandidate, on_delete=models.CASCADE, related_name="scores",
        verbose_name=_("candidate"),
    )  # fmt: skip
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="scores",
        verbose_name=_("criterion"),
    )  # fmt: skip
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))], help_text=_("0–10"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["candidate", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="infra_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=10), name="infra_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}/{self.criterion_id}: {self.score}"


class Renewable(models.Model):
    """Something that expires and may renew itself (a contract, a domain, a certificate)."""

    expires_on = models.DateField(_("expires on"))
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    position = models.ForeignKey(
        "org.Position",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible position"),
    )

    class Meta:
        abstract = True


class Contract(Renewable):
    """A contract with a provider (dates, renewal notice, SLA, monthly cost)."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    notice_days = models.PositiveSmallIntegerField(_("renewal notice (days)"), default=30)
    sla_percent = models.DecimalField(
        _("SLA uptime (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    monthly_cost = models.DecimalField(_("monthly cost (CNY)"), **MONEY)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.expires_on and self.expires_on <= self.starts_on:
            raise ValidationError({"expires_on": _("A contract ends after it starts.")})


class Domain(Renewable):
    """A domain name: registrar, expiry, auto-renew, name servers, its ICP备案 number."""

    name = models.CharField(_("domain"), max_length=253)
    registrar = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="domains", verbose_name=_("registrar")
    )
    registrant = models.CharField(_("real-name registrant"), max_length=200, blank=True)
    name_servers = models.TextField(_("name servers"), blank=True)
    transfer_lock = models.BooleanField(_("transfer lock"), default=True)
    icp_number = models.CharField(_("ICP filing number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="infra_domain_unique_name")]

    def __str__(self) -> str:
        return self.name


class KeywordRegistration(Renewable):
    """A keyword-address registration (通用网址-type name): renewed like a domain."""

    keyword = models.CharField(_("keyword"), max_length=100)
    registrar = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="keywords", verbose_name=_("registrar")
    )
    points_to = models.URLField(_("points to"), blank=True)

    class Meta:
        verbose_name = _("keyword-address registration")
        verbose_name_plural = _("keyword-address registrations")
        ordering = ["keyword"]
        constraints = [
            models.UniqueConstraint(fields=["keyword"], name="infra_keyword_unique"),
        ]

    def __str__(self) -> str:
        return self.keyword


class Site(models.Model):
    """A public website of the company (the shop, a campaign site): its address, the domain it
    runs on and the ICP备案 number it must show before it may go live."""

    name = models.CharField(_("name"), max_length=100)
    base_url = models.URLField(_("address"), help_text=_("e.g. https://www.example.cn/"))
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, related_name="sites",
        verbose_name=_("domain"),
    )  # fmt: skip
    icp_number = models.CharField(_("ICP filing number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.BUILDING
    )
    live_on = models.DateField(_("live since"), null=True, blank=True)
    check_footer = models.BooleanField(
        _("check the live footer daily"), default=True,
        help_text=_("Licence numbers, links and icons in the footer of the live site."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("website")
        verbose_name_plural = _("websites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["base_url"], name="infra_site_unique_url"),
            models.CheckConstraint(
                condition=~Q(status="live") | ~Q(icp_number=""), name="infra_live_site_has_icp"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_badge(self) -> str:
        return SiteStatus(self.status).badge


class SiteEvent(StepEvent):
    """One step of a website: marked live, taken offline, footer checked wrong."""

    subject_field = "site"
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="events")

    class Meta(StepEvent.Meta):
        verbose_name = _("website event")
        verbose_name_plural = _("website events")


class Certificate(Renewable):
    """A TLS certificate: issuer, names, expiry."""

    names = models.TextField(_("names"), help_text=_("One name per line."))
    issuer = models.CharField(_("issuer"), max_length=200)
    host = models.CharField(
        _("served at"), max_length=253, blank=True,
        help_text=_("host or host:port the daily check asks; empty: the first name, port 443."),
    )  # fmt: skip
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=95, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["expires_on"]

    def __str__(self) -> str:
        first = (self.names.splitlines() or [""])[0]
        return f"{first} ({self.issuer})"

    @property
    def names_list(self) -> list[str]:
        return [n.strip().lower() for n in self.names.splitlines() if n.strip()]


class Monitor(models.Model):
    """An availability check of one of the site's own endpoints (home, search, cart, API …)."""

    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(
        _("path"), max_length=300, help_text=_("On the site itself, e.g. /search/?q=test")
    )
    expected_status = models.PositiveSmallIntegerField(_("expected status"), default=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_public = models.BooleanField(_("on the status page"), default=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="monitors",
        verbose_name=_("provider"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("monitor")
        verbose_name_plural = _("monitors")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="infra_monitor_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if not self.path.startswith("/") or self.path.startswith("//"):
            raise ValidationError({"path": _("A path on the site itself, starting with one /.")})


class Check(models.Model):
    """One result of a monitor (by the job or posted by an external checker)."""

    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="checks")
    at = models.DateTimeField(_("at"), db_index=True)
    ok = models.BooleanField(_("up"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    ms = models.PositiveIntegerField(_("response time (ms)"), default=0)
    in_maintenance = models.BooleanField(_("in a maintenance window"), default=False)

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ["-at"]
        indexes = [models.Index(fields=["monitor", "at"], name="infra_check_monitor_at")]

    def __str__(self) -> str:
        return f"{self.monitor_id} {self.at:%Y-%m-%d %H:%M} {'up' if self.ok else 'down'}"


class MaintenanceWindow(models.Model):
    """A planned window: checks failing in it are not an outage and alert no one."""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    monitors = models.ManyToManyField(
        Monitor, blank=True, related_name="+", verbose_name=_("monitors (none: all)")
    )

    class Meta:
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="infra_window_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Incident(models.Model):
    """An outage of a monitor: opened by two failed checks, closed by the first good one."""

    monitor = models.ForeignKey(Monitor, on_delete=models.PROTECT, related_name="incidents")
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    cause = models.TextField(_("cause"), blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitor"],
                condition=Q(ended_at__isnull=True),
                name="infra_one_open_incident",
            )
        ]

    def __str__(self) -> str:
        return f"{self.monitor} {self.started_at:%Y-%m-%d %H:%M}"


class Drift(models.Model):
    """A difference the daily check found between a domain's name servers or a certificate and
    the record: open until the live value agrees again or the manager accepts it."""

    kind = models.CharField(_("what changed"), max_length=16, choices=DriftKind.choices)
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, null=True, blank=True, related_name="drifts",
        verbose_name=_("domain"),
    )  # fmt: skip
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, null=True, blank=True, related_name="drifts",
        verbose_name=_("certificate"),
    )  # fmt: skip
    expected = models.TextField(_("the record says"))
    observed = models.TextField(_("seen live"))
    observed_data = models.JSONField(default=dict, editable=False)
    detected_at = models.DateTimeField(_("detected at"))
    resolved_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    resolution = models.CharField(_("how it was settled"), max_length=200, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("accepted by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("DNS or certificate change")
        verbose_name_plural = _("DNS and certificate changes")
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain__isnull=False, certificate__isnull=True)
                | Q(domain__isnull=True, certificate__isnull=False),
                name="infra_drift_one_subject",
            ),
            models.UniqueConstraint(
                fields=["domain"],
                condition=Q(resolved_at__isnull=True, domain__isnull=False),
                name="infra_drift_one_open_per_domain",
            ),
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(resolved_at__isnull=True, certificate__isnull=False),
                name="infra_drift_one_open_per_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{DriftKind(self.kind).label}: {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.domain_id:
            return self.domain.name
        return str(self.certificate)
