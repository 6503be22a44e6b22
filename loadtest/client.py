"""A tiny browser for load: one keep-alive connection, cookies, CSRF, link and form discovery."""

from __future__ import annotations

import http.client
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit


class Page(HTMLParser):
    """Links and forms of an HTML page (enough to click and submit like a user)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                          "fields": {}}  # fmt: skip
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                if kind == "radio":
                    self._form["fields"].setdefault(a["name"], a.get("value", "on"))
                return
            if kind not in {"submit", "button", "image", "file"}:
                self._form["fields"][a["name"]] = a.get("value") or ""
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif self._form is not None and tag == "option" and self._select:
            fields = self._form["fields"]
            if "selected" in a or self._select not in fields:
                if a.get("value"):
                    fields[self._select] = a["value"]
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._form["fields"].setdefault(a["name"], "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


# gunicorn closes a keep-alive connection idle for --keep-alive seconds (2); a drop after less
# idle time than this is the server resetting a connection in use.
IDLE_CLOSE_SECONDS = 1.5


class Drops:
    """Connections the server closed under a request: resets (in use) and idle closes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        with getattr(self, "lock", threading.Lock()):
            self.resets: list[tuple[str, str, str]] = []
            self.idle = 0

    def add(self, method: str, label: str, error: str, *, reset: bool) -> None:
        with self.lock:
            if reset:
                self.resets.append((method, label, error))
            else:
                self.idle += 1

    def report(self) -> dict:
        with self.lock:
            return {
                "connection_resets": len(self.resets),
                "connection_resets_post": sum(1 for m, *_ in self.resets if m == "POST"),
                "reset_examples": [list(r) for r in self.resets[:10]],
                "idle_closes": self.idle,
            }


DROPS = Drops()


class Browser:
    def __init__(self, port: int, *, cookies: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None, record=None):  # fmt: skip
        self.port = port
        self.cookies = dict(cookies or {})
        self.headers = dict(headers or {})
        self.record = record  # callback(label, status, ms, ok)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.last_used = time.monotonic()

    def close(self):
        self.conn.close()

    def request(self, method: str, path: str, *, label: str, body: bytes | None = None,
                headers: dict | None = None, ok=lambda s: s < 400) -> tuple[int, str, dict]:  # fmt: skip
        h = {**self.headers, **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        t0 = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                # The server closed the connection. After more than its keep-alive timeout idle
                # that is normal (browsers reconnect and send again); sooner, it dropped a
                # connection in use — gunicorn recycling a worker (--max-requests) does that —
                # which a customer sees as "connection reset". Both are counted (the soak
                # reports them); the request is sent again on a fresh connection, and a second
                # failure is an error.
                idle = time.monotonic() - self.last_used
                DROPS.add(method, label, type(exc).__name__, reset=idle < IDLE_CLOSE_SECONDS)
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    if self.record:
                        self.record(label, 0, (time.perf_counter() - t0) * 1000, False)
                    return 0, "", {}
                t0 = time.perf_counter()
        self.last_used = time.monotonic()
        ms = (time.perf_counter() - t0) * 1000
        for value in resp.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie()
            c.load(value)
            for k, morsel in c.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(k, None)
                else:
                    self.cookies[k] = morsel.value
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
        if self.record:
            self.record(label, resp.status, ms, ok(resp.status))
        text = data.decode("utf-8", "replace")
        return resp.status, text, dict(resp.headers)

    def get(self, path: str, *, label: str, **kw):
        return self.request("GET", path, label=label, **kw)

    def post_form(self, path: str, fields: dict, *, label: str, referer: str = "/", **kw):
        if "csrftoken" in self.cookies:
            fields = {**fields, "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken")
                      or self.cookies["csrftoken"]}  # fmt: skip
        return self.request(
            "POST", path, label=label, body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Referer": f"http://127.0.0.1:{self.port}{referer}"}, **kw,
        )  # fmt: skip


def local_links(page: Page, base: str, prefix: str) -> list[str]:
    out = []
    for href in page.links:
        url = urlsplit(urljoin(base, href))
        if url.netloc in {"", "127.0.0.1"} and url.path.startswith(prefix):
            out.append(url.path + (f"?{url.query}" if url.query else ""))
    return out
