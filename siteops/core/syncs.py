"""Sync batches: the one shape of "another department sent us a set of changes".

A sync — an API call with many rows or an uploaded file — is a batch of rows. Each row says what
it targets (``key``), the value now and the value it brings (``old_value`` → ``new_value``), its
``status`` and, if it cannot apply, the ``error`` in words. A batch is first a *preview* (nothing
changed), then *applied* once (a conditional UPDATE, so two clicks apply it once), and, when some
rows wait for a person, *review* until each is decided (*done*). A batch that nobody wants is
*discarded*.

Every app's concrete batch and row models inherit :class:`SyncBatch` and :class:`SyncRow` here,
so their field names are the same everywhere (catalog's Warehouse/Purchasing syncs, fulfilment's
Logistics/Customer Service status files):

``kind``                     which sender's changes (the app's own choices)
``channel``                  API call or uploaded file
``status``                   :class:`SyncBatchStatus`
``idempotency_key``,
``request_hash``             the sender's key and the fingerprint of what it sent: the same key
                             again is a replay (the first batch, nothing new); the same key with
                             another body is refused (422, ``idempotency_mismatch``)
``actor`` … ``source``       who sent it — the same names as :class:`siteops.core.events.Event`
``rows_*``                   counts by outcome
``created_at``/``applied_at``

A service of an app uses the helpers below::

    batch, created = batch_open(SyncBatch, kind=..., who=acting, rows_total=len(rows),
                                idempotency_key=key, body=body)
    if not created:
        return batch                       # a replay: nothing new
    ...                                    # record the rows (old -> new, status, error)
    batch_claim(batch)                     # preview -> applied, once; IllegalTransition otherwise
    batch_count(batch)                     # rows_* from the rows

``core`` imports no domain app: the user and API-client models are named by string.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .errors import IllegalTransition
from .events import Acting, EventSource

ERROR_LENGTH = 300
VALUE_LENGTH = 200


class SyncChannel(models.TextChoices):
    API = "api", _("API")
    FILE = "file", _("File upload")


class SyncBatchStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview (not applied)")
    APPLIED = "applied", _("Applied")
    REVIEW = "review", _("Applied; some rows wait for a person")
    DONE = "done", _("Done (every row decided)")
    DISCARDED = "discarded", _("Discarded")

    @property
    def badge(self) -> str:
        return {"preview": "info", "applied": "success", "review": "warning", "done": "success",
                "discarded": "danger"}[self.value]  # fmt: skip


class SyncRowStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPLIED = "applied", _("Applied")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held (waiting for an earlier event)")
    REVIEW = "review", _("Waits for the product editor")
    REJECTED = "rejected", _("Rejected by the product editor")
    DUPLICATE = "duplicate", _("Already applied")
    ERROR = "error", _("Error")
    DISCARDED = "discarded", _("Discarded")

    @property
    def badge(self) -> str:
        return {"pending": "info", "applied": "success", "scheduled": "info", "held": "warning",
                "review": "warning", "rejected": "danger", "duplicate": "info", "error": "danger",
                "discarded": "danger"}[self.value]  # fmt: skip


class SyncBatch(models.Model):
    """Abstract base of every sync batch: what was sent, by whom, and what became of its rows."""

    kind = models.CharField(_("from"), max_length=20)  # the concrete model sets the choices
    channel = models.CharField(
        _("channel"), max_length=8, choices=SyncChannel.choices, default=SyncChannel.FILE
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SyncBatchStatus.choices,
        default=SyncBatchStatus.PREVIEW,
        db_index=True,
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, blank=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64, blank=True)
    # Who sent it: the same names as siteops.core.events.Event.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    client = models.ForeignKey(
        "org.ApiClient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by system"),
    )
    position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    acting = models.BooleanField(_("as acting holder"), default=False)
    source = models.CharField(
        _("source"), max_length=16, choices=EventSource.choices, default=EventSource.STAFF
    )
    filename = models.CharField(_("file"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_applied = models.PositiveIntegerField(_("applied"), default=0)
    rows_review = models.PositiveIntegerField(_("waiting for review"), default=0)
    rows_error = models.PositiveIntegerField(_("rows with errors"), default=0)
    rows_scheduled = models.PositiveIntegerField(_("scheduled"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One batch per sender and key: a replay finds the first batch. Two constraints, one
            # per kind of sender, because NULLs are distinct in a unique index (a client's batch
            # has no actor; a person's has no client).
            models.UniqueConstraint(
                fields=["kind", "client", "idempotency_key"],
                condition=~Q(idempotency_key="") & Q(client__isnull=False),
                name="%(app_label)s_%(class)s_client_key_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "actor", "idempotency_key"],
                condition=~Q(idempotency_key="") & Q(client__isnull=True),
                name="%(app_label)s_%(class)s_actor_key_once",
            ),
        ]

    @property
    def status_badge(self) -> str:
        return SyncBatchStatus(self.status).badge

    @property
    def sender_label(self) -> str:
        """ "Li Na (acting as WHS)" / "Warehouse system" — who sent the batch, for lists."""
        if self.actor_id:
            name = str(self.actor)  # display name, else full name, else username
        elif self.client_id:
            name = str(self.client)
        else:
            name = self.get_source_display()
        if self.position_code and self.acting:
            return _g("%(name)s (acting as %(position)s)") % {
                "name": name,
                "position": self.position_code,
            }
        return name


class SyncRow(models.Model):
    """Abstract base of every sync row: its line, what it targets, old -> new, status, error.

    The concrete model adds ``batch`` (a foreign key to its batch, ``related_name="rows"``).
    """

    line = models.PositiveIntegerField(_("line"))
    key = models.CharField(_("code"), max_length=64, blank=True)
    old_value = models.CharField(_("old value"), max_length=VALUE_LENGTH, blank=True)
    new_value = models.CharField(_("new value"), max_length=VALUE_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SyncRowStatus.choices, default=SyncRowStatus.PENDING
    )
    error = models.CharField(_("error"), max_length=ERROR_LENGTH, blank=True)

    class Meta:
        abstract = True
        ordering = ["batch", "line"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.key}"

    @property
    def status_badge(self) -> str:
        return SyncRowStatus(self.status).badge


# --- Services shared by every app's syncs -------------------------------------------------------


def sender_fields(who: Acting) -> dict:
    """The batch's "who sent it" fields from an :class:`Acting` (as an Event is stamped).

    Takes any object with the attributes of :class:`Acting` (``user``, ``client``, ``position``,
    ``acting``, ``source``), so an app still on an acting helper of its own stamps the same way.
    """
    user = getattr(who, "user", None)
    client = getattr(who, "client", None)
    source = getattr(who, "source", "") or EventSource.STAFF
    if client is not None:
        source = EventSource.CLIENT
    elif source not in EventSource.values:
        source = EventSource.JOB if user is None else EventSource.STAFF
    return {
        "actor": user if getattr(user, "pk", None) else None,
        "client": client,
        "position_code": getattr(who, "position", "") or "",
        "acting": bool(getattr(who, "acting", False)),
        "source": source,
    }


def batch_open(
    model: type[SyncBatch], *, kind: str, who: Acting, idempotency_key: str = "", body=None,
    **fields,
) -> tuple[SyncBatch, bool]:  # fmt: skip
    """Create a batch, or find the one this sender already sent with this key.

    Returns ``(batch, created)``. With a key: the same key and the same ``body`` → the first
    batch and ``created=False`` (a replay; the caller records nothing new); the same key with
    another body → :class:`IdempotencyMismatch` (422). Call inside the write transaction.
    """
    from .idempotency import IdempotencyMismatch, fingerprint

    key = (idempotency_key or "").strip()[:200]
    digest = fingerprint(body) if key else ""
    sender = sender_fields(who)
    if key:
        existing = model.objects.filter(
            kind=kind, client=sender["client"], actor=sender["actor"], idempotency_key=key
        ).first()
        if existing is not None:
            if existing.request_hash != digest:
                raise IdempotencyMismatch()
            return existing, False
    try:
        with transaction.atomic():
            batch = model.objects.create(
                kind=kind, idempotency_key=key, request_hash=digest, **sender, **fields
            )
    except IntegrityError:
        if not key:
            raise
        # The same key committed by a concurrent call meanwhile: that one is the batch.
        existing = model.objects.get(
            kind=kind, client=sender["client"], actor=sender["actor"], idempotency_key=key
        )
        if existing.request_hash != digest:
            raise IdempotencyMismatch() from None
        return existing, False
    return batch, True


def batch_claim(
    batch: SyncBatch, *, to: str = SyncBatchStatus.APPLIED, message: str | None = None
) -> None:
    """preview -> ``to`` exactly once (a conditional UPDATE); otherwise IllegalTransition."""
    now = timezone.now()
    changes = {"status": to}
    if to == SyncBatchStatus.APPLIED:
        changes["applied_at"] = now
    claimed = (
        type(batch).objects.filter(pk=batch.pk, status=SyncBatchStatus.PREVIEW).update(**changes)
    )
    if claimed != 1:
        raise IllegalTransition(message or _g("This batch has already been applied or discarded."))
    batch.status = to
    if to == SyncBatchStatus.APPLIED:
        batch.applied_at = now


def batch_discard(batch: SyncBatch, *, message: str | None = None) -> None:
    """preview -> discarded once; its pending rows become discarded too."""
    batch_claim(batch, to=SyncBatchStatus.DISCARDED, message=message)
    batch.rows.filter(status=SyncRowStatus.PENDING).update(status=SyncRowStatus.DISCARDED)


def row_counts(rows) -> dict[str, int]:
    """The batch's counts from its rows (one aggregate query)."""
    return rows.aggregate(
        applied=Count("pk", filter=Q(status=SyncRowStatus.APPLIED)),
        review=Count("pk", filter=Q(status=SyncRowStatus.REVIEW)),
        error=Count("pk", filter=Q(status=SyncRowStatus.ERROR)),
        scheduled=Count("pk", filter=Q(status=SyncRowStatus.SCHEDULED)),
    )


def batch_count(batch: SyncBatch, known: dict | None = None) -> None:
    """Store the batch's row counts; ``known``: the counts when the caller has them already."""
    c = known or row_counts(batch.rows.all())
    type(batch).objects.filter(pk=batch.pk).update(
        rows_applied=c["applied"], rows_review=c["review"], rows_error=c["error"],
        rows_scheduled=c["scheduled"],
    )  # fmt: skip
    batch.rows_applied, batch.rows_review = c["applied"], c["review"]
    batch.rows_error, batch.rows_scheduled = c["error"], c["scheduled"]


def batch_close_if_decided(batch: SyncBatch) -> None:
    """review -> done once no row waits for a person any more."""
    batch_count(batch)
    if not batch.rows.filter(status=SyncRowStatus.REVIEW).exists():
        type(batch).objects.filter(pk=batch.pk, status=SyncBatchStatus.REVIEW).update(
            status=SyncBatchStatus.DONE
        )


def row_errors(batch: SyncBatch):
    """The rows that cannot apply, with their reasons, in line order."""
    return batch.rows.filter(status=SyncRowStatus.ERROR).order_by("line")


def preview(batch: SyncBatch, *, limit: int = 1000, status: str = ""):
    """The rows as a person reviews them (line, key, old -> new, status, error), in line order."""
    rows = batch.rows.order_by("line")
    if status in SyncRowStatus.values:
        rows = rows.filter(status=status)
    return rows[:limit]


def error_text(exc) -> str:
    return str(exc)[:ERROR_LENGTH]


__all__ = [
    "SyncBatch", "SyncBatchStatus", "SyncChannel", "SyncRow", "SyncRowStatus", "batch_claim",
    "batch_close_if_decided", "batch_count", "batch_discard", "batch_open", "preview",
    "row_counts", "row_errors", "sender_fields",
]  # fmt: skip
