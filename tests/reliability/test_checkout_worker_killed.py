"""A web worker killed mid-checkout, after the order's commit and before its answer (#9 item 12):
the customer's retry of the same submission makes no second order and reserves stock once.

A real server process (``runserver``, in a subprocess, on this test's database) is killed with
SIGKILL while it holds the checkout request; a fresh server then receives the browser's retry.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from siteops.catalog.models import SKU
from siteops.orders import services
from siteops.orders.models import CartLine, Order
from siteops.orders.tests import factories as f

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(settings.BASE_DIR)
LAUNCHER = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, os.environ["SITEOPS_ROOT"])
    import django
    django.setup()
    hang = os.environ.get("HANG_AFTER_COMMIT")
    if hang:
        # Hold the request after the order's transaction committed, before the answer, so the
        # test can kill the process exactly there (the step a worker death loses).
        from siteops.storefront.views import checkout as views
        real = views.messages

        class Hanging:
            def __getattr__(self, name):
                return getattr(real, name)

            def success(self, *args, **kwargs):
                open(hang, "w").write("committed")
                time.sleep(600)

        views.messages = Hanging()
    from django.core.management import call_command
    call_command("runserver", sys.argv[1], use_reloader=False, use_threading=True,
                 skip_checks=True)
    """
)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server(tmp_path, *, hang: Path | None = None):
    script = tmp_path / "serve.py"
    script.write_text(LAUNCHER)
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test",
           "DATABASE_URL": _database_url(), "SITEOPS_ROOT": str(ROOT)}  # fmt: skip
    if hang:
        env["HANG_AFTER_COMMIT"] = str(hang)
    proc = subprocess.Popen([sys.executable, str(script), f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(f"{url}/cart/", timeout=2)
            return proc, url
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not answer")


def test_a_retry_after_the_worker_died_makes_no_second_order(tmp_path):
    s = f.sku(stock=5)
    user = f.customer("killed")
    addr = f.address(user)
    services.cart_line_set(customer=user, sku_id=s.pk, quantity=1)
    django_client = Client()
    django_client.force_login(user)
    browser = requests.Session()
    browser.cookies.set("sessionid", django_client.cookies["sessionid"].value)

    marker = tmp_path / "committed"
    proc, url = _server(tmp_path, hang=marker)
    try:
        page = browser.get(f"{url}/checkout/", timeout=30).text
        form = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
            "checkout_token": re.search(r'name="checkout_token" value="([^"]+)"', page)[1],
            "address": addr.pk, "delivery_method": "standard", "payment_method": "cod",
        }  # fmt: skip
        outcome = {}

        def submit():
            try:
                outcome["response"] = browser.post(f"{url}/checkout/", data=form, timeout=60,
                                                   allow_redirects=False)  # fmt: skip
            except requests.RequestException as exc:
                outcome["error"] = exc

        t = threading.Thread(target=submit)
        t.start()
        for _ in range(600):
            if marker.exists():
                break
            time.sleep(0.05)
        assert marker.exists(), "the checkout never committed"
        os.kill(proc.pid, signal.SIGKILL)  # the worker dies holding the request
        proc.wait(10)
        t.join(30)
        assert "error" in outcome  # the customer never got an answer
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    assert Order.objects.filter(customer=user).count() == 1  # committed before the kill
    assert not CartLine.objects.filter(cart__customer=user).exists()  # emptied in the same commit

    proc, url = _server(tmp_path)
    try:
        retry = browser.post(f"{url}/checkout/", data=form, timeout=60, allow_redirects=False)
        order = Order.objects.get(customer=user)
        assert retry.status_code == 302
        assert retry.headers["Location"] == f"/account/orders/{order.number}/"
        # A fresh checkout page (no token) finds the cart empty: nothing to order again.
        again = browser.post(f"{url}/checkout/", data={**form, "checkout_token": ""}, timeout=60,
                             allow_redirects=False)  # fmt: skip
        assert again.status_code == 302 and "/checkout/" not in again.headers["Location"]
    finally:
        proc.kill()
        proc.wait(10)
    assert Order.objects.filter(customer=user).count() == 1
    assert SKU.objects.get(pk=s.pk).stock_reserved == 1
