"""`siteops load-demo` twice: identical counts; every product pictured; work for every position."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# Rows that a run writes by design whether or not anything new was loaded.
RUN_RECORDS = {"django_tasks_db.DBTaskResult", "jobs.JobRun", "sessions.Session"}


def all_counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if not m._meta.proxy
        and m._meta.label not in RUN_RECORDS  # history rows included: a rerun re-saves nothing
    }


def no_network(monkeypatch) -> list:
    """Record (and refuse) every connection the demo tries to open beyond this machine."""
    import socket

    tried = []
    real = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else "local"
        if host not in ("local", "127.0.0.1", "::1", "localhost"):
            tried.append(address)
            raise OSError("the demo must not use the network")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return tried


def test_loading_the_demo_twice_changes_nothing_and_everyone_has_work(
    tmp_path, settings, monkeypatch
):
    from siteops.catalog.models import Product
    from siteops.org.models import PositionAssignment
    from siteops.work.selectors import workbench

    settings.VAR_DIR = tmp_path
    tried = no_network(monkeypatch)
    out = io.StringIO()
    call_command("load_demo", products=16, stdout=out)
    printed = out.getvalue()
    assert printed.startswith("Demo loaded in ") and "16 件商品" in printed
    assert len(printed.splitlines()) < 40  # a summary and the logins, not every area's report
    first = all_counts()
    assert first["orders.Order"] > 30 and first["work.WorkItem"] > 20
    call_command("load_demo", products=16, stdout=io.StringIO())
    second = all_counts()
    assert {k: (v, second[k]) for k, v in first.items() if second[k] != v} == {}
    assert tried == []  # nothing fetched from the network

    assert not Product.objects.filter(images__isnull=True).exists()
    # Each position's holder finds something to do on first login.
    idle = []
    for a in PositionAssignment.objects.active().select_related("user", "position"):
        bench = workbench(a.user)
        if not any(bench[k] for k in ("mine", "overdue", "review", "team", "waiting_on_me")):
            idle.append(a.position.code)
    assert idle == []
