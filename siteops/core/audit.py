"""Who is doing this, acting as which position: one context for services, history and events.

Services call ``audit_context(actor=..., position=..., acting=...)`` around their writes; the
request middleware sets the user for admin writes. django-simple-history records are enriched
with the position code and whether the user was acting (see ``AuditedHistoryModel``).
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditInfo:
    actor_id: int | None = None
    position_code: str = ""
    acting: bool = False
    source: str = "staff"


_current: contextvars.ContextVar[AuditInfo] = contextvars.ContextVar(
    "siteops_audit",
    default=AuditInfo(),  # noqa: B039 (frozen dataclass: immutable)
)


def current() -> AuditInfo:
    return _current.get()


@contextlib.contextmanager
def audit_context(*, actor=None, position=None, acting: bool = False, source: str = "staff"):
    token = _current.set(
        AuditInfo(
            actor_id=getattr(actor, "pk", None),
            position_code=getattr(position, "code", position or "") or "",
            acting=acting,
            source=source,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


class AuditedHistoryModel(models.Model):
    """Abstract base for every historical record: adds "acting as which position"."""

    history_position = models.CharField(_("acting as position"), max_length=32, blank=True)
    history_acting = models.BooleanField(_("as acting holder"), default=False)
    history_source = models.CharField(_("source"), max_length=32, blank=True)

    class Meta:
        abstract = True


def fill_history_record(sender, **kwargs):
    """pre_create_historical_record handler: cross-cutting audit, no business logic."""
    info = current()
    record = kwargs["history_instance"]
    record.history_position = info.position_code
    record.history_acting = info.acting
    record.history_source = info.source
    if record.history_user_id is None and info.actor_id:
        record.history_user_id = info.actor_id
