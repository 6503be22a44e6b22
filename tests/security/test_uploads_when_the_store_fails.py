"""Uploads when the media store fails (#9 item 15): a translated message, never a 500, and no
orphan file — files are written after every check and thumbnail, and removed when the record
is not saved."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from siteops.catalog import services
from siteops.catalog.models import ProductImage
from siteops.catalog.tests.factories import product_with_sku

pytestmark = pytest.mark.django_db


def _png(size=(300, 200)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def _files() -> set[str]:
    found, stack = set(), [""]
    while stack:
        folder = stack.pop()
        dirs, files = default_storage.listdir(folder)
        found |= {f"{folder}/{f}".lstrip("/") for f in files}
        stack += [f"{folder}/{d}".lstrip("/") for d in dirs]
    return found


class _FailingSave:
    """Make the store refuse the n-th write with an OSError (a full or read-only disk)."""

    def __init__(self, monkeypatch, fail_at: int, errno_: int = 28):
        self.calls = 0
        original = type(default_storage._wrapped if hasattr(default_storage, "_wrapped")
                        else default_storage)._save  # fmt: skip

        def _save(storage, name, content):
            self.calls += 1
            if self.calls >= fail_at:
                raise OSError(errno_, "No space left on device" if errno_ == 28 else "Read-only")
            return original(storage, name, content)

        monkeypatch.setattr(type(default_storage._wrapped), "_save", _save)


@pytest.mark.parametrize("fail_at", [1, 2], ids=["first-file", "thumbnail-file"])
@pytest.mark.parametrize("errno_", [28, 30], ids=["full", "read-only"])
def test_a_failing_store_gives_a_message_and_leaves_no_file(product_editor, monkeypatch, fail_at,
                                                          errno_):  # fmt: skip
    sku = product_with_sku()
    before = _files()
    _FailingSave(monkeypatch, fail_at, errno_)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.product_image_add(actor=product_editor, product=sku.product, upload=_png())
    assert exc.value.code == "storage_unavailable"
    assert not ProductImage.objects.filter(product=sku.product).exists()
    assert _files() == before


def test_an_image_that_fails_at_thumbnailing_leaves_no_orphan(product_editor, monkeypatch):
    sku = product_with_sku()
    before = _files()

    def broken(upload):
        raise OSError("image file is truncated")

    monkeypatch.setattr("siteops.catalog.services.products._thumbnail", broken)
    with pytest.raises(ValidationError):
        services.product_image_add(actor=product_editor, product=sku.product, upload=_png())
    assert not ProductImage.objects.filter(product=sku.product).exists()
    assert _files() == before


def test_a_row_that_cannot_be_saved_takes_its_files_with_it(product_editor, monkeypatch):
    sku = product_with_sku()
    before = _files()

    def refuse(self, *a, **kw):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProductImage, "save", refuse)
    with pytest.raises(RuntimeError):
        services.product_image_add(actor=product_editor, product=sku.product, upload=_png())
    assert _files() == before


def test_the_back_office_shows_the_message_not_a_500(client, product_editor, monkeypatch):
    sku = product_with_sku()
    _FailingSave(monkeypatch, 1)
    client.force_login(product_editor)
    from django.urls import reverse

    url = reverse("admin:catalog_product_work", args=[sku.product.pk])
    r = client.post(url, {"action": "image", "image": _png(), "alt": ""},
                    HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)  # fmt: skip
    assert r.status_code == 200
    assert not ProductImage.objects.filter(product=sku.product).exists()
