"""The shop footer shows the licence numbers from the register, with their links; changing a
number shows on the next request although the page is cached."""

from django.core.files.uploadedfile import SimpleUploadedFile

from siteops.compliance import services
from siteops.compliance.models import Licence


def test_footer_shows_register_numbers_and_a_change_passes_the_cache(client, manager):
    icp = Licence.objects.get(kind="icp_filing")  # seeded from the old settings value
    html = client.get("/").content.decode()
    assert icp.number in html and 'href="https://beian.miit.gov.cn/"' in html
    assert client.get("/")["X-Shop-Cache"] == "hit"

    old = icp.number
    services.licence_save(actor=manager, licence=icp, data={"number": "沪ICP备20269999号-2"})
    response = client.get("/")
    html = response.content.decode()
    assert response["X-Shop-Cache"] == "miss"
    assert "沪ICP备20269999号-2" in html and old not in html


def test_a_cancelled_licence_leaves_the_footer(client, manager):
    psb = Licence.objects.get(kind="psb_filing")
    assert psb.number in client.get("/").content.decode()
    services.licence_transition(actor=manager, licence=psb, to="cancelled")
    assert psb.number not in client.get("/").content.decode()


def test_a_licence_not_marked_for_the_footer_is_not_shown(client, manager):
    lic = services.licence_save(
        actor=manager, data={"kind": "icp_licence", "number": "沪B2-20260001"}
    )
    services.licence_transition(actor=manager, licence=lic, to="submitted")
    services.licence_transition(actor=manager, licence=lic, to="granted")
    assert "沪B2-20260001" not in client.get("/").content.decode()
    services.licence_save(actor=manager, licence=lic, data={"show_in_footer": True})
    assert "沪B2-20260001" in client.get("/").content.decode()


def test_evidence_of_a_closed_obligation_cannot_be_changed(manager):
    import datetime

    import pytest
    from django.core.exceptions import ValidationError

    from siteops.compliance.models import Filing

    from .factories import icp_licence

    lic = icp_licence(manager)
    f = Filing.objects.create(licence=lic, kind="annual_report", period_key="2026", title="年报",
                              opens_on=datetime.date(2026, 1, 2), due_date=datetime.date(2026, 3, 31))  # fmt: skip
    services.ensure_deadline_kinds()
    ev = services.evidence_add(actor=manager, licence=lic, filing=f, title="回执截图",
                               dated=datetime.date(2026, 3, 1),
                               upload=SimpleUploadedFile("r.png", b"\x89PNG....", "image/png"))  # fmt: skip
    services.filing_submit(
        actor=manager, filing=f, submitted_on=datetime.date(2026, 3, 1), receipt_number="R1"
    )
    Filing.objects.filter(pk=f.pk).update(status="closed")
    f.refresh_from_db()
    ev.refresh_from_db()
    ev.title = "换一张"
    with pytest.raises(ValidationError):
        ev.save()
    with pytest.raises(ValidationError):
        ev.delete()
    with pytest.raises(ValidationError):
        services.evidence_add(actor=manager, licence=lic, filing=f, title="补充",
                              dated=datetime.date(2026, 3, 2),
                              upload=SimpleUploadedFile("s.png", b"x", "image/png"))  # fmt: skip
