"""Who did it, acting as which position: the one shape of every event and log row.

Every event/log model of every app inherits :class:`Event` (an abstract model) and fills its
fields from an :class:`Acting` — the answer of ``siteops.org.acting.acting_for(actor, perm)`` —
with ``MyEvent(**acting.event_fields(), ...)``. The field names are the same everywhere:

``at``             when it happened
``actor``          the person (null for a system or a job)
``client``         the other department's system (API client) that did it, if any
``position_code``  the position the actor used for the permission ("" when none: a customer, a job)
``acting``         True when the actor did it as an acting holder of that position
``source``         staff / customer / client system / job (:class:`EventSource`)

``core`` imports no domain app: the user and API-client models are named by string.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventSource(models.TextChoices):
    """Where an event came from."""

    STAFF = "staff", _("Staff")
    CUSTOMER = "customer", _("Customer")
    CLIENT = "client", _("Client system")
    JOB = "job", _("Scheduled job")


@dataclass(frozen=True)
class Acting:
    """How an actor (a person, another department's system, or a job) does something."""

    user: object | None = None
    client: object | None = None
    position: str = ""  # the position code used for the permission
    acting: bool = False
    source: str = EventSource.STAFF

    @property
    def user_id(self):
        return getattr(self.user, "pk", None)

    def event_fields(self) -> dict:
        """The keyword arguments that stamp an :class:`Event` row with this actor."""
        return {
            "actor": self.user if getattr(self.user, "pk", None) else None,
            "client": self.client,
            "position_code": self.position,
            "acting": self.acting,
            "source": self.source,
        }

    def record_fields(self, verb: str = "created") -> dict:
        """The keyword arguments that stamp a record's ``<verb>_by`` / ``<verb>_position_code`` /
        ``<verb>_acting`` (a record that says who made it; what happens to it later is an Event)."""
        return {
            f"{verb}_by": self.user if getattr(self.user, "pk", None) else None,
            f"{verb}_position_code": self.position,
            f"{verb}_acting": self.acting,
        }


# The values the apps wrote into their own ``source`` columns before there was one shape. Data
# migrations map them with :func:`legacy_source`; the finer facts live on in ``client`` (which
# department's system) and ``acting`` (cover for a vacant position).
_LEGACY_SOURCES = {
    "staff": EventSource.STAFF,
    "cover": EventSource.STAFF,
    "editor": EventSource.STAFF,
    "bulk": EventSource.STAFF,
    "customer": EventSource.CUSTOMER,
    "api": EventSource.CLIENT,
    "client": EventSource.CLIENT,
    "logistics": EventSource.CLIENT,
    "customer_service": EventSource.CLIENT,
    "sync": EventSource.CLIENT,
    "intake": EventSource.CLIENT,
    "scheduler": EventSource.JOB,
    "scheduled": EventSource.JOB,
    "system": EventSource.JOB,
    "job": EventSource.JOB,
}


def legacy_source(old: str, *, has_actor: bool, has_client: bool) -> str:
    """The :class:`EventSource` of a row written before the one shape (used by data migrations).

    A row with an API client came from a client system; a row that names a person was done by
    staff even when its old label named a department ("customer_service" typed in from a file by
    a clerk); a scheduled job stays a job even when it names who scheduled it.
    """
    if has_client:
        return EventSource.CLIENT
    mapped = _LEGACY_SOURCES.get((old or "").strip().lower())
    if mapped in (EventSource.JOB, EventSource.CUSTOMER):
        return mapped  # a job done on behalf of the person who scheduled it stays a job
    if has_actor:
        return EventSource.STAFF
    return mapped or EventSource.JOB


class Event(models.Model):
    """Abstract base of every event and log row: when, who, through which system, as which position."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    client = models.ForeignKey(
        "org.ApiClient",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by system"),
    )
    position_code = models.CharField(_("acting as position"), max_length=32, blank=True)
    acting = models.BooleanField(_("as acting holder"), default=False)
    source = models.CharField(
        _("source"), max_length=16, choices=EventSource.choices, default=EventSource.STAFF
    )

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    @property
    def who_label(self) -> str:
        """ "Li Na (acting as PED)" / "Warehouse system" / "Scheduled job" — for timelines."""
        from django.utils.translation import gettext as _g

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
