"""ART-02: the art editor (or whoever covers ART) uploads the requested ad's image and marks it
ready; a bad image is refused with a clear, translated message and nothing changes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override

from conftest import make_staff
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.merch import services
from siteops.merch.choices import AdRequestStatus
from siteops.merch.models import AdRequest
from siteops.work.models import WorkItem

from .factories import image_upload
from .test_plan_becomes_work import make_plan, work_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(purchasing):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    return plan


def acting_art(username="cover_art", holds="CPY"):
    user = make_staff(username, holds)
    from siteops.org.models import Position, PositionAssignment

    PositionAssignment.objects.create(
        user=user, position=Position.objects.get(code="ART"), kind="acting",
        start=timezone.localdate() - datetime.timedelta(days=1),
        end=timezone.localdate() + datetime.timedelta(days=5), reason="美工休假",
    )  # fmt: skip
    return user


def test_acting_art_editor_uploads_and_marks_ready(submitted):
    artist = acting_art()
    req = submitted.ad_requests.get()
    services.ad_request_upload_image(actor=artist, ad_request=req, image=image_upload())
    req.refresh_from_db()
    assert req.status == AdRequestStatus.UPLOADED and req.image and req.image_by == artist
    record = req.history.first()
    assert record.history_position == "ART" and record.history_acting is True
    services.ad_request_mark_ready(actor=artist, ad_request=req)
    req.refresh_from_db()
    assert req.status == AdRequestStatus.READY
    assert work_about(req).get().status == "done"


def test_product_editor_covers_a_vacant_art_editor(submitted, product_editor):
    req = submitted.ad_requests.get()
    services.ad_request_upload_image(actor=product_editor, ad_request=req, image=image_upload())
    assert AdRequest.objects.get(pk=req.pk).status == AdRequestStatus.UPLOADED


def test_copy_editor_without_cover_may_not_upload(submitted, copy_editor):
    req = submitted.ad_requests.get()
    with pytest.raises(NotAllowed):
        services.ad_request_upload_image(actor=copy_editor, ad_request=req, image=image_upload())
    assert not AdRequest.objects.get(pk=req.pk).image


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("ad.png", b"%PDF-1.4 not an image", content_type="image/png"),
         "不是可用的图片"),
        (SimpleUploadedFile("ad.bmp", None, content_type="image/bmp"), "格式"),
    ],
)  # fmt: skip
def test_bad_image_is_refused_with_a_translated_error(submitted, product_editor, upload, message):
    if upload.size == 0:
        import io

        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buf, "BMP")
        upload = SimpleUploadedFile("ad.bmp", buf.getvalue(), content_type="image/bmp")
    req = submitted.ad_requests.get()
    with override("zh-hans"), pytest.raises(Exception) as exc:
        services.ad_request_upload_image(actor=product_editor, ad_request=req, image=upload)
    assert message in " ".join(exc.value.messages)
    req.refresh_from_db()
    assert req.status == AdRequestStatus.WAITING and not req.image


def test_too_many_pixels_is_refused(submitted, product_editor, settings):
    settings.SITEOPS = {**settings.SITEOPS, "MERCH_IMAGE_MAX_PIXELS": 100}
    req = submitted.ad_requests.get()
    with override("en"), pytest.raises(Exception, match="pixels"):
        services.ad_request_upload_image(
            actor=product_editor, ad_request=req, image=image_upload(size=(20, 20))
        )


def test_ready_needs_an_image_and_draft_plans_take_none(purchasing, product_editor, submitted):
    req = submitted.ad_requests.get()
    with pytest.raises(Exception, match="Upload the image|上传"):
        services.ad_request_mark_ready(actor=product_editor, ad_request=req)
    draft = make_plan(purchasing)
    with pytest.raises(IllegalTransition):
        services.ad_request_upload_image(
            actor=product_editor, ad_request=draft.ad_requests.get(), image=image_upload()
        )
    assert WorkItem.objects.filter(position__code="ART").count() == 1


def test_upload_page_and_ready_button(client, submitted, product_editor):
    client.force_login(product_editor)
    req = submitted.ad_requests.get()
    page = client.get("/backoffice/merch/art/")
    assert page.status_code == 200 and f'data-request="{req.pk}"' in page.content.decode()
    r = client.post(f"/backoffice/merch/art/{req.pk}/upload/", {"image": image_upload()})
    assert r.status_code == 302
    r = client.post(f"/backoffice/merch/art/{req.pk}/ready/")
    assert AdRequest.objects.get(pk=req.pk).status == AdRequestStatus.READY


def test_upload_page_shows_bad_image_error(client, submitted, product_editor):
    client.force_login(product_editor)
    req = submitted.ad_requests.get()
    bad = SimpleUploadedFile("x.png", b"GIF89a-broken", content_type="image/png")
    r = client.post(f"/backoffice/merch/art/{req.pk}/upload/", {"image": bad}, follow=True,
                    HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert "不是可用的图片" in r.content.decode()
    assert not AdRequest.objects.get(pk=req.pk).image
