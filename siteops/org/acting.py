"""The one helper a service calls to learn the position an actor uses for a permission.

    who = acting_for(request.user, "catalog.change_product")          # a person
    who = acting_for(None, "fulfilment.add_syncbatch", client=client)  # another department's system
    who = system_acting()                                              # a scheduled job
    with audited(who):                       # django-simple-history rows get the same facts
        ProductEvent.objects.create(product=p, **who.event_fields(), ...)

``acting_for`` raises ``NotAllowed`` (translated) when neither a held/acting position nor the
client grants the permission. Superusers act with no position.
"""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.core.errors import NotAllowed
from siteops.core.events import Acting, EventSource

__all__ = ["Acting", "acting_for", "system_acting", "customer_acting", "audited"]


def acting_for(
    actor, perm: str, *, client=None, source: str = EventSource.STAFF, cover: str = ""
) -> Acting:
    """The position under which ``actor`` (or API ``client``) may do something needing ``perm``.

    ``cover="PUR-COL"``: when none of the actor's positions grants ``perm`` but ``resolve()`` of
    that position names them (its holder is away or it is vacant, and its acting fallback is one
    of theirs — PED-08: the product editor covers Purchasing's collection clerk), they do it as
    that position, recorded as acting for it, without an appointment.
    """
    if client is not None:
        if not client.is_active or not client.has_perm(perm):
            raise NotAllowed(_("This system may not do that."))
        return Acting(None, client, client.position.code, False, EventSource.CLIENT)
    if actor is None or not getattr(actor, "is_authenticated", False):
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
    if cover:
        from siteops.org.selectors import resolve

        if any(u.pk == actor.pk for u in resolve(cover).users):
            return Acting(actor, None, cover, True, source)
    if getattr(actor, "is_superuser", False):
        return Acting(actor, None, "", False, source)
    raise NotAllowed(_("You may not do that."))


def system_acting(source: str = EventSource.JOB) -> Acting:
    """A scheduled job or the system itself: no person, no position."""
    return Acting(None, None, "", False, source)


def customer_acting(user) -> Acting:
    """A shop customer acting on their own account or order."""
    return Acting(user, None, "", False, EventSource.CUSTOMER)


@contextlib.contextmanager
def audited(who: Acting):
    with audit_context(actor=who.user, position=who.position, acting=who.acting, source=who.source):
        yield
