"""Uploads: a wrong type behind a right extension, decompression bombs and oversized files are
refused with a clear message, before any parser or image decoder does real work."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from siteops.core.uploads import check_office_archive


def xlsx_bytes(rows=(("sku", "qty"), ("A-1", 3))) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_bomb(rows: int = 400_000) -> bytes:
    """A real workbook whose sheet XML inflates ~250× (about 20 MB from ~80 KB)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
             'org/spreadsheetml/2006/main"><sheetData>' + row * rows + "</sheetData></worksheet>")  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            data = sheet.encode() if item.filename.endswith("sheet1.xml") else src.read(item)
            dst.writestr(item.filename, data)
    return out.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


def test_a_real_workbook_passes_and_the_file_position_is_kept():
    f = upload("stock.xlsx", xlsx_bytes())
    f.seek(5)
    check_office_archive(f)
    assert f.tell() == 5
    f.seek(0)
    assert openpyxl.load_workbook(f, read_only=True).active.max_row == 2


@pytest.mark.parametrize(
    "content",
    [b"sku,qty\nA-1,3\n", b"MZ\x90\x00" + b"\x00" * 200, b"%PDF-1.7\n" + b"x" * 100],
    ids=["csv", "exe", "pdf"],
)
def test_another_type_named_xlsx_is_refused(content):
    with pytest.raises(ValidationError) as exc:
        check_office_archive(upload("stock.xlsx", content))
    assert exc.value.code == "not_xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.txt", "hello")
    with pytest.raises(ValidationError) as exc:
        check_office_archive(upload("stock.xlsx", buf.getvalue()))
    assert exc.value.code == "not_xlsx"


def test_an_xlsx_decompression_bomb_is_refused_before_parsing():
    bomb = xlsx_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire …
    with pytest.raises(ValidationError) as exc:
        check_office_archive(upload("stock.xlsx", bomb))
    assert exc.value.code == "too_big_unpacked"


def test_a_workbook_too_big_unpacked_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_office_archive(upload("stock.xlsx", xlsx_bytes()), max_uncompressed=1024)
    assert exc.value.code == "too_big_unpacked"
    assert "MB" in str(exc.value.messages[0])


def test_a_damaged_zip_is_refused():
    data = xlsx_bytes()
    with pytest.raises(ValidationError):
        check_office_archive(upload("stock.xlsx", data[: len(data) // 2]))


# --- images: the shared check of ad/product pictures (merch) -------------------------------------


def png(width: int, height: int, mode: str = "1") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (width, height)).save(buf, "PNG", optimize=True)
    return buf.getvalue()


@pytest.fixture
def validate_image():
    validators = pytest.importorskip("siteops.merch.validators")
    return validators.validate_ad_image


def test_a_real_picture_passes(validate_image):
    assert validate_image(upload("ad.png", png(64, 32, "RGB"))) == "PNG"


def test_text_named_png_is_refused(validate_image):
    with pytest.raises(ValidationError) as exc:
        validate_image(upload("ad.png", b"<svg onload=alert(1)></svg>"))
    assert exc.value.code == "not_an_image"


def test_an_image_decompression_bomb_is_refused(validate_image):
    bomb = png(20_000, 20_000)  # 400 megapixels in a few KB
    assert len(bomb) < 200 * 1024
    with pytest.raises(ValidationError) as exc:
        validate_image(upload("ad.png", bomb))
    assert exc.value.code in {"too_many_pixels", "not_an_image"}


def test_an_oversized_image_is_refused(validate_image, settings):
    big = upload("ad.png", png(64, 64, "RGB"))
    big.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        validate_image(big)
    assert exc.value.code == "too_big"


# --- stored names are generated, with the detected type's extension ------------------------------


def _file_fields():
    import datetime

    from django.apps import apps
    from django.db.models import DateField, FileField

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and model.__module__.startswith("siteops."):
                instance = model()
                for f in model._meta.concrete_fields:  # folders by date (reports by period)
                    if isinstance(f, DateField) and getattr(instance, f.attname) is None:
                        setattr(instance, f.attname, datetime.date(2026, 3, 1))
                yield model, field, instance


def test_every_file_field_of_every_model_stores_generated_names():
    from siteops.core.uploads import _GeneratedNameMixin

    fields = list(_file_fields())
    assert len(fields) >= 5  # product image + thumbnail, ad, ad request, attachment, report
    for model, field, _instance in fields:
        assert issubclass(field.attr_class, _GeneratedNameMixin), f"{model.__name__}.{field.name}"


@pytest.mark.parametrize(
    "name,content,ext",
    [
        ("evil.html", png(8, 8, "RGB"), "png"),
        ("evil.svg", png(8, 8, "RGB"), "png"),
        ("photo.png", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "jpg"),
        ("x.gif", b"GIF89a" + b"\x00" * 32, "gif"),
        ("x.exe", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        ("doc.html", b"%PDF-1.7\n" + b"x" * 50, "pdf"),
        ("sheet.html", xlsx_bytes(), "xlsx"),
        ("page.html", b"<html><script>alert(1)</script></html>", "txt"),
        ("rows.csv", b"sku,qty\nA-1,3\n", "csv"),
        ("rows.csv.html", b"sku,qty\n", "txt"),
        ("blob.png", b"\x00\x01\x02\x03binary", "bin"),
    ],
)
def test_an_upload_is_stored_under_a_random_name_with_the_extension_of_its_content(
    tmp_path, settings, name, content, ext
):
    import re

    settings.MEDIA_ROOT = tmp_path
    for model, field, instance in _file_fields():
        setattr(instance, field.attname, SimpleUploadedFile(name, content))
        stored = field.pre_save(instance, add=True)
        base = stored.name.rsplit("/", 1)[-1]
        label = f"{model.__name__}.{field.name} stored {stored.name}"
        assert re.fullmatch(r"(\d{14}-)?[0-9a-f]{32}\." + ext, base), label
        assert name.rsplit(".", 1)[0] not in stored.name, label
        with field.storage.open(stored.name) as f:
            assert f.read() == content


def test_two_uploads_of_the_same_name_get_different_names(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    model, field, instance = next(iter(_file_fields()))
    names = set()
    for _ in range(2):
        setattr(instance, field.attname, SimpleUploadedFile("a.png", png(4, 4, "RGB")))
        names.add(field.pre_save(instance, add=True).name)
    assert len(names) == 2


def test_files_the_code_writes_keep_their_names(tmp_path, settings):
    """A report's workbook or a thumbnail is named by the code, not by an uploader."""
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    model, field, instance = next(iter(_file_fields()))
    getattr(instance, field.attname).save("report-2026-03.xlsx", ContentFile(b"x"), save=False)
    assert getattr(instance, field.attname).name.endswith("report-2026-03.xlsx")
