"""The client's address, behind the reverse proxy the production setup requires.

``X-Forwarded-For`` is believed only when the connection comes from a configured proxy
(``SITEOPS_TRUSTED_PROXIES``: addresses or networks, comma-separated, e.g.
``127.0.0.1,10.0.0.0/8``). Walking the header from the right, every hop that is itself a trusted
proxy is skipped; the first one that is not is the client. A visitor who connects directly, or
who writes their own ``X-Forwarded-For`` in front of the proxy's, cannot choose the address the
login lockout (django-axes) counts against.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    nets = []
    for item in spec:
        item = item.strip()
        if item:
            nets.append(ipaddress.ip_network(item, strict=False))
    return tuple(nets)


def _parse(value: str):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def trusted_proxies() -> tuple:
    return _networks(tuple(getattr(settings, "SITEOPS_TRUSTED_PROXIES", ())))


def is_trusted(addr) -> bool:
    return addr is not None and any(addr in net for net in trusted_proxies())


def client_ip(request) -> str | None:
    """The address of the person at the other end (AXES_CLIENT_IP_CALLABLE)."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR") or None
    if not is_trusted(remote):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops[-20:]):
        addr = _parse(hop)
        if addr is None:
            break  # garbage from before the proxy: stop at the last address we can trust
        if not is_trusted(addr):
            return str(addr)
        remote = addr
    return str(remote)
