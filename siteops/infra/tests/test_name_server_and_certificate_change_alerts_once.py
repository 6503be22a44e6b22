"""The daily check asks a (local stub) DNS server for each domain's name servers and a (local)
TLS server for each certificate; a change alerts the manager and the maintainer once, the same
change seen again alerts nobody, agreement closes it, and accepting makes the record say it.
Never the internet: the stub servers listen on 127.0.0.1."""

import datetime
import socket
import ssl
import struct
import subprocess
import threading
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from siteops.core.errors import NotAllowed
from siteops.infra import services, watch
from siteops.infra.models import Certificate, Domain, Drift, Provider
from siteops.org.models import Position
from siteops.work.models import Notification


class StubDNS:
    """Answers NS queries for the names in ``zone`` (name → list of name servers), on UDP."""

    def __init__(self, zone):
        self.zone = zone
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.address = self.sock.getsockname()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                msg, peer = self.sock.recvfrom(512)
            except OSError:
                return
            qid = msg[:2]
            end = 12
            labels = []
            while msg[end]:
                labels.append(msg[end + 1 : end + 1 + msg[end]].decode())
                end += 1 + msg[end]
            question = msg[12 : end + 5]
            answers = b""
            names = self.zone.get(".".join(labels), [])
            for ns in names:
                rdata = b"".join(bytes([len(p)]) + p.encode() for p in ns.split(".")) + b"\0"
                # owner name as a pointer to the question (offset 12): exercises compression
                answers += b"\xc0\x0c" + struct.pack(">HHIH", 2, 1, 3600, len(rdata)) + rdata
            rcode = 0 if ".".join(labels) in self.zone else 3
            header = qid + struct.pack(">HHHHH", 0x8180 | rcode, 1, len(names), 0, 0)
            self.sock.sendto(header + question + answers, peer)

    def close(self):
        self.sock.close()


@pytest.fixture
def dns():
    server = StubDNS({"shop.example.cn": ["ns1.dnspod.net", "ns2.dnspod.net"]})
    yield server
    server.close()


@pytest.fixture
def domain(db):
    registrar = Provider.objects.create(name="阿里云", kind="registrar")
    return Domain.objects.create(
        name="shop.example.cn", registrar=registrar, expires_on=datetime.date(2030, 1, 1),
        position=Position.objects.get(code="MGR"), name_servers="NS1.dnspod.net.\nns2.dnspod.net",
    )  # fmt: skip


def _alerts():
    return Notification.objects.filter(link__contains="/infra/drift/")


def test_lookup_ns_reads_the_answer_of_a_dns_server(dns):
    assert watch.lookup_ns("shop.example.cn", server=dns.address) == [
        "ns1.dnspod.net",
        "ns2.dnspod.net",
    ]
    with pytest.raises(watch.LookupFailed):
        watch.lookup_ns("nothing.example.cn", server=dns.address, timeout=1)


def test_a_name_server_change_alerts_once_and_closes_when_it_agrees_again(
    dns, domain, manager, maintainer
):
    lookup = partial(watch.lookup_ns, server=dns.address)
    assert watch.check_domains_and_certificates(ns_lookup=lookup)["changed"] == 0
    assert not Drift.objects.exists()

    dns.zone["shop.example.cn"] = ["dns1.hichina.com", "dns2.hichina.com"]  # moved
    assert watch.check_domains_and_certificates(ns_lookup=lookup)["changed"] == 1
    drift = Drift.objects.get()
    assert drift.observed == "dns1.hichina.com\ndns2.hichina.com" and drift.resolved_at is None
    assert {n.user_id for n in _alerts()} == {manager.pk, maintainer.pk}
    # The next days see the same change: no more alerts.
    watch.check_domains_and_certificates(ns_lookup=lookup)
    watch.check_domains_and_certificates(ns_lookup=lookup)
    assert _alerts().count() == 2 and Drift.objects.count() == 1

    dns.zone["shop.example.cn"] = ["ns1.dnspod.net", "ns2.dnspod.net"]  # moved back
    watch.check_domains_and_certificates(ns_lookup=lookup)
    drift.refresh_from_db()
    assert drift.resolved_at is not None and _alerts().count() == 2


def test_accepting_the_change_updates_the_record(dns, domain, manager, maintainer):
    dns.zone["shop.example.cn"] = ["dns1.hichina.com", "dns2.hichina.com"]
    lookup = partial(watch.lookup_ns, server=dns.address)
    watch.check_domains_and_certificates(ns_lookup=lookup)
    drift = Drift.objects.get()
    with pytest.raises(NotAllowed):  # the maintainer sees it but may not change the record
        watch.drift_accept(actor=maintainer, drift=drift)
    watch.drift_accept(actor=manager, drift=drift)
    domain.refresh_from_db()
    assert watch.normalise_ns(domain.name_servers) == ["dns1.hichina.com", "dns2.hichina.com"]
    watch.check_domains_and_certificates(ns_lookup=lookup)
    assert Drift.objects.get().resolved_at is not None and _alerts().count() == 2


def test_an_unreachable_resolver_is_a_failure_not_a_change(domain, manager):
    def down(name):
        raise watch.LookupFailed("timeout")

    assert watch.check_domains_and_certificates(ns_lookup=down) == {
        "checked": 0,
        "changed": 0,
        "failed": 1,
    }
    assert not Drift.objects.exists() and not _alerts().exists()


# --- certificates ------------------------------------------------------------------------------


def _self_signed(tmp_path, name: str, days: int):
    key, crt = tmp_path / f"{name}-{days}.key", tmp_path / f"{name}-{days}.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
         "-days", str(days), "-subj", f"/O=Test CA {days}/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return crt, key


class TLSServer:
    """Serves one certificate on 127.0.0.1 (completes handshakes, then closes)."""

    def __init__(self, crt, key):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(crt, key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                with self.ctx.wrap_socket(conn, server_side=True):
                    pass
            except (OSError, ssl.SSLError):
                pass

    def close(self):
        self.sock.close()


def test_a_replaced_certificate_alerts_once(tmp_path, manager, maintainer):
    name = "localhost"
    crt1, key1 = _self_signed(tmp_path, name, 90)
    crt2, key2 = _self_signed(tmp_path, name, 365)
    server = TLSServer(crt1, key1)
    trust = ssl.create_default_context(cafile=str(crt1))
    trust.load_verify_locations(cafile=str(crt2))
    fetch = partial(watch.fetch_certificate, context=trust)
    try:
        seen = watch.fetch_certificate(name, server.port, context=trust)
        assert seen.names == ("localhost",) and seen.issuer == "Test CA 90"
        cert = Certificate.objects.create(
            names="localhost", issuer="Test CA 90", expires_on=seen.expires_on,
            host=f"localhost:{server.port}", fingerprint=seen.fingerprint,
            position=Position.objects.get(code="MGR"),
        )  # fmt: skip
        assert watch.check_domains_and_certificates(cert_fetch=fetch)["changed"] == 0

        server.ctx.load_cert_chain(crt2, key2)  # the certificate is replaced
        assert watch.check_domains_and_certificates(cert_fetch=fetch)["changed"] == 1
        assert watch.check_domains_and_certificates(cert_fetch=fetch)["changed"] == 0
        drift = Drift.objects.get(certificate=cert)
        assert "Test CA 365" in drift.observed
        assert Notification.objects.filter(link__contains=f"/drift/{drift.pk}/").count() == 2

        watch.drift_accept(actor=manager, drift=drift)
        cert.refresh_from_db()
        assert cert.issuer == "Test CA 365" and cert.expires_on > seen.expires_on
        assert watch.check_domains_and_certificates(cert_fetch=fetch)["changed"] == 0
        assert not Drift.objects.filter(resolved_at__isnull=True).exists()
    finally:
        server.close()


def test_an_untrusted_certificate_is_a_change(tmp_path, manager):
    crt, key = _self_signed(tmp_path, "localhost", 30)
    server = TLSServer(crt, key)
    try:
        seen = watch.fetch_certificate("localhost", server.port)  # system trust: not trusted
        assert seen.names == () and seen.fingerprint == ""
        cert = Certificate.objects.create(
            names="localhost", issuer="Test CA 30", expires_on=datetime.date(2030, 1, 1),
            host=f"localhost:{server.port}", position=Position.objects.get(code="MGR"),
        )  # fmt: skip
        assert watch.check_domains_and_certificates()["changed"] == 1
        with pytest.raises(ValidationError):  # nothing to accept: replace the certificate instead
            watch.drift_accept(actor=manager, drift=Drift.objects.get(certificate=cert))
    finally:
        server.close()


def test_renewable_save_keeps_the_new_fields(manager):
    cert = services.renewable_save(
        actor=manager,
        obj=Certificate(names="a.example.cn", issuer="CA", expires_on=datetime.date(2030, 1, 1),
                        host="a.example.cn:8443", position=Position.objects.get(code="MGR")),
    )  # fmt: skip
    assert watch.certificate_target(cert) == ("a.example.cn", 8443)
