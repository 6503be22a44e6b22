"""Named hooks: how a lower layer asks a question that a higher app answers, without importing it.

``core`` may import no domain app, and a lower app (catalog) may not import a higher one (merch).
When the lower one needs an answer only the higher one has, it *declares* a hook here by name
and asks it; the owning app *provides* the answer from its ``AppConfig.ready()``::

    # siteops/merch/apps.py (the owner)
    def ready(self):
        from siteops.core import hooks
        from . import selectors
        hooks.provide("catalog.products_on_live_shelf", selectors.product_on_live_shelf)

    # siteops/catalog/services/syncs.py (the asker)
    on_shelf = hooks.ask("catalog.products_on_live_shelf", ids)

Every hook is listed in ``DECLARED`` with what it answers and what ``ask`` returns when no
installed app provides it (``REQUIRED``: a configuration error, raised at the first ask).
``siteops/core/tests/test_layering.py`` checks that each declared hook is provided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()


@dataclass(frozen=True)
class Hook:
    name: str
    doc: str
    default: Any = REQUIRED  # what ask() returns when nobody provides it (a value, not a call)
    # A hook point left for an app that is not built yet: ask() answers the default until that
    # app provides it (the layering test does not require a provider for it).
    optional: bool = False


DECLARED: dict[str, Hook] = {
    h.name: h
    for h in [
        Hook("core.backoffice_access", "user → bool: may this person enter the back office "
             "(holds or acts for a position today). Provided by org."),
        Hook("menu.may_submit_product", "user → bool: show 'Submit a product' (Purchasing, "
             "or who covers its vacant position). Provided by catalog.", default=False),
        Hook("menu.sees_a_report", "user → bool: show 'Reports' (the user may see at least one "
             "registered report dataset). Provided by reports.", default=False),
        Hook("core.position_names", "set of position codes → {code: position}: the positions "
             "events were recorded as (the timeline's 'as position'), from the request's staffing "
             "snapshot where there is one. Provided by org."),
        Hook("core.acting_for", "(user, perm) → Acting: the position the user acts as for the "
             "permission (raises NotAllowed). Provided by org (siteops.org.acting)."),
        Hook("infra.site_went_live", "(site, who) → None: a website was marked live; compliance "
             "opens its 公安备案 task (due within 30 days). Provided by compliance.", default=None),
        Hook("infra.site_compliance", "site → list of dicts (label, status, badge, detail, due, "
             "url): the website's 公安备案 filing and the licences its footer must show, for the "
             "site's page. Provided by compliance.", default=()),
        Hook("people_equipment_unreturned", "user → list of dicts (tag, name, kind, since, url): "
             "office equipment checked out to the person and not yet returned or written off, "
             "for the separation hand-over checklist. Provided by infra.", default=()),
        Hook("catalog.catalogue_version", "request → int or None: a number the database raises "
             "with every change to the categories, brands and what a product card shows (the "
             "shop version), read once a request; None where there is none (then nothing is "
             "kept by it). Provided by storefront.", default=None),
        Hook("catalog.products_on_live_shelf", "product ids → ids of those on a shelf that is "
             "live now. Provided by merch.", default=frozenset()),
        Hook("orders.points_spend", "(order, points) → Decimal: pay part of the order's goods "
             "with the customer's points, booked in the order's transaction; the value in CNY "
             "(raises DomainError when they cannot). Provided by loyalty.", default=None),
        Hook("orders.status_changed", "(order_id, from, to) → None: an order moved (inside the "
             "transition's transaction), e.g. points paid with come back on a cancellation. "
             "Provided by loyalty.", default=None),
    ]
}  # fmt: skip

_provided: dict[str, Callable] = {}


def provide(name: str, fn: Callable) -> Callable:
    """Register the one implementation of a declared hook (call from ``AppConfig.ready()``)."""
    if name not in DECLARED:
        raise ImproperlyConfigured(f"Hook {name!r} is not declared in siteops.core.hooks.DECLARED.")
    current = _provided.get(name)
    if current is not None and current is not fn:
        raise ImproperlyConfigured(f"Hook {name!r} is already provided by {current!r}.")
    _provided[name] = fn
    return fn


def provided(name: str) -> bool:
    return name in _provided


def ask(name: str, *args, **kwargs):
    """Call the hook's implementation; without one, its declared default (or an error)."""
    fn = _provided.get(name)
    if fn is not None:
        return fn(*args, **kwargs)
    hook = DECLARED.get(name)
    if hook is None:
        raise ImproperlyConfigured(f"Hook {name!r} is not declared in siteops.core.hooks.DECLARED.")
    if hook.default is REQUIRED:
        raise ImproperlyConfigured(f"No installed app provides the hook {name!r}.")
    return hook.default
