"""Shared test base: the org chart is loaded once per test database, and a named user per position.

``manager``, ``chief_editor``, ``product_editor``, ``purchasing``, ``warehouse`` … are fixtures
(like healthchecks' alice/bob/charlie) holding the position their name says, from 30 days ago.
"""

import datetime

import pytest
from django.utils import timezone

# username -> position code
STAFF = {
    "leader": "LEAD",
    "manager": "MGR",
    "chief_editor": "CE",
    "planning_lead": "PLN",
    "dev_lead": "DEV",
    "product_editor": "PED",
    "copy_editor": "CPY",
    "process_editor": "PRC",
    "activity_planner": "ACT",
    "promotion": "PRM",
    "module_dev": "MOD",
    "maintainer": "MNT",
    "purchasing_lead": "PUR-MGR",
    "purchasing": "PUR-COL",
    "warehouse": "WH-STK",
    "logistics": "LOG-DSP",
    "service": "CS-AGT",
    "sales": "SAL-PRJ",
    "hr": "HR-ADM",
}
# ART (art editor) and PUR-CAT (category planning) are left vacant on purpose.


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the shop caches whole pages by a version number
    that a rolled-back test leaves where it was)."""
    from django.core.cache import cache

    from siteops.core.kept import forget_all
    from siteops.org.access import forget_kept_access
    from siteops.org.selectors import forget_current_staffing

    cache.clear()
    forget_current_staffing()
    forget_kept_access()
    forget_all()
    yield


@pytest.fixture
def shared_staffing(monkeypatch):
    """Today's staffing snapshot shared between reads as outside a transaction (tests run inside
    one, where nothing is kept): for tests that a kept snapshot still follows every change."""
    from siteops.org import selectors

    monkeypatch.setattr(selectors, "_shareable", lambda: True)
    selectors.forget_current_staffing()
    yield
    selectors.forget_current_staffing()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from siteops.org.management.commands.load_org import load_org

    with django_db_blocker.unblock():
        load_org()


@pytest.fixture(autouse=True)
def _org_for_transactional_tests(request):
    """Transactional tests (live server, concurrency) run on a flushed database: reload the org.

    pytest-django runs them after all other tests, so the flush never reaches a normal test.
    """
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        from siteops.org.management.commands.load_org import load_org
        from siteops.org.models import Position

        if not Position.objects.exists():
            load_org()


def make_staff(username: str, code: str | None, *, kind: str = "holder", days_ago: int = 30,
               end=None, reason: str = ""):  # fmt: skip
    from siteops.org.models import Position, PositionAssignment, User

    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": username,
            "email": f"{username}@example.com",
            "is_staff": True,
        },  # fmt: skip
    )
    if code:
        PositionAssignment.objects.create(
            user=user,
            position=Position.objects.get(code=code),
            kind=kind,
            start=timezone.localdate() - datetime.timedelta(days=days_ago),
            end=end,
            reason=reason or ("acting" if kind == "acting" else ""),
        )
    return user


def _fixture(username, code):
    @pytest.fixture
    def f(db):
        return make_staff(username, code)

    f.__name__ = username
    return f


for _u, _c in STAFF.items():
    globals()[_u] = _fixture(_u, _c)


@pytest.fixture
def staff(db):
    """All named staff at once: {username: user}."""
    return {u: make_staff(u, c) for u, c in STAFF.items()}


@pytest.fixture
def customer(db):
    from siteops.org.models import User

    return User.objects.create_user("shopper", "shopper@example.com", "pw-shopper-123")


@pytest.fixture
def superuser(db):
    from siteops.org.models import User

    return User.objects.create_superuser("root", "root@example.com", "pw-root-123")


@pytest.fixture
def api_client_for(db):
    """api_client_for("PUR-COL") -> (ApiClient, token) for that position's department."""
    from siteops.org.models import Position
    from siteops.org.tokens import issue_token

    def make(code: str):
        position = Position.objects.select_related("department").get(code=code)
        return issue_token(name=f"{code} system", department=position.department, position=position)

    return make


def storm(n: int, fn) -> list:
    """Run ``fn(i)`` for i in range(n) in n threads released together (a concurrency test): each
    result is ("ok", value), (DomainError code, message) or ("crash", repr). At most 32 (SQLite) /
    40 (PostgreSQL) run at once, like a server's bounded thread pool."""
    import threading

    from django.db import connection, connections

    from siteops.core.errors import DomainError

    results = [None] * n
    start = threading.Barrier(n)
    limit = threading.BoundedSemaphore(32 if connection.vendor == "sqlite" else 40)

    def run(i):
        try:
            start.wait()
            with limit:
                results[i] = ("ok", fn(i))
        except DomainError as exc:
            results[i] = (exc.code, str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = ("crash", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def assert_kept_filters_read_as(client, path: str, model_admin, stock_filters, query: str) -> None:
    """The list at ``path`` with its own (kept) filters writes the same page as with
    ``stock_filters`` (Django's and unfold's own), in both languages — the first page of each
    language builds what is kept, the second is served from it (issue #20)."""
    import re

    from siteops.core import admin_base

    def page(lang):
        html = client.get(f"{path}{query}", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", html)  # CSRF tokens

    kept_filters = model_admin.list_filter
    admin_base._KEPT_FILTERS.clear()
    for lang in ("zh-hans", "en"):
        kept = [page(lang), page(lang)]
        try:
            model_admin.list_filter = stock_filters
            stock = page(lang)
        finally:
            model_admin.list_filter = kept_filters
        assert kept[0] == kept[1] == stock, (query, lang)
    assert len(admin_base._KEPT_FILTERS)
