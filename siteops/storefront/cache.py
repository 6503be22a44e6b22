"""Caching of shop pages, keyed by the shop version (see migrations 0003 and 0004).

``shop_page``: whole pages for anonymous visitors (home, category, product, help pages).
``cached_fragment``: the home page's main part, for everyone else (logged-in customers).

The fragment holds no CSRF token and no login state; a whole page keeps a placeholder where its
CSRF tokens go. Either is valid while the shop version is unchanged and until the next start or
end time of a shelf, slot or ad (so scheduled merchandising appears and disappears on time). A
hit costs one query.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from siteops.catalog.selectors import sold_out_behaviour
from siteops.core import versions

PAGE_TIMEOUT = 3600
LOW_STOCK = 10  # the product page says "only N left" below this (storefront/product.html)


def shop_version() -> int | None:
    """The current version, or None when there is none (then nothing is cached)."""
    return versions.read("storefront_shop_version")


_ASK = object()


def request_shop_version(request) -> int | None:
    """The shop version, read once per request: every per-version cache a page uses (the whole
    page, its product grids, its footer) keys on the same reading, and a page costs one query for
    it however many caches it asks."""
    if request is None:
        return shop_version()
    version = getattr(request, "_shop_version", _ASK)
    if version is _ASK:
        version = request._shop_version = shop_version()
    return version


def per_version(name: str, compute, timeout: int = PAGE_TIMEOUT, *, stale=None, version=_ASK):
    """``compute()``, cached while the shop version is unchanged (shared by every page that needs
    it: a category's filters and counts serve all its sort orders and pages). ``stale(value)``
    may reject a cached value early. ``version``: the shop version when the caller has already
    read it (a page caching several fragments reads it once)."""
    if version is _ASK:
        version = shop_version()
    if version is None:
        return compute()
    key = f"storefront:v:{name}:{version}"
    hit = cache.get(key)
    if hit is not None and (stale is None or not stale(hit[0])):
        return hit[0]
    value = compute()
    cache.set(key, (value,), timeout)
    return value


def next_schedule_change(now: datetime.datetime, version=_ASK) -> datetime.datetime | None:
    """The next start or end of a shelf, a slot or an ad after ``now`` (cached per version until
    that moment has passed). ``version``: the shop version when the caller has read it."""
    return per_version(
        "schedule",
        lambda: _next_schedule_change(now),
        stale=lambda when: when is not None and when <= now,
        version=version,
    )


def _next_schedule_change(now: datetime.datetime) -> datetime.datetime | None:
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


def _fresh(key: str, now: datetime.datetime):
    """The cached entry (value, valid until, …) under ``key`` if it is still valid at ``now``."""
    hit = cache.get(key)
    return hit if hit is not None and (hit[1] is None or now < hit[1]) else None


def _store(key: str, value, now: datetime.datetime, *extra, version=_ASK) -> None:
    """Cache (value, valid until, *extra) until the next merchandising schedule change."""
    valid_until = next_schedule_change(now, version)
    timeout = PAGE_TIMEOUT
    if valid_until is not None:
        timeout = max(1, min(timeout, int((valid_until - now).total_seconds()) + 1))
    cache.set(key, (value, valid_until, *extra), timeout)


def cached_fragment(name: str, lang: str, render) -> str:
    """The cached fragment ``name`` for ``lang``, rendering (and storing) it when stale."""
    version = shop_version()
    if version is None:
        return render()
    key = f"storefront:{name}:{lang}:{version}"
    now = timezone.now()
    hit = _fresh(key, now)
    if hit is not None:
        return hit[0]
    html = render()
    _store(key, html, now, version=version)
    return html


# --- Whole pages for anonymous visitors ------------------------------------------------------

# Django's {% csrf_token %} renders exactly this; the cached copy keeps a placeholder instead of
# the token, and every hit puts in a token of its own (so each visitor still gets a CSRF cookie).
_CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
_CSRF_PLACEHOLDER = "\x00csrf\x00"


def _cacheable_request(request) -> bool:
    """Anonymous GET/HEAD with nothing personal to show (no pending messages)."""
    if request.method not in ("GET", "HEAD") or settings.SITEOPS.get("SHOP_PAGE_CACHE") is False:
        return False
    if request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    # len() counts stored and queued messages without marking them as seen.
    return storage is None or len(storage) == 0


def _version_only(request, *args, **kwargs) -> tuple[int | None, str]:
    return request_shop_version(request), ""


def shop_page(page_key=_version_only):
    """Cache a shop page whole for anonymous visitors, keyed by path, language and shop version.

    ``page_key(request, **kwargs)`` returns (shop version, what else the key needs): the product
    page adds its stock state, which the version does not cover, in the same query. A hit costs
    that one query and one cache read; the page shows a change on the first request after it
    commits, because the database triggers change the version in the same transaction. Logged-in customers, requests with pending
    messages and anything but a 200 are rendered as usual.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            version, extra = page_key(request, *args, **kwargs)
            if version is None:
                return view(request, *args, **kwargs)
            path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False)
            key = (f"storefront:page:{get_language()}:{sold_out_behaviour()}:{version}:{extra}:"
                   f"{path.hexdigest()}")  # fmt: skip
            now = timezone.now()
            hit = _fresh(key, now)
            if hit is not None:
                body = hit[0]
                if _CSRF_PLACEHOLDER in body:  # only pages with a form (the product page)
                    body = body.replace(_CSRF_PLACEHOLDER, get_token(request))
                response = HttpResponse(body, content_type=hit[2])
                response["X-Shop-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            html = _CSRF_INPUT.sub(
                rf"\g<1>{_CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
            )
            _store(key, html, now, response["Content-Type"], version=version)
            response["X-Shop-Cache"] = "miss"
            return response

        return wrapper

    return decorator


def product_page_key(request, pk) -> tuple[int | None, str]:
    """The shop version and what the product page shows of its SKUs' stock, in one query (the
    version leaves stock out, since every checkout changes it): per active SKU, its availability
    capped at the "only N left" limit."""
    try:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT v.version, s.id, s.stock_on_hand - s.stock_reserved"
                " FROM storefront_shop_version v LEFT JOIN catalog_sku s"
                " ON s.product_id = %s AND s.is_active WHERE v.id = 1 ORDER BY s.id",
                [pk],
            )
            rows = cur.fetchall()
    except DatabaseError:
        return None, ""
    if not rows:
        return None, ""
    stock = "-".join(f"{i}.{max(0, min(a, LOW_STOCK))}" for _v, i, a in rows if i is not None)
    request._shop_version = rows[0][0]  # the page's other per-version caches key on this reading
    return rows[0][0], stock
