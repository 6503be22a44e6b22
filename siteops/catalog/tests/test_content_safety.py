"""Hostile input: rich text sanitised; spreadsheets and images checked by content; export safe."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from siteops.catalog import services, spreadsheets
from siteops.catalog.models import Product

from .factories import CategoryFactory, SKUFactory, product_with_sku

pytestmark = pytest.mark.django_db

HOSTILE = ('<p onclick="steal()">好<script>alert(1)</script><a href="javascript:alert(2)">链接</a>'
           '<img src="x" onerror="alert(3)"></p>')  # fmt: skip


def test_hostile_description_is_sanitised(product_editor):
    cat = CategoryFactory()
    p = services.product_create(
        actor=product_editor, code="H1", title="t", category=cat, description=HOSTILE
    )
    for bad in ("<script", "onclick", "onerror", "javascript:"):
        assert bad not in p.description
    assert "好" in p.description
    p = services.product_update(actor=product_editor, product=p, description=HOSTILE)
    assert "<script" not in Product.objects.get(pk=p.pk).description


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_bomb_is_refused_with_a_clear_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * (500 * 1024 * 1024) + "</a>")
    upload = SimpleUploadedFile("bomb.xlsx", buf.getvalue())
    assert upload.size < 5 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        spreadsheets.parse_submissions(upload)
    assert exc.value.error_list[0].code == "too_big_unpacked"
    assert "MB" in str(exc.value)  # says how big it would get and what the limit is


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4 fake", b"PK\x03\x04not really a zip", bytes(range(256))]
)
def test_wrong_file_type_is_refused(content):
    with pytest.raises(ValidationError):
        spreadsheets.parse_submissions(SimpleUploadedFile("products.xlsx", content))


def test_upload_page_shows_the_refusal(client, purchasing):
    client.force_login(purchasing)
    r = client.post(reverse("admin:catalog_submission_import"),
                    {"file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4")}, follow=True)  # fmt: skip
    assert r.status_code == 200
    assert "preview" not in r.context or not r.context.get("token")
    assert any(m.level_tag == "error" for m in r.context["messages"])


def test_preview_then_confirm(client, purchasing):
    from siteops.catalog.models import Submission

    cat = CategoryFactory()
    data = _xlsx([spreadsheets.SUBMISSION_COLUMNS,
                  ["R1", "商品一", "", "", cat.slug, "", "", "R1-A", "", "颜色=红", "10", "", "5", ""],
                  ["R1", "商品一", "", "", cat.slug, "", "", "R1-B", "", "颜色=蓝", "10", "", "5", ""],
                  ["R2", "商品二", "", "", cat.slug, "", "", "R2-A", "", "尺码=M", "abc", "", "", ""]])  # fmt: skip
    client.force_login(purchasing)
    r = client.post(
        reverse("admin:catalog_submission_import"), {"file": SimpleUploadedFile("p.xlsx", data)}
    )
    assert r.context["count"] == 2 and r.context["errors"] and not r.context["token"]
    assert Submission.objects.count() == 0  # nothing saved on preview
    data = _xlsx([spreadsheets.SUBMISSION_COLUMNS,
                  ["R1", "商品一", "", "", cat.slug, "", "", "R1-A", "", "颜色=红", "10", "", "5", ""],
                  ["R1", "商品一", "", "", cat.slug, "", "", "R1-B", "", "颜色=蓝", "12", "", "5", ""]])  # fmt: skip
    r = client.post(
        reverse("admin:catalog_submission_import"), {"file": SimpleUploadedFile("p.xlsx", data)}
    )
    assert r.context["token"] and Submission.objects.count() == 0
    client.post(reverse("admin:catalog_submission_import"), {"token": r.context["token"]})
    s = Submission.objects.get()
    assert len(s.data["skus"]) == 2 and s.submitted_by == purchasing
    assert s.rounds.get().kind == "submitted" and s.import_batch.filename == "p.xlsx"
    # one work item for the whole file, closed when its last submission is decided
    from siteops.work.models import WorkItem

    assert (
        WorkItem.objects.filter(subject_id=str(s.import_batch_id), position__code="PED").count()
        == 1
    )
    from django.contrib.contenttypes.models import ContentType

    assert not WorkItem.objects.filter(subject_type=ContentType.objects.get_for_model(s)).exists()


def test_csv_template_roundtrip(client, purchasing):
    client.force_login(purchasing)
    r = client.get(reverse("admin:catalog_submission_template", args=["csv"]))
    assert r.status_code == 200 and b"reference" in r.content
    r = client.get(reverse("admin:catalog_submission_template", args=["xlsx"]))
    assert r.content[:2] == b"PK"


def _png(size=(10, 10)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return SimpleUploadedFile("a.png", out.getvalue())


def test_image_checked_by_content_and_thumbnailed(product_editor, settings):
    sku = product_with_sku()
    img = services.product_image_add(
        actor=product_editor, product=sku.product, upload=_png((800, 600))
    )
    assert img.thumbnail and Image.open(img.thumbnail.open()).size[0] <= 400
    with pytest.raises(ValidationError):
        services.product_image_add(actor=product_editor, product=sku.product,
                                   upload=SimpleUploadedFile("x.png", b"%PDF-1.4 not an image"))  # fmt: skip
    settings.SITEOPS = {**settings.SITEOPS, "CATALOG_IMAGE_MAX_PIXELS": 1000}
    with pytest.raises(ValidationError):
        services.product_image_add(
            actor=product_editor, product=sku.product, upload=_png((100, 100))
        )


def test_export_neutralises_formula_cells(client, product_editor):
    sku = SKUFactory(
        product__title='=HYPERLINK("http://evil")', barcode="+1234", spec={"颜色": "@红"}
    )
    SKUFactory(product__title="-2+3", product__code="@SUM")
    client.force_login(product_editor)
    r = client.post(reverse("admin:catalog_product_changelist"),
                    {"action": "export_xlsx", "_selected_action": list(Product.objects.values_list("pk", flat=True))})  # fmt: skip
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [
        c for row in ws.iter_rows(min_row=2, values_only=True) for c in row if isinstance(c, str)
    ]
    assert cells and not any(c[:1] in "=+-@" for c in cells)
    assert '\'=HYPERLINK("http://evil")' in cells and "'+1234" in cells and "'@SUM" in cells
    assert sku.cost is not None and ws.cell(1, 11).value  # the editor sees the cost column


def test_export_hides_cost_from_who_may_not_see_it():
    header = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.export_products(Product.objects.none(), with_cost=False))
    ).active
    assert len(next(header.iter_rows(values_only=True))) == 12
