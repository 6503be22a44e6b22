"""Shared model pieces: timestamps, the idempotency record of inbound API calls, revisions."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from siteops.core.events import Event


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The stored answer to an API call made with an ``Idempotency-Key``: a replay gets it back."""

    client = models.ForeignKey(
        "org.ApiClient", on_delete=models.CASCADE, related_name="+", verbose_name=_("API client")
    )
    scope = models.CharField(_("endpoint"), max_length=100)
    key = models.CharField(_("idempotency key"), max_length=200)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.JSONField(_("response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "scope", "key"], name="core_idempotency_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


# --- Revisions (see siteops/core/revisions.py) -------------------------------------------------
# The models live here because Django finds models in ``models.py``; the mechanism (mixin,
# services, diff, "which was live when") is in ``revisions.py``.


class Revision(Event):
    """One saved version of an edited-and-published record: its tracked fields, who saved it, why.

    Rows are only ever inserted: a restore is a new revision that names the one it came from.
    ``at``/``actor``/``position_code``/``acting``/``source`` (from :class:`Event`) say who saved it.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    number = models.PositiveIntegerField(_("revision number"))
    data = models.JSONField(_("content"), encoder=DjangoJSONEncoder)
    message = models.CharField(_("message"), max_length=300, blank=True)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored from"),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="core_revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class Publication(Event):
    """A moment a revision went live (or, with no revision, the record was taken offline)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("revision"),
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["content_type", "object_id", "-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="core_publication_when")
        ]

    def __str__(self) -> str:
        return f"{self.revision or '-'} @ {self.at:%Y-%m-%d %H:%M}"
