"""The evidence export: one licence (or all) as a ZIP with the register entry, its history, its
obligations and every evidence file with a SHA-256 manifest; only who may see the evidence."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_staff
from siteops.compliance import services
from siteops.compliance.models import Licence
from siteops.compliance.tests.factories import icp_licence


@pytest.fixture
def licence(manager):
    lic = icp_licence(manager)
    services.filings_open(today=datetime.date(2027, 1, 2))
    filing = lic.filings.get(kind="annual_report")
    services.evidence_add(actor=manager, licence=lic, title="许可证正本", dated=datetime.date(2026, 6, 1),
                          upload=SimpleUploadedFile("licence.pdf", b"%PDF-1 original"))  # fmt: skip
    services.filing_submit(actor=manager, filing=filing, submitted_on=datetime.date(2026, 12, 1),
                           receipt_number="NB-2027-001",
                           upload=SimpleUploadedFile("receipt.png", b"\x89PNG receipt"))  # fmt: skip
    return lic


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_one_licence_as_a_zip(client, manager, licence):
    client.force_login(manager)
    r = client.get(f"/backoffice/compliance/licences/{licence.pk}/export.zip")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    zf = _zip(r)
    names = zf.namelist()
    evidence = sorted(n for n in names if "/evidence/" in n)
    assert len(evidence) == 2
    assert zf.read(evidence[0]) in (b"%PDF-1 original", b"\x89PNG receipt")
    tables = [
        zf.read(n).decode("utf-8-sig") for n in names if n.endswith(".csv") and n.count("/") == 1
    ]
    assert len(tables) == 2 and any("NB-2027-001" in t and "上年度经营情况" in t for t in tables)
    manifest = next(n for n in names if "/" not in n and ("manifest" in n or "清单" in n))
    text = zf.read(manifest).decode("utf-8-sig")
    assert hashlib.sha256(b"%PDF-1 original").hexdigest() in text
    # Only this licence (the seeded footer licences are left out).
    assert all(n.startswith(f"{licence.pk:04d}-") for n in names if "/" in n)


def test_all_licences(client, leader, licence):
    client.force_login(leader)
    r = client.get("/backoffice/compliance/evidence/export.zip")
    assert r.status_code == 200
    folders = {n.split("/")[0] for n in _zip(r).namelist() if "/" in n}
    assert len(folders) == Licence.objects.count()


@pytest.mark.parametrize("username", ["maintainer", "dev_lead", "hr", "purchasing"])
def test_others_are_refused(client, licence, username, request):
    client.force_login(request.getfixturevalue(username))
    assert client.get(f"/backoffice/compliance/licences/{licence.pk}/export.zip").status_code == 403
    assert client.get("/backoffice/compliance/evidence/export.zip").status_code == 403


def test_anonymous_customer_and_acting_manager(client, licence, customer):
    r = client.get("/backoffice/compliance/evidence/export.zip")
    assert r.status_code == 302 and "/login/" in r["Location"]
    client.force_login(customer)
    assert client.get("/backoffice/compliance/evidence/export.zip").status_code in (302, 403)
    client.force_login(make_staff("acting_mgr", "MGR", kind="acting"))
    assert client.get(f"/backoffice/compliance/licences/{licence.pk}/export.zip").status_code == 200
    assert client.get("/backoffice/compliance/licences/99999/export.zip").status_code == 404
