"""Design requests: brief → work for the art editor; a concept before the final; approve/decline
per numbered round (decline needs feedback, which reaches the art editor); the approved final is
stored with the request and closes the work item."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import make_staff
from siteops.content import design
from siteops.content.models import DesignRequest
from siteops.core.errors import DomainError, NotAllowed
from siteops.work.models import Notification, WorkItem

pytestmark = pytest.mark.django_db


def png(name="proof.png"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def art(db):
    return make_staff("art_acting", "ART", kind="acting")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_rounds_to_final_asset(copy_editor, art):
    req = design.request_open(actor=copy_editor, title="年终大促头图", placements="首页 1200×400")
    item = WorkItem.objects.get(position__code="ART")
    with pytest.raises(DomainError):
        design.proof_submit(actor=art, req=req, kind="final", image=png())  # concept first
    r1 = design.proof_submit(actor=art, req=req, kind="concept", image=png())
    with pytest.raises(DomainError):
        design.round_decide(actor=copy_editor, rnd=r1, approve=False)  # feedback required
    design.round_decide(actor=copy_editor, rnd=r1, approve=False, feedback="字体再大一些")
    assert Notification.objects.filter(user=art, message__contains="字体再大一些").exists()
    r2 = design.proof_submit(actor=art, req=req, kind="concept", image=png())
    design.round_decide(actor=copy_editor, rnd=r2, approve=True)
    r3 = design.proof_submit(actor=art, req=req, kind="final", image=png())
    assert r3.number == 3
    design.round_decide(actor=copy_editor, rnd=r3, approve=True)
    req.refresh_from_db()
    assert req.status == "done" and req.final_asset == r3
    item.refresh_from_db()
    assert item.status in ("done", "cancelled")


def test_not_an_image_and_wrong_people(copy_editor, art, purchasing):
    req = design.request_open(actor=copy_editor, title="专题页")
    fake = SimpleUploadedFile("x.png", b"%PDF-1.4 not a picture", content_type="image/png")
    with pytest.raises(DomainError):
        design.proof_submit(actor=art, req=req, kind="concept", image=fake)
    with pytest.raises(NotAllowed):
        design.proof_submit(actor=copy_editor, req=req, kind="concept", image=png())
    with pytest.raises(NotAllowed):
        design.request_open(actor=purchasing, title="x")
    r = design.proof_submit(actor=art, req=req, kind="concept", image=png())
    with pytest.raises(NotAllowed):
        design.round_decide(actor=art, rnd=r, approve=True)  # the designer does not approve


def test_screens(client, copy_editor, art, purchasing):
    client.force_login(copy_editor)
    r = client.post("/backoffice/content/design/new/", {"title": "品牌故事页", "purpose": "讲品牌"})
    req = DesignRequest.objects.get()
    assert r.status_code == 302
    url = f"/backoffice/content/design/{req.pk}/"
    for user, code in ((None, 302), (purchasing, 403), (copy_editor, 200), (art, 200)):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == code
        assert client.get("/backoffice/content/designrequest/").status_code == code
    client.force_login(purchasing)
    assert client.post(url + "proof/", {"kind": "concept", "image": png()}).status_code == 403
    client.force_login(art)
    assert client.post(url + "proof/", {"kind": "concept", "image": png()}).status_code == 302
    assert client.post(url + "rounds/1/approve/").status_code == 403
    client.force_login(copy_editor)
    assert client.post(url + "rounds/1/decline/", {"feedback": ""}).status_code == 302
    assert req.rounds.get().decision == "pending"  # no feedback: refused with a message
    assert client.post(url + "rounds/1/approve/").status_code == 302
    assert req.rounds.get().decision == "approved"
    assert client.post(url + "rounds/9/approve/").status_code == 404
    assert client.get("/backoffice/content/design/new/?page=abc").status_code == 200


def test_who_asked_and_who_decided_in_the_one_shape(client, copy_editor, art):
    """The request and each decision record the person, the position and whether as an acting
    holder (``<verb>_by`` / ``_position_code`` / ``_acting``); the page names the position."""
    from siteops.org.models import Position

    req = design.request_open(actor=copy_editor, title="会员日头图")
    assert (req.requested_by, req.requested_position_code, req.requested_acting) == (
        copy_editor,
        "CPY",
        False,
    )
    cover = make_staff("cpy_acting", "CPY", kind="acting")
    r1 = design.proof_submit(actor=art, req=req, kind="concept", image=png())
    design.round_decide(actor=cover, rnd=r1, approve=False, feedback="换成暖色")
    r1.refresh_from_db()
    assert (r1.decided_by, r1.decided_position_code, r1.decided_acting) == (cover, "CPY", True)
    client.force_login(copy_editor)
    html = client.get(f"/backoffice/content/design/{req.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = html.content.decode()
    name = Position.objects.get(code="CPY").name_zh
    assert f"({name})" in text  # the requester's position by name, not "(CPY)"
    assert f"({name} · 代理)" in text  # the decision, by the acting holder
    assert "(CPY" not in text
