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
            name = self.actor.get_full_name() or self.actor.get_username()
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
