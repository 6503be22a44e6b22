"""Caching of the home page's main part, keyed by the shop version (see migration 0003).

Only the part between header and footer is cached (no CSRF token, no login state in it). An entry
is valid while the shop version is unchanged and until the next start or end time of a shelf,
slot or ad (so scheduled merchandising appears and disappears on time). A hit costs one query.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min
from django.utils import timezone


def shop_version() -> int | None:
    """The current version, or None when there is none (then nothing is cached)."""
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT version FROM storefront_shop_version WHERE id = 1")
            row = cur.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def next_schedule_change(now: datetime.datetime) -> datetime.datetime | None:
    """The next start or end of a shelf, a slot or an ad after ``now``."""
    try:
        from siteops.merch.models import Ad, Shelf, ShelfSlot
    except ImportError:  # pragma: no cover
        return None
    times = []
    for model in (Shelf, ShelfSlot, Ad):
        agg = model.objects.aggregate(
            s=Min("start", filter=_after("start", now)), e=Min("end", filter=_after("end", now))
        )
        times += [t for t in agg.values() if t is not None]
    return min(times) if times else None


def _after(field, now):
    from django.db.models import Q

    return Q(**{f"{field}__gt": now})


def cached_fragment(name: str, lang: str, render) -> str:
    """The cached fragment ``name`` for ``lang``, rendering (and storing) it when stale."""
    version = shop_version()
    if version is None:
        return render()
    key = f"storefront:{name}:{lang}:{version}"
    now = timezone.now()
    hit = cache.get(key)
    if hit is not None and (hit[1] is None or now < hit[1]):
        return hit[0]
    html = render()
    valid_until = next_schedule_change(now)
    timeout = 3600
    if valid_until is not None:
        timeout = max(1, min(timeout, int((valid_until - now).total_seconds()) + 1))
    cache.set(key, (html, valid_until), timeout)
    return html
