"""The site's documents and pages (CPY-01…03, ART-01/04, ACT-02): bilingual, revisioned,
reviewed through approvals, scheduled, published on the shop."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from siteops.core.errors import NotAllowed
from siteops.core.events import Event
from siteops.core.revisions import Revisioned
from siteops.core.sanitize import clean_html

from .choices import (
    DesignStatus,
    FooterGroup,
    PageAction,
    PageKind,
    PageStatus,
    ReleaseItemKind,
    ReleaseStatus,
    RoundDecision,
    RoundKind,
)

#: who may write a page of each kind (position codes; acting holders count as the position).
#: MGR-20: the manager stands in for a vacant copy editor (basic and process documents).
KIND_AUTHORS: dict[str, set[str]] = {
    PageKind.BASIC: {"CPY", "CE", "MGR"},
    PageKind.PROCESS: {"CPY", "CE", "MGR"},
    PageKind.PROMO: {"CPY", "CE", "MGR"},
    PageKind.STATIC: {"ART", "CPY", "CE", "MGR"},
    PageKind.TOPIC: {"ART", "ACT", "MNT", "CE", "MGR"},
    # ART-03: the art editor redesigns the shop's own regions (chief editor approves).
    PageKind.REGION: {"ART", "CE", "MGR"},
}


class Page(Revisioned, models.Model):
    """A document (basic / process / promotional), a static page or a topic page.

    The row holds the live content (what the shop reads); drafts live in revisions
    (siteops.core.revisions). ``status`` is the workflow state of the newest revision."""

    revision_fields = (
        "title", "title_en", "body", "body_en", "seo_title", "seo_description", "blocks",
    )  # fmt: skip
    revision_publish_perm = "content.publish_page"

    kind = models.CharField(_("kind"), max_length=16, choices=PageKind.choices)
    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    title = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    body = models.TextField(_("text (Chinese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=120, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    blocks = models.JSONField(_("blocks"), default=list, blank=True)
    footer_group = models.CharField(
        _("footer group"), max_length=16, choices=FooterGroup.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=PageStatus.choices, default=PageStatus.DRAFT
    )
    needs_design = models.BooleanField(_("needs a designed page"), default=False)
    publish_at = models.DateTimeField(_("go live at"), null=True, blank=True)
    scheduled_revision = models.ForeignKey(
        "core.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled revision"),
    )
    author = models.ForeignKey(
        "org.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document or page")
        verbose_name_plural = _("documents and pages")
        ordering = ["kind", "order", "pk"]
        permissions = [("publish_page", _("Can publish documents and pages"))]
        indexes = [models.Index(fields=["status", "publish_at"], name="content_page_due")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Untrusted rich text: sanitised on every save (nh3), whichever path writes the row.
        self.body = clean_html(self.body)
        self.body_en = clean_html(self.body_en)
        super().save(*args, **kwargs)

    @property
    def status_badge(self) -> str:
        return PageStatus(self.status).badge

    # -- bilingual reading: English falls back to Chinese ------------------------------------
    def _localised(self, name: str) -> str:
        if (get_language() or "").startswith("en"):
            return getattr(self, f"{name}_en") or getattr(self, name)
        return getattr(self, name)

    @property
    def display_title(self) -> str:
        return self._localised("title")

    @property
    def display_body(self) -> str:
        return self._localised("body")

    # -- revision rules ------------------------------------------------------------------------
    def revision_check(self, *, who, action):
        if action in ("save", "restore") and self.status == PageStatus.IN_REVIEW:
            raise NotAllowed(_("This page is in review: withdraw it before changing it."))
        code = getattr(who, "position", "")
        if action in ("save", "restore") and code and code not in KIND_AUTHORS[self.kind]:
            raise NotAllowed(_("Your position does not write pages of this kind."))

    def on_revision_published(self, revision, who):
        """Every publish path (approval, schedule, rollback from the history) ends here, inside
        its transaction: the workflow state follows and the event is kept."""
        if revision is None:
            status, action = PageStatus.UNPUBLISHED, PageAction.UNPUBLISHED
        else:
            status, action = PageStatus.PUBLISHED, PageAction.PUBLISHED
        fields = {}
        if revision is not None and revision.pk == self.scheduled_revision_id:
            fields.update(publish_at=None, scheduled_revision_id=None)  # the schedule ran
        waiting = (PageStatus.IN_REVIEW, PageStatus.APPROVED, PageStatus.SCHEDULED)
        if revision is None or revision.pk == self.latest_revision_id or self.status not in waiting:
            fields["status"] = status  # a rollback leaves a newer draft's review alone
        if fields:
            type(self)._default_manager.filter(pk=self.pk).update(**fields)
            for name, value in fields.items():
                setattr(self, name, value)
        PageEvent.objects.create(
            page=self,
            action=action,
            revision_number=revision.number if revision else None,
            **who.event_fields(),
        )

    @classmethod
    def revision_queryset(cls, user):
        return cls._default_manager.all()


class PageEvent(Event):
    """What happened to a page: saves, review, schedule, publication (with who and as what)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=PageAction.choices)
    revision_number = models.PositiveIntegerField(_("revision"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("page event")
        verbose_name_plural = _("page events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page} · {self.get_action_display()}"


class Placement(models.Model):
    """Where short copy appears (home banner, shelf title, topic-page header …) and how many
    characters fit there (CPY-04)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    max_chars = models.PositiveSmallIntegerField(_("character limit"))

    class Meta:
        verbose_name = _("copy placement")
        verbose_name_plural = _("copy placements")
        ordering = ["name"]

    def __str__(self) -> str:
        return _("%(name)s (at most %(n)s characters)") % {"name": self.name, "n": self.max_chars}


class Slogan(models.Model):
    """A slogan or a piece of ad copy, with a variant per placement (CPY-04). Pages use it by
    reference (a "slogan" block), so a change shows wherever it is used."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    text = models.CharField(_("text (Chinese)"), max_length=200)
    text_en = models.CharField(_("text (English)"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("slogan or ad copy")
        verbose_name_plural = _("slogans and ad copy")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.text

    def for_placement(self, placement_code: str) -> str:
        """The variant for a placement (in the reader's language), else the slogan's own text."""
        english = (get_language() or "").startswith("en")
        for v in self.variants.all():
            if v.placement.code == placement_code:
                return v.text_en if english and v.text_en else v.text
        return self.text_en if english and self.text_en else self.text


class SloganVariant(models.Model):
    slogan = models.ForeignKey(Slogan, on_delete=models.CASCADE, related_name="variants")
    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="+", verbose_name=_("placement")
    )
    text = models.CharField(_("text (Chinese)"), max_length=200)
    text_en = models.CharField(_("text (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants per placement")
        constraints = [
            models.UniqueConstraint(fields=["slogan", "placement"], name="content_one_variant")
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.placement_id is None:
            return
        limit = self.placement.max_chars
        for name in ("text", "text_en"):
            value = getattr(self, name) or ""
            if len(value) > limit:
                raise ValidationError(
                    {name: _("%(placement)s fits at most %(n)s characters; this has %(len)s.")
                     % {"placement": self.placement.name, "n": limit, "len": len(value)}}
                )  # fmt: skip


def proof_path(instance, filename):
    # The file's own name is generated (siteops.core.uploads); the folder keeps a request's rounds together.
    return f"content/design/{instance.request_id or 'unfiled'}/{filename[-80:]}"


class DesignRequest(models.Model):
    """A design request to the art editor (ART-01/03/04/05, CPY-05): the brief, numbered proof
    rounds (a concept before the final), the final asset stored with the request."""

    page = models.ForeignKey(
        Page, on_delete=models.SET_NULL, null=True, blank=True, related_name="design_requests",
        verbose_name=_("page"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=160)
    purpose = models.TextField(_("purpose"), blank=True, max_length=4000)
    placements = models.TextField(_("placements and pixel sizes"), blank=True, max_length=2000)
    copy = models.TextField(_("copy"), blank=True, max_length=4000)
    references = models.TextField(_("references"), blank=True, max_length=2000)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DesignStatus.choices, default=DesignStatus.OPEN
    )
    requested_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_position_code = models.CharField(
        _("requested as position"), max_length=32, blank=True
    )
    requested_acting = models.BooleanField(_("requested as acting holder"), default=False)
    ad_request = models.ForeignKey(
        "merch.AdRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ad request of a shelf plan"),
    )  # fmt: skip
    final_asset = models.ForeignKey(
        "ProofRound", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("final asset"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("design request")
        verbose_name_plural = _("design requests")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_proof", _("Can approve or decline design proofs"))]
        constraints = [
            # PED-05/ART-02: a plan's ad request becomes one design request, however often the
            # job runs.
            models.UniqueConstraint(
                fields=["ad_request"], condition=models.Q(ad_request__isnull=False),
                name="content_design_one_per_ad_request",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge(self) -> str:
        return DesignStatus(self.status).badge


class ProofRound(Event):
    """One numbered proof the art editor hands in; the requester approves or declines it with
    consolidated feedback. The Event fields say who handed it in."""

    request = models.ForeignKey(DesignRequest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=16, choices=RoundKind.choices)
    image = models.ImageField(_("proof"), upload_to=proof_path, max_length=200)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=RoundDecision.choices, default=RoundDecision.PENDING
    )
    feedback = models.TextField(_("feedback"), blank=True, max_length=4000)
    decided_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_position_code = models.CharField(_("decided as position"), max_length=32, blank=True)
    decided_acting = models.BooleanField(_("decided as acting holder"), default=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proof round")
        verbose_name_plural = _("proof rounds")
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="content_round_number")
        ]

    def __str__(self) -> str:
        return f"{self.request} #{self.number}"


class Release(models.Model):
    """Several pages, slogans and ads that go live together at one instant, all or nothing: if
    one item fails its check, none is published and the release says which (Wagtail has no
    such thing; its users ask for it)."""

    name = models.CharField(_("name"), max_length=160)
    status = models.CharField(
        _("status"), max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("go live at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    failure = models.TextField(_("why it was not published"), blank=True)
    created_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"], name="content_release_due")]
        permissions = [("publish_release", _("Can assemble and publish releases"))]

    def __str__(self) -> str:
        return self.name

    @property
    def status_badge(self) -> str:
        return ReleaseStatus(self.status).badge


class ReleaseItem(models.Model):
    """One thing a release publishes: a page's approved revision, a slogan's new text, or an ad
    switched on. ``error`` says why it held the release back, when it did."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ReleaseItemKind.choices)
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("page"),
    )  # fmt: skip
    revision = models.ForeignKey(
        "core.Revision", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("revision"),
    )  # fmt: skip
    slogan = models.ForeignKey(
        Slogan, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("slogan"),
    )  # fmt: skip
    text = models.CharField(_("new text (Chinese)"), max_length=400, blank=True)
    text_en = models.CharField(_("new text (English)"), max_length=400, blank=True)
    ad = models.ForeignKey(
        "merch.Ad", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("ad"),
    )  # fmt: skip
    error = models.CharField(_("problem"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("release item")
        verbose_name_plural = _("release items")
        ordering = ["release", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="page", page__isnull=False, revision__isnull=False)
                    | models.Q(kind="slogan", slogan__isnull=False)
                    | models.Q(kind="ad", ad__isnull=False)
                ),
                name="content_release_item_target",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == ReleaseItemKind.PAGE:
            return _("%(page)s, revision #%(n)s") % {"page": self.page, "n": self.revision.number}
        if self.kind == ReleaseItemKind.SLOGAN:
            return _("Slogan “%(code)s” → “%(text)s”") % {
                "code": self.slogan.code,
                "text": self.text,
            }
        return _("Ad “%(ad)s” switched on") % {"ad": self.ad}


class PreviewLink(models.Model):
    """A shareable, read-only preview of one revision for reviewers without an account (other
    departments): the link carries a signed token naming this row; it stops working at its
    expiry or when revoked."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="preview_links")
    revision = models.ForeignKey(
        "core.Revision", on_delete=models.CASCADE, related_name="+", verbose_name=_("revision")
    )
    note = models.CharField(_("for whom"), max_length=120, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page} #{self.revision.number}"

    def is_valid(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at


class SignUp(models.Model):
    """A visitor's sign-up through a topic page's sign-up form (MNT-02), once per contact."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="signups",
                             verbose_name=_("page"))  # fmt: skip
    name = models.CharField(_("name"), max_length=60)
    contact = models.CharField(_("phone or e-mail"), max_length=120)
    customer = models.ForeignKey(
        "org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("customer account"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "contact"], name="content_signup_once")
        ]

    def __str__(self) -> str:
        return f"{self.page} · {self.name}"
