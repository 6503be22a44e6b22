"""Reads of the organisation: who does a position's work now, and the org chart."""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.functional import cached_property

from .choices import AssignmentKind, CoverVia
from .models import ActingFallback, Department, Duty, Position, PositionAssignment, local_day


@dataclass
class Resolution:
    """The people who do a position's work at a moment, and how they were found."""

    position: Position
    users: list
    via: str
    covering_position: Position | None = None
    assignments: list = field(default_factory=list)

    @property
    def is_vacant(self) -> bool:
        return self.via not in (CoverVia.HOLDER,)

    @property
    def via_label(self) -> str:
        return CoverVia(self.via).label


_CURRENT: dict = {}  # (database, organisation version, day) → the shared Staffing of today
_CURRENT_LOCK = threading.Lock()
# The snapshot a reading request (GET, HEAD) has taken, so that the view, the menu, the context
# processors and the workbench's sections read the organisation version once (issue #20); None
# outside such a request (``one_snapshot_per_request``).
_REQUEST_SNAPSHOT: ContextVar[list | None] = ContextVar("siteops_request_staffing", default=None)
_REQUEST_VERSION: ContextVar = ContextVar("siteops_request_org_version", default=None)


@contextmanager
def one_snapshot_per_request(version=None):
    """Within the block, ``Staffing.current()`` gives the snapshot it gave first (where it may be
    kept at all). For requests that only read: a request that changes the organisation must see
    its change (``siteops.org.middleware``).

    ``version``: a callable giving the organisation version this request has read already (with
    its user, ``PositionBackend.get_user``), or None; the first snapshot then needs no query to
    know whether it is current."""
    token = _REQUEST_SNAPSHOT.set([])
    version_token = _REQUEST_VERSION.set(version)
    try:
        yield
    finally:
        _REQUEST_VERSION.reset(version_token)
        _REQUEST_SNAPSHOT.reset(token)


def _shareable() -> bool:
    """Whether a snapshot may be kept and shared: not inside a transaction (see current())."""
    from django.db import connection

    return not connection.in_atomic_block


def may_keep_snapshots() -> bool:
    """Whether what is read now may be kept and shared by version (not inside a transaction,
    which may have changed the organisation and may still roll back)."""
    return _shareable()


def forget_current_staffing() -> None:
    """Drop the shared snapshot (tests that roll back the database between them)."""
    with _CURRENT_LOCK:
        _CURRENT.clear()


class Staffing:
    """A snapshot of every assignment in force on a day: resolve() many positions with 3 queries."""

    # (database, organisation version, day) of a snapshot kept by current(); None for one built
    # for a single use (inside a transaction): what is worked out from a kept one may be kept too.
    kept_key = None

    def __init__(
        self, at: datetime.date | datetime.datetime | None = None, *, only_for: int | None = None
    ):
        """``only_for``: a position id whose resolve() is all that will be asked: only the
        assignments of the positions its answer can come from (itself, its fallbacks, its
        reporting line) are loaded — one position's answer must not cost a read of every
        assignment of a large company (it is asked on every back-office page by the menu)."""
        self.day = local_day(at)
        self._derived: dict = {}
        self._resolved: dict[int, Resolution] = {}
        self.positions = {p.pk: p for p in Position.objects.select_related("department")}
        self.fallbacks: dict[int, list[ActingFallback]] = defaultdict(list)
        for fb in ActingFallback.objects.order_by("order", "pk"):
            self.fallbacks[fb.position_id].append(fb)
        self.holders: dict[int, list[PositionAssignment]] = defaultdict(list)
        self.acting: dict[int, list[PositionAssignment]] = defaultdict(list)
        assignments = PositionAssignment.objects.active(self.day).filter(user__is_active=True)
        if only_for is not None:
            assignments = assignments.filter(position_id__in=self._sources(only_for))
        for a in assignments.select_related("user").order_by("start", "pk"):
            (self.holders if a.kind == AssignmentKind.HOLDER else self.acting)[
                a.position_id
            ].append(a)

    @classmethod
    def current(cls) -> Staffing:
        """Today's snapshot, shared by the requests of this process until the organisation
        changes: keyed by the organisation version (raised by database triggers on any change of
        appointments, positions, fallbacks or people's flags, migration 0006) and the day (an
        appointment that starts or ends by date takes effect that day with nobody touching
        anything). A company of 2,000 staff costs ~40k Python calls to load; every work list
        asks for it (``visible_to``). Treat it as read-only.

        Inside a transaction a fresh snapshot is built and not kept: the transaction may have
        changed the organisation and may still roll back, leaving its version number to the
        next change that commits. Outside one, the version is read before the rows, so a kept
        snapshot is never older than its version. A reading request takes one snapshot and
        keeps it (``one_snapshot_per_request``)."""
        if not _shareable():
            return cls()
        taken = _REQUEST_SNAPSHOT.get()
        if taken:
            return taken[0]
        snapshot = cls._current_kept()
        if taken is not None and snapshot.kept_key is not None:
            taken.append(snapshot)
        return snapshot

    @classmethod
    def _current_kept(cls) -> Staffing:
        from django.db import connection

        known = _REQUEST_VERSION.get()
        version = known() if known is not None else None
        if version is None:
            version = org_version()
        if version is None:
            return cls()
        key = (connection.alias, connection.settings_dict.get("NAME"), version, local_day())
        with _CURRENT_LOCK:
            found = _CURRENT.get(key)
        if found is not None:
            return found
        snapshot = cls()
        snapshot.kept_key = key
        snapshot.admins  # noqa: B018 - loaded now, not later by a concurrent reader
        with _CURRENT_LOCK:
            _CURRENT.clear()  # one organisation version at a time
            _CURRENT[key] = snapshot
        return snapshot

    def by_code(self) -> dict[str, Position]:
        """{code: position} of every position in the snapshot (kept with it)."""
        return self.derived(
            "positions by code", lambda: {p.code: p for p in self.positions.values()}
        )

    def derived(self, key, compute):
        """``compute()``, kept with this snapshot under ``key``: for values worked out from the
        snapshot alone (who covers what for one person, a position's team …), so a request that
        asks them several times, and every later request of the same organisation version and
        day, pays once. ``key`` names the value and whatever else it depends on (the person);
        ``compute`` must read nothing but the snapshot and what the organisation version
        follows (migration 0006: appointments, positions, departments, fallbacks, people's
        flags). Treat the value as read-only."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = compute()
            return value

    def held_by(self, user_id: int) -> frozenset[int]:
        """The positions this person holds or acts for on the snapshot's day."""
        return self.derived(("org.held_by", user_id), lambda: frozenset(
            pid
            for table in (self.holders, self.acting)
            for pid, rows in table.items()
            if any(a.user_id == user_id for a in rows)
        ))  # fmt: skip

    def _sources(self, position_id: int) -> set[int]:
        """The positions resolve(position_id) may answer from."""
        ids = {position_id} | {fb.fallback_id for fb in self.fallbacks.get(position_id, [])}
        boss_id = (
            self.positions[position_id].reports_to_id if position_id in self.positions else None
        )
        seen = {position_id}  # the reporting line, walked as resolve() walks it
        while boss_id and boss_id not in seen:
            seen.add(boss_id)
            boss_id = self.positions[boss_id].reports_to_id
        return ids | seen

    def _filled(self, position_id: int) -> tuple[str, list[PositionAssignment]] | None:
        if self.holders.get(position_id):
            return CoverVia.HOLDER, self.holders[position_id]
        if self.acting.get(position_id):
            return CoverVia.ACTING, self.acting[position_id]
        return None

    def resolve(self, position: Position | int) -> Resolution:
        """Holders; else acting; else the ordered fallbacks; else up the reporting line.

        Never empty: at the top of the chain, the active system administrators answer.
        """
        pk = position if isinstance(position, int) else position.pk
        # Kept with the snapshot: the team board and the menu resolve the same positions on
        # every request (issue #20). Treat the result as read-only.
        try:
            return self._resolved[pk]
        except KeyError:
            result = self._resolved[pk] = self._resolve(self.positions[pk])
            return result

    def _resolve(self, pos: Position) -> Resolution:
        found = self._filled(pos.pk)
        if found:
            via, assignments = found
            return Resolution(pos, _users(assignments), via, None, assignments)
        for fb in self.fallbacks.get(pos.pk, []):
            found = self._filled(fb.fallback_id)
            if found:
                cover = self.positions[fb.fallback_id]
                return Resolution(pos, _users(found[1]), CoverVia.FALLBACK, cover, found[1])
        seen, boss_id = {pos.pk}, pos.reports_to_id
        while boss_id and boss_id not in seen:
            seen.add(boss_id)
            found = self._filled(boss_id)
            if found:
                boss = self.positions[boss_id]
                return Resolution(pos, _users(found[1]), CoverVia.CHAIN, boss, found[1])
            boss_id = self.positions[boss_id].reports_to_id
        return Resolution(pos, self.admins, CoverVia.ADMIN)

    @cached_property
    def admins(self) -> list:
        """Last resort of every chain: loaded once per snapshot, not once per position."""
        return list(get_user_model().objects.filter(is_superuser=True, is_active=True))

    def vacancies(self, position_id: int) -> int:
        return max(
            0, self.positions[position_id].headcount - len(self.holders.get(position_id, []))
        )


def _users(assignments) -> list:
    seen, users = set(), []
    for a in assignments:
        if a.user_id not in seen:
            seen.add(a.user_id)
            users.append(a.user)
    return users


def resolve(position: Position | str | int, at=None) -> Resolution:
    """Who does this position's work at ``at`` (default now). See docs/organisation.md.

    Now, outside a transaction: from today's shared snapshot (one query, the organisation
    version), since the menu asks it on every back-office page."""
    if at is None and _shareable():
        staffing = Staffing.current()
        if isinstance(position, str):
            code = position
            position = staffing.by_code().get(code)
            if position is None:
                raise Position.DoesNotExist(f"No position {code!r}")
        return staffing.resolve(position)
    if isinstance(position, str):
        position = Position.objects.get(code=position)
    pk = position if isinstance(position, int) else position.pk
    return Staffing(at, only_for=pk).resolve(position)


def holds_position_today(user) -> bool:
    """Whether the person holds or acts for any position today (the back-office door; asked on
    every back-office page: resolved once per request and cached, see siteops.org.access)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    from .access import access_of

    return access_of(user).holds_position


def positions_of(user, at=None, *, kind: str | None = None):
    """Positions the user holds or acts for on that day (holder first)."""
    qs = (
        PositionAssignment.objects.active(at)
        .filter(user=user)
        .select_related("position", "position__department")
    )
    if kind:
        qs = qs.filter(kind=kind)
    return [a for a in qs.order_by("kind", "position__order")]  # "acting" < "holder"


def acting_as(user, perm: str | None = None, at=None):
    """The assignment under which the user does something needing ``perm`` (holder preferred)."""
    assignments = positions_of(user, at)
    assignments.sort(key=lambda a: (a.kind != AssignmentKind.HOLDER, a.position.order))
    if perm is None:
        return assignments[0] if assignments else None
    app_label, codename = perm.split(".", 1)
    from django.contrib.auth.models import Permission

    granting = set(
        Permission.objects.filter(
            content_type__app_label=app_label,
            codename=codename,
            group__position__in=[a.position_id for a in assignments],
        ).values_list("group__position", flat=True)
    )
    for a in assignments:
        if a.position_id in granting:
            return a
    return None


def position_names(codes) -> dict[str, Position]:
    """{code: position} of these codes (deleted ones left out), for a record's "as position":
    from the staffing snapshot (no query when the request has taken one); inside a transaction,
    where a snapshot would be built afresh, one query."""
    codes = set(codes)
    if not codes:
        return {}
    if not may_keep_snapshots():
        return {p.code: p for p in Position.objects.filter(code__in=codes)}
    by_code = Staffing.current().by_code()
    return {code: by_code[code] for code in codes if code in by_code}


def org_version() -> int | None:
    """The organisation version (migration 0006): raised by the database whenever anything the
    org chart shows changes. None where the database has no triggers for it."""
    from siteops.core import versions

    return versions.read("org_version")


def org_chart(at=None) -> list[dict]:
    """Departments with their positions as an indented tree, each with who covers it today."""
    staffing = Staffing(at)
    by_dept: dict[int, list[Position]] = defaultdict(list)
    children: dict[int | None, list[Position]] = defaultdict(list)
    for p in sorted(staffing.positions.values(), key=lambda p: (p.order, p.code)):
        by_dept[p.department_id].append(p)
        children[p.reports_to_id].append(p)
    result = []
    for dept in Department.objects.all():
        members = by_dept.get(dept.pk, [])
        ids = {p.pk for p in members}
        rows: list[dict] = []

        def walk(p: Position, depth: int, ids=ids, rows=rows):
            res = staffing.resolve(p)
            rows.append(
                {
                    "position": p,
                    "depth": depth,
                    "indent": depth * 24,
                    "holders": [a.user for a in staffing.holders.get(p.pk, [])],
                    "acting": staffing.acting.get(p.pk, []),
                    "vacancies": staffing.vacancies(p.pk),
                    "resolution": res,
                }
            )
            for c in children.get(p.pk, []):
                if c.pk in ids:
                    walk(c, depth + 1)

        for p in members:
            if p.reports_to_id not in ids:
                walk(p, 0)
        result.append({"department": dept, "rows": rows})
    return result


_SCREEN_TEXT: dict = {}


def _screen_text(screen) -> tuple[str | None, str]:
    """A duty screen's path and title, worked out once per language and script prefix (a
    ``reverse`` and a walk of the menu each; the position page asked them on every request)."""
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    key = (screen, get_language(), get_script_prefix())
    found = _SCREEN_TEXT.get(key)
    if found is None:
        found = _SCREEN_TEXT[key] = (screen.path(), screen.title)
    return found


def duty_map(user=None, *, position=None) -> list[dict]:
    """Every duty with the screens that do it (siteops.core.duties), as plain data.

    With ``user``, each duty also gets the links that user may follow. Drives the position page,
    the workbench of someone covering a vacant position, and ``siteops duties --json``.

    The duties and their screens are kept with today's staffing snapshot, per language and
    script prefix (the organisation version follows every change of a duty, migration 0008);
    only the links, which depend on the person's permissions, are worked out on each call.
    Treat the rows' ``duty`` and ``screens`` as read-only.
    """
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    staffing = Staffing.current()
    entries = staffing.derived(
        ("org.duty_map", get_language(), get_script_prefix()), lambda: _duty_entries()
    )
    if position is not None:
        pid = position if isinstance(position, int) else position.pk
        entries = [e for e in entries if e[0].position_id == pid]
    rows = []
    for d, entry, screens, shown in entries:
        links = []
        if user is not None:
            for s, path, title in shown:
                if s.allows(user):
                    links.append({"path": path, "title": title, "kind": s.kind})
        rows.append(
            {
                "duty": d,
                "code": d.code,
                "position": d.position.code,
                "text_zh": d.text_zh,
                "text_en": d.text_en,
                "supported": entry is not None,
                "generic": bool(entry and entry.generic),
                "screens": screens,
                "links": links,
            }
        )
    return rows


def _duty_entries() -> list[tuple]:
    """(duty, its registry entry, its screens as plain data, (screen, path, title) of those
    that have a path) of every duty, in the duty order: what ``duty_map`` keeps."""
    from siteops.core.duties import registry

    reg = registry()
    result = []
    for d in Duty.objects.select_related("position").order_by("position__order", "order", "code"):
        entry = reg.get(d.code)
        screens, shown = [], []
        if entry is not None:
            for s in entry.screens:
                path, title = _screen_text(s)
                screens.append(
                    {"kind": s.kind, "path": path, "url_name": s.url, "perm": s.perm,
                     "check": s.check, "title": title}
                )  # fmt: skip
                if path:
                    shown.append((s, path, s.title))
        result.append((d, entry, screens, shown))
    return result
