"""Attachments are checked by content and size; coordination hands work to another department
and back, and the wait is visible to both sides."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from siteops.core.errors import NotAllowed
from siteops.work import services
from siteops.work.models import WorkAttachment

from .factories import task

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_attachment_content_must_match_its_name(tmp_path, settings, staff):
    settings.MEDIA_ROOT = tmp_path
    item = task("PED", actor=staff["chief_editor"])
    ped = staff["product_editor"]
    att = services.item_attach(actor=ped, item=item, upload=SimpleUploadedFile("a.png", PNG))
    assert att.content_type == "image/png" and att.size == len(PNG)
    with pytest.raises(ValidationError):  # an executable renamed to .pdf
        services.item_attach(
            actor=ped, item=item, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")
        )
    with pytest.raises(ValidationError):  # not an accepted type at all
        services.item_attach(
            actor=ped, item=item, upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00")
        )
    with pytest.raises(ValidationError):  # binary posing as text
        services.item_attach(actor=ped, item=item, upload=SimpleUploadedFile("x.csv", PNG))
    assert WorkAttachment.objects.count() == 1
    with pytest.raises(NotAllowed):  # another department cannot attach to our item
        services.item_attach(
            actor=staff["warehouse"], item=item, upload=SimpleUploadedFile("b.png", PNG)
        )


@pytest.mark.django_db
def test_attachment_size_limit(tmp_path, settings, staff):
    settings.MEDIA_ROOT = tmp_path
    settings.SITEOPS = {**settings.SITEOPS, "WORK_ATTACHMENT_MAX_BYTES": 1024 * 1024}
    item = task("PED", actor=staff["chief_editor"])
    big = SimpleUploadedFile("big.txt", b"a" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        services.item_attach(actor=staff["product_editor"], item=item, upload=big)


@pytest.mark.django_db
def test_attachment_download_permissions(client, tmp_path, settings, staff):
    settings.MEDIA_ROOT = tmp_path
    item = task("PED", actor=staff["chief_editor"])
    att = services.item_attach(
        actor=staff["product_editor"], item=item, upload=SimpleUploadedFile("a.png", PNG)
    )
    url = reverse("admin:work_attachment", args=[att.pk])
    assert client.get(url).status_code == 302
    client.force_login(staff["warehouse"])
    assert client.get(url).status_code == 404
    client.force_login(staff["chief_editor"])
    resp = client.get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PNG


@pytest.mark.django_db
def test_hand_off_to_warehouse_and_back(client, staff):
    ce, wh = staff["chief_editor"], staff["warehouse"]
    item = task("CE", actor=staff["manager"], title="Stock for the sale page")
    with pytest.raises(ValidationError):  # within the department one assigns instead
        services.item_hand_off(actor=ce, item=item, position="PED", message="x")
    services.item_hand_off(actor=ce, item=item, position="WH-STK", message="Stock counts please")
    assert (item.status, item.waiting_on.code) == ("waiting", "WH-STK")
    client.force_login(wh)
    page = client.get(reverse("admin:work_request_list")).content.decode()
    assert "Stock for the sale page" in page
    assert client.get(reverse("admin:work_item", args=[item.pk])).status_code == 200
    client.force_login(staff["manager"])
    board = client.get(reverse("admin:work_team_board")).content.decode()
    assert 'data-column="waiting"' in board and "Stock for the sale page" in board
    client.force_login(wh)
    client.post(
        reverse("admin:work_item_action", args=[item.pk, "hand_back"]), {"message": "120 pcs"}
    )
    item.refresh_from_db()
    assert item.status == "in_progress" and item.waiting_on is None
    assert item.comments.filter(body__contains="120 pcs", created_position_code="WH-STK").exists()
    # Warehouse cannot complete our item.
    client.post(reverse("admin:work_item_action", args=[item.pk, "complete"]))
    item.refresh_from_db()
    assert item.status == "in_progress"
