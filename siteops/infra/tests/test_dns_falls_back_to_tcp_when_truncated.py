"""A UDP answer with the TC bit (truncated: the name servers did not fit) is asked again over
TCP, so the daily check compares the whole list — a half-read list would be a false change.
A local stub server answers on 127.0.0.1 (UDP and TCP on the same port), never the internet."""

import datetime
import socket
import struct
import threading

import pytest

from siteops.infra import watch
from siteops.infra.models import Domain, Drift, Provider
from siteops.org.models import Position

MANY = [f"ns{n}.bigdns.example.net" for n in range(1, 9)]


def _answer(msg: bytes, zone: dict, *, truncate: bool) -> bytes:
    qid, end, labels = msg[:2], 12, []
    while msg[end]:
        labels.append(msg[end + 1 : end + 1 + msg[end]].decode())
        end += 1 + msg[end]
    question = msg[12 : end + 5]
    names = zone.get(".".join(labels), [])
    flags = 0x8180
    if truncate:  # what a UDP server does when the answer does not fit: TC set, answers cut
        names, flags = names[:2], flags | watch.TC
    answers = b""
    for ns in names:
        rdata = b"".join(bytes([len(p)]) + p.encode() for p in ns.split(".")) + b"\0"
        answers += b"\xc0\x0c" + struct.pack(">HHIH", 2, 1, 3600, len(rdata)) + rdata
    return qid + struct.pack(">HHHHH", flags, 1, len(names), 0, 0) + question + answers


class StubDNS:
    """UDP answers truncated (when ``truncate_udp``); TCP answers in full; counts both."""

    def __init__(self, zone, *, truncate_udp=True, tcp=True, tcp_truncates=False):
        self.zone, self.truncate_udp, self.tcp_truncates = zone, truncate_udp, tcp_truncates
        self.udp_asked = self.tcp_asked = 0
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.address = self.udp.getsockname()
        self.tcp = None
        if tcp:
            self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.tcp.bind(self.address)
            self.tcp.listen(4)
            threading.Thread(target=self._serve_tcp, daemon=True).start()
        threading.Thread(target=self._serve_udp, daemon=True).start()

    def _serve_udp(self):
        while True:
            try:
                msg, peer = self.udp.recvfrom(512)
            except OSError:
                return
            self.udp_asked += 1
            self.udp.sendto(_answer(msg, self.zone, truncate=self.truncate_udp), peer)

    def _serve_tcp(self):
        while True:
            try:
                conn, _peer = self.tcp.accept()
            except OSError:
                return
            with conn:
                (n,) = struct.unpack(">H", conn.recv(2))
                msg = b""
                while len(msg) < n:
                    msg += conn.recv(n - len(msg))
                self.tcp_asked += 1
                out = _answer(msg, self.zone, truncate=self.tcp_truncates)
                # sent in two pieces: the reader must not assume one recv() is one message
                data = struct.pack(">H", len(out)) + out
                conn.sendall(data[:5])
                conn.sendall(data[5:])

    def close(self):
        self.udp.close()
        if self.tcp is not None:
            self.tcp.close()


@pytest.fixture
def stub():
    servers = []

    def make(**kwargs):
        server = StubDNS({"big.example.cn": MANY}, **kwargs)
        servers.append(server)
        return server

    yield make
    for s in servers:
        s.close()


def test_a_truncated_udp_answer_is_asked_again_over_tcp(stub):
    server = stub()
    assert watch.lookup_ns("big.example.cn", server=server.address) == sorted(MANY)
    assert (server.udp_asked, server.tcp_asked) == (1, 1)


def test_a_whole_udp_answer_does_not_use_tcp(stub):
    server = stub(truncate_udp=False)
    assert watch.lookup_ns("big.example.cn", server=server.address) == sorted(MANY)
    assert (server.udp_asked, server.tcp_asked) == (1, 0)


def test_no_tcp_server_is_a_failed_lookup_not_a_short_list(stub):
    server = stub(tcp=False)
    with pytest.raises(watch.LookupFailed):
        watch.lookup_ns("big.example.cn", server=server.address, timeout=1)


def test_truncated_even_over_tcp_is_a_failed_lookup(stub):
    server = stub(tcp_truncates=True)
    with pytest.raises(watch.LookupFailed):
        watch.lookup_ns("big.example.cn", server=server.address, timeout=1)


@pytest.mark.django_db
def test_the_daily_check_sees_no_change_when_the_answer_was_truncated(stub, manager):
    server = stub()
    registrar = Provider.objects.create(name="注册商", kind="registrar")
    Domain.objects.create(
        name="big.example.cn", registrar=registrar, expires_on=datetime.date(2030, 1, 1),
        position=Position.objects.get(code="MGR"), name_servers="\n".join(MANY),
    )  # fmt: skip
    out = watch.check_domains_and_certificates(
        ns_lookup=lambda name: watch.lookup_ns(name, server=server.address)
    )
    assert out["checked"] == 1 and out["changed"] == 0 and not Drift.objects.exists()
