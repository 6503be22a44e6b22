"""Who may open and use the compliance screens: the manager (and an acting manager) works
there, leadership reads, every other position and customers get nothing, anonymous goes to login."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_staff
from siteops.compliance import documents, services
from siteops.compliance.models import Filing, Licence
from siteops.org.models import Position

from .factories import icp_licence

READERS = ["manager", "leader"]
OTHERS = ["dev_lead", "maintainer", "hr", "purchasing", "chief_editor"]


@pytest.fixture
def world(manager):
    lic = icp_licence(manager)
    services.ensure_deadline_kinds()
    f = Filing.objects.create(licence=lic, kind="annual_report", period_key="2026", title="ICP证 2026 年报",
                              opens_on=datetime.date(2026, 1, 2), due_date=datetime.date(2026, 3, 31))  # fmt: skip
    from siteops.deadlines.services import deadline_register

    deadline_register(subject=f, kind="licence_annual_report", due_date=f.due_date, position="MGR")
    doc = documents.document_create(actor=manager, kind="policy", title="程序开发制度", body="正文",
                                    owner=Position.objects.get(code="MGR"))  # fmt: skip
    return {"licence": lic, "filing": f, "doc": doc}


def _pages(w):
    return [
        "/backoffice/compliance/calendar/",
        f"/backoffice/compliance/licences/{w['licence'].pk}/",
        f"/backoffice/compliance/filings/{w['filing'].pk}/",
        f"/backoffice/compliance/documents/{w['doc'].pk}/",
        "/backoffice/compliance/licence/",
        "/backoffice/compliance/document/",
    ]


def test_anonymous_goes_to_login(client, world):
    for url in _pages(world):
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"], url
    r = client.post(f"/backoffice/compliance/filings/{world['filing'].pk}/submit/",
                    {"submitted_on": "2026-03-01", "receipt_number": "R1"})  # fmt: skip
    assert r.status_code == 302 and Filing.objects.get(pk=world["filing"].pk).status == "open"


@pytest.mark.parametrize("username", READERS)
def test_manager_and_leadership_read(client, world, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in _pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", OTHERS)
def test_other_positions_see_nothing(client, world, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in _pages(world):
        assert client.get(url).status_code in (403, 404), url
    f = world["filing"]
    assert client.post(f"/backoffice/compliance/filings/{f.pk}/submit/",
                       {"submitted_on": "2026-03-01", "receipt_number": "R1"}).status_code == 404  # fmt: skip
    assert client.post(f"/backoffice/compliance/licences/{world['licence'].pk}/status/",
                       {"to": "cancelled"}).status_code == 404  # fmt: skip
    assert client.post(f"/backoffice/compliance/documents/{world['doc'].pk}/edit/",
                       {"title": "x", "body": "y"}).status_code == 404  # fmt: skip
    assert Filing.objects.get(pk=f.pk).status == "open"
    assert Licence.objects.get(pk=world["licence"].pk).status == "granted"


def test_evidence_downloads_only_for_the_register(client, world, manager, dev_lead):
    import datetime

    ev = services.evidence_add(actor=manager, licence=world["licence"], title="许可证扫描件",
                               dated=datetime.date(2026, 6, 1),
                               upload=SimpleUploadedFile("lic.pdf", b"%PDF-1.4", "application/pdf"))  # fmt: skip
    url = f"/backoffice/compliance/evidence/{ev.pk}/file/"
    assert client.get(url).status_code == 302
    client.force_login(dev_lead)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200
    assert client.get(f"/media/{ev.file.name}").status_code == 404  # never public media


def test_customer_is_refused(client, world, customer):
    client.force_login(customer)
    for url in _pages(world):
        assert client.get(url).status_code in (302, 403, 404), url


def test_leadership_reads_but_cannot_record(client, world, leader):
    client.force_login(leader)
    f = world["filing"]
    client.post(f"/backoffice/compliance/filings/{f.pk}/submit/",
                {"submitted_on": "2026-03-01", "receipt_number": "R1"})  # fmt: skip
    assert Filing.objects.get(pk=f.pk).status == "open"
    client.post(
        f"/backoffice/compliance/licences/{world['licence'].pk}/status/", {"to": "cancelled"}
    )
    assert Licence.objects.get(pk=world["licence"].pk).status == "granted"


def test_acting_manager_records_submission_outcome_and_evidence(client, world):
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    client.force_login(acting)
    f = world["filing"]
    r = client.post(f"/backoffice/compliance/filings/{f.pk}/submit/",
                    {"submitted_on": "2026-03-01", "receipt_number": "NB20260301",
                     "file": SimpleUploadedFile("shot.png", b"\x89PNG", "image/png")})  # fmt: skip
    assert r.status_code == 302
    f.refresh_from_db()
    assert (f.status, f.receipt_number, f.evidence.count()) == ("submitted", "NB20260301", 1)
    assert (
        client.get(f"/backoffice/compliance/filings/{f.pk}/").content.decode().count("NB20260301")
    )
    ev = f.evidence.get()
    download = client.get(f"/backoffice/compliance/evidence/{ev.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\x89PNG"
    client.post(f"/backoffice/compliance/filings/{f.pk}/close/", {"outcome": "accepted"})
    f.refresh_from_db()
    assert f.status == "closed"
    # Evidence of the closed obligation is fixed: the form refuses more.
    r = client.post(f"/backoffice/compliance/licences/{f.licence_id}/evidence/",
                    {"filing": f.pk, "title": "补充", "dated": "2026-03-02",
                     "file": SimpleUploadedFile("b.png", b"x", "image/png")}, follow=True)  # fmt: skip
    assert f.evidence.count() == 1 and "不能更改" in r.content.decode()


def test_bad_input_is_a_message_not_a_500(client, world, manager):
    client.force_login(manager)
    f = world["filing"]
    for data in ({"submitted_on": "2026-02-30", "receipt_number": "R"},
                 {"submitted_on": "2999-01-01", "receipt_number": "R"},
                 {"submitted_on": "2026-03-01", "receipt_number": ""},
                 {"submitted_on": "x" * 5000, "receipt_number": "R"}):  # fmt: skip
        r = client.post(f"/backoffice/compliance/filings/{f.pk}/submit/", data, follow=True)
        assert r.status_code == 200
    assert Filing.objects.get(pk=f.pk).status == "open"
    r = client.post(
        f"/backoffice/compliance/licences/{f.licence_id}/status/", {"to": "nonsense"}, follow=True
    )
    assert r.status_code == 200
    r = client.post(f"/backoffice/compliance/filings/{f.pk}/check/", {"item": "abc"}, follow=True)
    assert r.status_code == 200


def test_acknowledge_page_for_the_positions_it_applies_to(
    client, world, manager, leader, product_editor, customer
):
    from siteops.approvals.services import approval_approve

    doc = world["doc"]
    doc.applies_to.set(Position.objects.filter(code="PED"))
    approval_approve(actor=leader, approval=documents.document_submit(actor=manager, document=doc))
    client.force_login(product_editor)
    assert "程序开发制度" in client.get("/backoffice/compliance/acknowledge/").content.decode()
    client.post("/backoffice/compliance/acknowledge/", {"document": doc.pk})
    assert doc.acks.filter(user=product_editor, version=1).exists()
    client.force_login(manager)  # not a position it applies to: nothing listed, nothing recorded
    page = client.get("/backoffice/compliance/acknowledge/").content.decode()
    assert "程序开发制度" not in page.split("section-pending")[1].split("section-done")[0]
    client.post("/backoffice/compliance/acknowledge/", {"document": doc.pk})
    assert not doc.acks.filter(user=manager).exists()
