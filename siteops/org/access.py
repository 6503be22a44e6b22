"""A person's access today — the positions they hold or act for and the permissions those give —
resolved once per request and cached per person.

Every back-office page asks "may this person enter?" and "may they …?" dozens of times (the door,
the menu, the page's buttons). The answer depends on three things only, all in the cache key:

- the person's ``access_version``, which database triggers raise whenever their appointments or
  the permissions of a position they were appointed to change (migration 0005) — and which comes
  with the user row that authentication loads on every request, so reading it costs no query;
- the **day** (in the site's time zone): appointments start and end by date, so acting that begins
  or ends on a day takes effect on that day, with nobody touching the person;
- whether the person is a superuser.

A change of appointment therefore takes effect on the next request in every process (the version
is in the database, not in a per-process cache), and a cache entry can never be served for
another person or another day. A miss costs two queries (the assignments in force, the
permissions); a hit none.

Only a user object loaded by authentication for the current request (``PositionBackend.get_user``
marks it) uses the shared cache: its version is as fresh as the request. Any other instance (one
a service or a test created before appointing the person, so its in-memory version is stale) is
resolved from the database, once per object — as Django's own ``_perm_cache`` does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache

from .models import PositionAssignment, local_day

CACHE_SECONDS = 36 * 3600  # the day is in the key; this only bounds how long stale keys linger


@dataclass(frozen=True)
class Access:
    key: str
    day: datetime.date
    # (position id, position code, kind) of every assignment in force on ``day``, holder first.
    positions: tuple[tuple[int, str, str], ...]
    # "app_label.codename" of every permission the positions (and direct grants) give.
    perms: frozenset[str]

    @property
    def holds_position(self) -> bool:
        return bool(self.positions)

    @property
    def position_ids(self) -> frozenset[int]:
        return frozenset(p[0] for p in self.positions)


def cache_key(user, day: datetime.date, version: int | None = None) -> str:
    version = user.access_version if version is None else version
    return (f"org:access:1:{user.pk}:{version}:{int(bool(user.is_superuser))}:"
            f"{day.isoformat()}")  # fmt: skip


def _resolve(user, day: datetime.date, key: str) -> Access:
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    rows = sorted(
        PositionAssignment.objects.active(day)
        .filter(user=user)
        .values_list("position_id", "position__code", "kind", "position__order"),
        key=lambda r: (r[2] != "holder", r[3], r[0]),
    )
    positions = tuple((pid, code, kind) for pid, code, kind, _order in rows)
    if user.is_superuser:
        perms_qs = Permission.objects.all()
    else:
        # The groups of the positions in force today, and permissions given to the person
        # directly (Django's ModelBackend counts those too); never the person's own groups.
        perms_qs = Permission.objects.filter(
            Q(group__position__in=[p[0] for p in positions]) | Q(user=user)
        )
    perms = frozenset(
        f"{app}.{codename}"
        for app, codename in perms_qs.values_list("content_type__app_label", "codename").distinct()
    )
    return Access(key=key, day=day, positions=positions, perms=perms)


_LOCAL: dict[str, Access] = {}
_LOCAL_MAX = 4096


def _remember(key: str, access: Access) -> None:
    if len(_LOCAL) >= _LOCAL_MAX:
        _LOCAL.clear()
    _LOCAL[key] = access


def forget_kept_access() -> None:
    """Drop this process's kept answers (tests: a rolled-back test can leave a person's id,
    version and day to the next one)."""
    _LOCAL.clear()


def access_of(user, at=None) -> Access:
    """The person's positions and permissions on the day of ``at`` (default today).

    Memoised on the user object (one resolution per request) and cached per person, version
    and day in the default cache.
    """
    day = local_day(at)
    key = cache_key(user, day)
    memo = getattr(user, "_siteops_access", None)
    if memo is not None and memo.key == key:
        return memo
    shared = getattr(user, "_siteops_fresh", False)
    access = None
    if shared:
        # The key names the person's access version and day, so what it names never changes:
        # kept in this process too, in front of the shared cache (whose lookup costs ≈ 400
        # Python calls: key checks, locking, unpickling).
        access = _LOCAL.get(key)
        if access is None:
            access = cache.get(key)
            if access is not None:
                _remember(key, access)
    if access is None:
        access = _resolve(user, day, key)
        if shared:
            cache.set(key, access, CACHE_SECONDS)
            _remember(key, access)
    if at is None:
        user._siteops_access = access
    return access


def warm_on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: resolve the person's access at login, so the first page after it
    costs what every other page does (the version read from the database: the instance a login
    receives may predate the person's last appointment)."""
    if user is None or user.pk is None:
        return
    version = (
        type(user)._default_manager.filter(pk=user.pk).values_list("access_version", flat=True)
    ).first()
    if version is None:
        return
    day = local_day()
    key = cache_key(user, day, version)
    if cache.get(key) is None:
        cache.set(key, _resolve(user, day, key), CACHE_SECONDS)


def forget(user) -> None:
    """Drop the per-request memo (after a change made in this very request)."""
    user.__dict__.pop("_siteops_access", None)
    user.__dict__.pop("_siteops_has_position", None)
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)
