"""Shared pieces of the catalogue's services: who acts as which position, and audit context."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.core.errors import NotAllowed


@dataclass(frozen=True)
class Acting:
    """How an actor (a person or another department's system) does something."""

    user: object | None
    client: object | None
    position: str
    acting: bool
    source: str

    @property
    def user_id(self):
        return getattr(self.user, "pk", None)


def acting_for(actor, perm: str, *, client=None, source: str = "staff") -> Acting:
    """The position under which ``actor`` (or API ``client``) may do something needing ``perm``.

    Raises NotAllowed (translated) when neither a held/acting position nor the client allows it.
    """
    if client is not None:
        if not client.is_active or not client.has_perm(perm):
            raise NotAllowed(_("This system may not do that."))
        return Acting(None, client, client.position.code, False, "api")
    if actor is None:
        raise NotAllowed(_("You may not do that."))
    from siteops.org.choices import AssignmentKind
    from siteops.org.selectors import acting_as

    assignment = acting_as(actor, perm)
    if assignment is not None:
        return Acting(
            actor,
            None,
            assignment.position.code,
            assignment.kind == AssignmentKind.ACTING,
            source,
        )
    if getattr(actor, "is_superuser", False):
        return Acting(actor, None, "", False, source)
    raise NotAllowed(_("You may not do that."))


def system_acting(source: str = "scheduler") -> Acting:
    return Acting(None, None, "", False, source)


@contextlib.contextmanager
def audited(who: Acting):
    with audit_context(actor=who.user, position=who.position, acting=who.acting, source=who.source):
        yield
