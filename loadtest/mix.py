"""The traffic mix: what a shop visitor, a customer, the back office and other systems do.

Each task is a short journey of real requests (links and forms are discovered from the pages, so
the mix follows the site as it grows). Before the run every task is tried once; a task whose pages
do not exist yet (404) or whose form cannot be completed is skipped and reported as skipped.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from .client import Browser, Page, local_links

SEARCH_TERMS = ["基准商品", "商品", "手机", "礼盒", "bench", "4321", "茶"]
FILL = {  # form field name fragment -> value, for checkout/address forms
    "name": "张三", "recipient": "张三", "contact": "张三", "phone": "13800000000",
    "mobile": "13800000000", "tel": "13800000000", "province": "上海市", "city": "上海市",
    "district": "浦东新区", "county": "浦东新区", "street": "世纪大道 100 号", "line": "世纪大道 100 号",
    "address": "世纪大道 100 号", "detail": "世纪大道 100 号", "postcode": "200120", "zip": "200120",
    "postal": "200120", "email": "load@example.com", "note": "", "quantity": "1", "qty": "1",
}  # fmt: skip


@dataclass
class Recorder:
    """Every request: (time, label, status, ms, ok). Thread-safe."""

    samples: list[tuple[float, str, int, float, bool]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, label, status, ms, ok):
        with self.lock:
            self.samples.append((time.monotonic(), label, status, ms, ok))


@dataclass
class Actors:
    """Credentials prepared in the load database: per-thread customers, staff, API token."""

    port: int
    customers: list[str]  # session cookie values
    staff: str
    api_token: str
    backoffice_urls: list[str]
    api_urls: list[str]


class User:
    """One virtual user (a thread): a visitor browser, a customer, a staff member, a system."""

    def __init__(self, actors: Actors, index: int, record):
        self.rng = random.Random(index)
        p = actors.port
        self.visitor = Browser(p, record=record)
        self.customer = Browser(p, cookies={"sessionid": actors.customers[index % len(actors.customers)]},
                                record=record)  # fmt: skip
        self.staff = Browser(p, cookies={"sessionid": actors.staff}, record=record)
        self.system = Browser(p, headers={"Authorization": f"Bearer {actors.api_token}"},
                              record=record)  # fmt: skip
        self.actors = actors
        self.products: list[str] = []
        self.categories: list[str] = []

    def close(self):
        for b in (self.visitor, self.customer, self.staff, self.system):
            b.close()

    # -- discovery helpers ------------------------------------------------------------------
    def _home(self, browser) -> Page | None:
        status, html, _ = browser.get("/", label="shop: home")
        if status != 200:
            return None
        page = Page(html)
        self.categories = sorted(set(local_links(page, "/", "/c/"))) or self.categories
        self.products = sorted(set(local_links(page, "/", "/p/"))) or self.products
        return page

    def _product(self, browser, label="shop: product") -> Page | None:
        if not self.products:
            self._home(browser)
        if not self.products:
            return None
        path = self.rng.choice(self.products)
        status, html, _ = browser.get(path, label=label)
        if status != 200:
            return None
        page = Page(html)
        self.products = sorted(set(self.products + local_links(page, path, "/p/")))[:200]
        page.path = path
        return page

    # -- tasks (each returns None when done, or a reason it could not run) ------------------
    def browse(self) -> str | None:
        page = self._home(self.visitor)
        if page is None:
            return "the home page does not answer 200"
        if self.categories:
            path = self.rng.choice(self.categories)
            status, html, _ = self.visitor.get(path, label="shop: category")
            if status == 200:
                self.products = sorted(set(self.products + local_links(Page(html), path, "/p/")))
        if self._product(self.visitor) is None:
            return "no product links on the home or category pages"
        return None

    def search(self) -> str | None:
        term = quote(self.rng.choice(SEARCH_TERMS))
        status, _, _ = self.visitor.get(f"/search/?q={term}", label="shop: search")
        return None if status == 200 else f"/search/ answered {status}"

    def _add_to_cart(self, browser) -> str | None:
        page = self._product(browser, label="shop: product")
        if page is None:
            return "no product page"
        form = next(
            (f for f in page.forms if "cart" in f["action"] and f["method"] == "post"), None
        )
        if form is None:
            return "no add-to-cart form on the product page"
        status, _, _ = browser.post_form(form["action"] or page.path, dict(form["fields"]),
                                         label="shop: add to cart", referer=page.path,
                                         ok=lambda s: s in {200, 302, 303})  # fmt: skip
        if status not in {200, 302, 303}:
            return f"add to cart answered {status}"
        status, _, _ = browser.get("/cart/", label="shop: cart")
        return None if status == 200 else f"/cart/ answered {status}"

    def cart(self) -> str | None:
        return self._add_to_cart(self.visitor)

    def checkout(self) -> str | None:
        reason = self._add_to_cart(self.customer)
        if reason:
            return reason
        status, html, _ = self.customer.get("/checkout/", label="shop: checkout page")
        if status != 200:
            return f"/checkout/ answered {status}"
        form = next((f for f in Page(html).forms if f["method"] == "post"
                     and ("checkout" in f["action"] or f["action"] == "")), None)  # fmt: skip
        if form is None:
            return "no checkout form"
        fields = dict(form["fields"])
        for name, value in fields.items():
            if value == "":
                for fragment, fill in FILL.items():
                    if fragment in name.lower():
                        fields[name] = fill
                        break
        status, html, headers = self.customer.post_form(
            form["action"] or "/checkout/", fields, label="shop: place order", referer="/checkout/",
            ok=lambda s: s in {302, 303},
        )  # fmt: skip
        if status not in {302, 303}:
            missing = [k for k, v in fields.items() if v == ""]
            return f"the checkout form was not accepted ({status}; empty fields: {missing})"
        return None

    def backoffice(self) -> str | None:
        if not self.actors.backoffice_urls:
            return "no back-office list answers 200"
        path = self.rng.choice(self.actors.backoffice_urls)
        label = "back office: " + re.sub(r"\d+", "N", path.removeprefix("/backoffice/"))
        status, _, _ = self.staff.get(path, label=label)
        return None if status == 200 else f"{path} answered {status}"

    def api(self) -> str | None:
        if not self.actors.api_urls:
            return "no API list answers 200"
        path = self.rng.choice(self.actors.api_urls)
        status, body, _ = self.system.get(path, label="api: " + path.split("?")[0])
        if status == 200:
            json.loads(body)
        return None if status == 200 else f"{path} answered {status}"


TASKS = {  # name -> weight (share of journeys)
    "browse": 30, "search": 15, "cart": 12, "checkout": 5, "backoffice": 20, "api": 18,
}  # fmt: skip


def preflight(actors: Actors, record) -> tuple[dict[str, int], dict[str, str]]:
    """Try each task once; return (tasks that work with their weights, skipped with reasons)."""
    user = User(actors, 0, record)
    working, skipped = {}, {}
    for name, weight in TASKS.items():
        try:
            reason = getattr(user, name)()
        except Exception as exc:  # noqa: BLE001 - reported as the reason
            reason = f"{type(exc).__name__}: {exc}"
        if reason:
            skipped[name] = reason
        else:
            working[name] = weight
    user.close()
    return working, skipped


def drive(actors: Actors, tasks: dict[str, int], *, users: int, seconds: float, record,
          rate: float | None = None, on_tick=None) -> None:  # fmt: skip
    """Run ``users`` threads doing weighted journeys for ``seconds``.

    ``rate`` (journeys/s for all users together) paces an open-loop run; None = as fast as the
    server answers (closed loop, for the maximum). ``on_tick(elapsed)`` is called about every second.
    """
    names, weights = list(tasks), list(tasks.values())
    stop = time.monotonic() + seconds
    interval = users / rate if rate else 0.0
    failures: dict[str, int] = defaultdict(int)

    def work(i: int):
        user = User(actors, i + 1, record)
        next_at = time.monotonic() + (interval * i / users if interval else 0)
        while time.monotonic() < stop:
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(min(delay, max(0.0, stop - time.monotonic())))
                next_at += interval
                if time.monotonic() >= stop:
                    break
            name = user.rng.choices(names, weights)[0]
            try:
                if getattr(user, name)():
                    failures[name] += 1
            except Exception:  # noqa: BLE001 - a broken journey is counted, not fatal
                failures[name] += 1
                record(f"{name}: exception", 0, 0.0, False)
        user.close()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        if on_tick:
            on_tick(time.monotonic() - t0)
    for t in threads:
        t.join()
