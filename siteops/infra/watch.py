"""DNS and certificate change detection (MGR-16): a daily job asks each domain's name servers and
each certificate's host for its certificate, compares what it sees with the record, and alerts
the manager and the maintainer once per change (a ``Drift`` row; the same difference seen again
the next day alerts nobody, a return to the record closes it).

The two look-ups are plain functions passed in (``lookup_ns``, ``fetch_certificate``) so tests
use a local stub DNS server and a local TLS server, never the internet. Both are stdlib only:
an NS query is one small UDP packet (asked again over TCP when the answer comes back truncated),
which did not seem worth a new dependency (dnspython).
"""

from __future__ import annotations

import datetime
import hashlib
import random
import re
import socket
import ssl
import struct
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.org.acting import acting_for, audited

from .choices import DriftKind
from .models import Certificate, Domain, Drift

ALERT_POSITIONS = ("MGR", "MNT")


class LookupFailed(Exception):
    """The name servers or the certificate could not be read (a network failure, not a change)."""


# --- name servers ------------------------------------------------------------------------------


def system_resolver() -> tuple[str, int]:
    """The first name server of /etc/resolv.conf (the machine's resolver)."""
    try:
        with open("/etc/resolv.conf", encoding="ascii", errors="ignore") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and parts[0] == "nameserver":
                    return parts[1], 53
    except OSError:
        pass
    return "127.0.0.1", 53


def _encode_name(name: str) -> bytes:
    out = b""
    for label in name.strip(".").split("."):
        raw = label.encode("idna")
        if not 0 < len(raw) < 64:
            raise LookupFailed(_("Not a valid domain name."))
        out += bytes([len(raw)]) + raw
    return out + b"\0"


def _read_name(msg: bytes, pos: int, depth: int = 0) -> tuple[str, int]:
    """A (possibly compressed) name at ``pos``; returns it and the position after it."""
    labels = []
    while True:
        if pos >= len(msg) or depth > 20:
            raise LookupFailed(_("A malformed DNS answer."))
        n = msg[pos]
        if n & 0xC0 == 0xC0:  # a pointer to an earlier name
            if pos + 1 >= len(msg):
                raise LookupFailed(_("A malformed DNS answer."))
            target = ((n & 0x3F) << 8) | msg[pos + 1]
            rest, _end = _read_name(msg, target, depth + 1)
            labels.append(rest)
            return ".".join(x for x in labels if x), pos + 2
        if n == 0:
            return ".".join(labels), pos + 1
        labels.append(msg[pos + 1 : pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n


def _family(server: tuple[str, int]) -> int:
    return socket.AF_INET6 if ":" in server[0] else socket.AF_INET


def _ask_udp(query: bytes, server: tuple[str, int], timeout: float) -> bytes:
    with socket.socket(_family(server), socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(query, server)
            msg, _peer = s.recvfrom(4096)
        except OSError as exc:
            raise LookupFailed(str(exc)) from exc
    return msg


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise LookupFailed(_("A malformed DNS answer."))
        out += chunk
    return out


def _ask_tcp(query: bytes, server: tuple[str, int], timeout: float) -> bytes:
    """The same question over TCP (RFC 7766): each message is prefixed by its 2-byte length."""
    try:
        with socket.create_connection(server, timeout=timeout) as s:
            s.sendall(struct.pack(">H", len(query)) + query)
            (length,) = struct.unpack(">H", _recv_exactly(s, 2))
            return _recv_exactly(s, length)
    except OSError as exc:
        raise LookupFailed(str(exc)) from exc


TC = 0x0200  # the header's "truncated" bit: the UDP answer did not fit


def lookup_ns(
    name: str, *, server: tuple[str, int] | None = None, timeout: float = 3.0
) -> list[str]:
    """The NS records of ``name`` as the resolver answers them (lower case, sorted). A truncated
    UDP answer (TC bit: more name servers than fit in a datagram) is asked again over TCP, so a
    long list is never compared half-read."""
    server = server or system_resolver()
    qid = random.randrange(1 << 16)
    query = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + _encode_name(name) + b"\0\x02\0\x01"
    msg = _ask_udp(query, server, timeout)
    if len(msg) >= 12 and struct.unpack(">H", msg[2:4])[0] & TC:
        msg = _ask_tcp(query, server, timeout)
        if len(msg) >= 12 and struct.unpack(">H", msg[2:4])[0] & TC:
            raise LookupFailed(_("The DNS answer was truncated even over TCP."))
    return _parse_ns_answer(msg, qid)


def _parse_ns_answer(msg: bytes, qid: int) -> list[str]:
    if len(msg) < 12:
        raise LookupFailed(_("A malformed DNS answer."))
    rid, flags, qd, an, _ns, _ar = struct.unpack(">HHHHHH", msg[:12])
    if rid != qid or not flags & 0x8000:
        raise LookupFailed(_("A DNS answer to another question."))
    if flags & 0x000F:
        raise LookupFailed(
            _("The DNS server answered with error code %(rcode)d.") % {"rcode": flags & 0xF}
        )
    pos = 12
    for _q in range(qd):
        _qname, pos = _read_name(msg, pos)
        pos += 4
    found = []
    for _a in range(an):
        _owner, pos = _read_name(msg, pos)
        if pos + 10 > len(msg):
            raise LookupFailed(_("A malformed DNS answer."))
        rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", msg[pos : pos + 10])
        pos += 10
        if rtype == 2:
            target, _end = _read_name(msg, pos)
            found.append(target)
        pos += rdlen
    return normalise_ns(found)


def normalise_ns(values) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[\s,;]+", values)
    return sorted({v.strip().strip(".").lower() for v in values if v and v.strip().strip(".")})


# --- certificates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenCertificate:
    issuer: str
    names: tuple[str, ...]
    expires_on: datetime.date
    fingerprint: str  # SHA-256 of the DER, colon-separated upper-case hex

    def data(self) -> dict:
        return {"issuer": self.issuer, "names": list(self.names),
                "expires_on": self.expires_on.isoformat(), "fingerprint": self.fingerprint}  # fmt: skip

    def lines(self) -> str:
        return "\n".join([
            f"{_('issuer')}: {self.issuer}", f"{_('names')}: {', '.join(self.names)}",
            f"{_('expires on')}: {self.expires_on.isoformat()}", f"SHA-256: {self.fingerprint}",
        ])  # fmt: skip


def fetch_certificate(host: str, port: int = 443, *, context: ssl.SSLContext | None = None,
                      timeout: float = 5.0) -> SeenCertificate:  # fmt: skip
    """The certificate ``host:port`` serves, verified against the system's trust store (or the
    given context). An untrusted certificate is itself a finding: ``LookupFailed`` is only for
    a host that cannot be reached."""
    context = context or ssl.create_default_context()
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=host) as tls:
                info = tls.getpeercert()
                der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as exc:
        return SeenCertificate(
            issuer=_("not trusted: %(reason)s") % {"reason": exc.verify_message or exc.reason},
            names=(), expires_on=datetime.date.min, fingerprint="",
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        raise LookupFailed(str(exc)) from exc
    issuer = dict(x[0] for x in info.get("issuer", ()))
    names = sorted({v.lower() for k, v in info.get("subjectAltName", ()) if k == "DNS"})
    expires = datetime.datetime.fromtimestamp(
        ssl.cert_time_to_seconds(info["notAfter"]), datetime.UTC
    )
    digest = hashlib.sha256(der).hexdigest().upper()
    return SeenCertificate(
        issuer=issuer.get("organizationName") or issuer.get("commonName") or "",
        names=tuple(names), expires_on=expires.date(),
        fingerprint=":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
    )  # fmt: skip


def certificate_target(cert: Certificate) -> tuple[str, int] | None:
    """Where to ask: the recorded host[:port], else the first non-wildcard name, port 443."""
    host = cert.host.strip()
    if not host:
        host = next((n for n in cert.names_list if not n.startswith("*")), "")
    if not host:
        return None
    name, _sep, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    if not _sep:
        name, port = host, "443"
    return name, int(port) if port.isdigit() else 443


def certificate_differences(cert: Certificate, seen: SeenCertificate) -> list[str]:
    """What differs between the record and the served certificate (empty: they match)."""
    out = []
    if cert.fingerprint and cert.fingerprint.upper() != seen.fingerprint:
        out.append(_("fingerprint"))
    if sorted(cert.names_list) != list(seen.names):
        out.append(_("names"))
    if cert.issuer.strip() != seen.issuer:
        out.append(_("issuer"))
    if cert.expires_on != seen.expires_on:
        out.append(_("expiry"))
    return out


def certificate_record_lines(cert: Certificate) -> str:
    return SeenCertificate(
        issuer=cert.issuer.strip(), names=tuple(sorted(cert.names_list)),
        expires_on=cert.expires_on, fingerprint=cert.fingerprint.upper() or "—",
    ).lines()  # fmt: skip


# --- the job -----------------------------------------------------------------------------------


def _alert(drift: Drift) -> None:
    from siteops.org.selectors import resolve
    from siteops.work.notify import notify_people

    users = {u.pk: u for code in ALERT_POSITIONS for u in resolve(code).users}
    notify_people(
        list(users.values()), kind="escalated",
        title=_("Changed: %(what)s of %(name)s") % {"what": DriftKind(drift.kind).label, "name": drift.subject_name},
        message=_("The record says: %(expected)s — seen now: %(observed)s")
        % {"expected": drift.expected.replace("\n", "; ")[:300], "observed": drift.observed.replace("\n", "; ")[:300]},
        link=reverse("admin:infra_drift_change", args=[drift.pk]),
    )  # fmt: skip


def _observe(*, kind: str, domain=None, certificate=None, expected: str, observed: str,
             data: dict, differs: bool, now) -> Drift | None:  # fmt: skip
    """Keep one open drift per subject: a new difference opens (and alerts) once; the same one
    seen again does nothing; a different one replaces it (and alerts); agreement closes it."""
    subject = {"domain": domain} if domain is not None else {"certificate": certificate}
    open_ = Drift.objects.filter(kind=kind, resolved_at__isnull=True, **subject).first()
    if not differs:
        if open_ is not None:
            Drift.objects.filter(pk=open_.pk, resolved_at__isnull=True).update(
                resolved_at=now, resolution=_("The record and the live value agree again.")
            )
        return None
    if open_ is not None:
        if open_.observed == observed:
            return None
        Drift.objects.filter(pk=open_.pk, resolved_at__isnull=True).update(
            resolved_at=now, resolution=_("Changed again.")
        )
    try:
        with transaction.atomic():
            drift = Drift.objects.create(kind=kind, expected=expected, observed=observed,
                                         observed_data=data, detected_at=now, **subject)  # fmt: skip
    except IntegrityError:
        return None  # another run opened it meanwhile
    _alert(drift)
    return drift


def check_domains_and_certificates(
    *, ns_lookup: Callable[[str], list[str]] = lookup_ns,
    cert_fetch: Callable[..., SeenCertificate] = fetch_certificate, now=None,
) -> dict:  # fmt: skip
    """The daily job. Returns counts: checked, changed (new alerts), failed (not reachable)."""
    now = now or timezone.now()
    out = {"checked": 0, "changed": 0, "failed": 0}
    for domain in Domain.objects.exclude(name_servers="").order_by("pk"):
        try:
            seen = normalise_ns(ns_lookup(domain.name))
        except LookupFailed:
            out["failed"] += 1
            continue
        out["checked"] += 1
        expected = normalise_ns(domain.name_servers)
        drift = _observe(
            kind=DriftKind.NAME_SERVERS, domain=domain, expected="\n".join(expected),
            observed="\n".join(seen) or _("(no name servers)"), data={"name_servers": seen},
            differs=seen != expected, now=now,
        )  # fmt: skip
        out["changed"] += drift is not None
    for cert in Certificate.objects.order_by("pk"):
        target = certificate_target(cert)
        if target is None:
            continue
        try:
            seen = cert_fetch(target[0], target[1])
        except LookupFailed:
            out["failed"] += 1
            continue
        out["checked"] += 1
        diffs = certificate_differences(cert, seen)
        drift = _observe(
            kind=DriftKind.CERTIFICATE, certificate=cert, expected=certificate_record_lines(cert),
            observed=seen.lines(), data=seen.data(), differs=bool(diffs), now=now,
        )  # fmt: skip
        out["changed"] += drift is not None
    return out


@transaction.atomic
def drift_accept(*, actor, drift: Drift) -> Drift:
    """The change was intended (a move of DNS provider, a renewed certificate): the record takes
    the live value and the drift closes. Certificates: names and expiry from what was seen (the
    renewal due date moves with it)."""
    from . import services

    who = acting_for(actor, "infra.change_drift")
    if drift.resolved_at is not None:
        from siteops.core.errors import IllegalTransition

        raise IllegalTransition(_("This change was already settled."))
    data = drift.observed_data or {}
    if drift.domain_id:
        domain = drift.domain
        seen = data["name_servers"] if "name_servers" in data else normalise_ns(drift.observed)
        domain.name_servers = "\n".join(seen)
        services.renewable_save(actor=actor, obj=domain)
    else:
        if not data.get("names"):
            raise ValidationError(
                _("The served certificate is not trusted; replace it, do not accept it.")
            )
        cert = drift.certificate
        cert.issuer = str(data["issuer"])[:200]
        cert.names = "\n".join(data["names"])
        cert.expires_on = datetime.date.fromisoformat(data["expires_on"])
        cert.fingerprint = str(data.get("fingerprint", ""))[:95]
        services.renewable_save(actor=actor, obj=cert)
    with audited(who):
        Drift.objects.filter(pk=drift.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolution=_("Accepted: the record now says what was seen."),
            accepted_by=who.user if who.user_id else None,
        )  # fmt: skip
    drift.refresh_from_db()
    return drift
