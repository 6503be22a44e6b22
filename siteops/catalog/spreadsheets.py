"""Spreadsheets in and out: Purchasing's product sheets and sync files (XLSX/CSV), streamed and
checked by content; the product export with formula-looking cells neutralised."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from siteops.core.uploads import check_office_archive

from .selectors import catalog_setting

SUBMISSION_COLUMNS = [
    "reference", "title", "title_en", "subtitle", "category", "brand", "description",
    "sku_code", "barcode", "spec", "price", "market_price", "cost", "weight",
]  # fmt: skip
SYNC_COLUMNS = ["op", "code", "value", "effective_at"]
# Chinese headers people type are accepted too.
HEADER_ALIASES = {
    "参考号": "reference", "商品编号": "reference", "标题": "title", "英文标题": "title_en",
    "副标题": "subtitle", "分类": "category", "品牌": "brand", "描述": "description",
    "sku编码": "sku_code", "条码": "barcode", "规格": "spec", "价格": "price",
    "市场价": "market_price", "成本": "cost", "重量": "weight",
    "操作": "op", "编码": "code", "值": "value", "生效时间": "effective_at",
}  # fmt: skip


def _limits() -> tuple[int, int, int]:
    return (
        int(catalog_setting("CATALOG_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)),
        int(catalog_setting("CATALOG_XLSX_MAX_UNCOMPRESSED", 400 * 1024 * 1024)),
        int(catalog_setting("CATALOG_UPLOAD_MAX_ROWS", 200_000)),
    )


def _head(upload, n=8) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def detect(upload) -> str:
    """ "xlsx" or "csv" by content; anything else (or a zip bomb) is refused with a clear error."""
    max_bytes, max_unzipped, _rows = _limits()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(mb)s MB); the limit is %(limit)s MB.")
            % {"mb": size // (1024 * 1024), "limit": max_bytes // (1024 * 1024)}
        )
    head = _head(upload)
    if head.startswith(b"PK\x03\x04"):
        check_office_archive(upload, max_uncompressed=max_unzipped)  # wrong type, zip bomb
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        finally:
            upload.seek(0)
        if "xl/workbook.xml" not in names:
            raise ValidationError(
                _("This is not an Excel workbook (.xlsx). Upload an .xlsx or .csv file.")
            )
        return "xlsx"
    sample = _head(upload, 4096)
    if b"\x00" in sample or head.startswith(
        (b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8")
    ):
        raise ValidationError(
            _("This file is not a spreadsheet we accept. Upload an .xlsx or UTF-8 .csv file.")
        )
    return "csv"


def _normalise_header(cells) -> list[str]:
    out = []
    for cell in cells:
        name = str(cell or "").strip().lower().replace(" ", "_")
        out.append(HEADER_ALIASES.get(name, HEADER_ALIASES.get(str(cell or "").strip(), name)))
    return out


def iter_rows(upload, columns: list[str]) -> Iterator[tuple[int, dict]]:
    """Yield (line number, {column: text}) one row at a time (XLSX read-only or CSV stream)."""
    kind = detect(upload)
    _b, _u, max_rows = _limits()
    if kind == "xlsx":
        rows = _xlsx_rows(upload)
    else:
        rows = _csv_rows(upload)
    try:
        header = next(rows)
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    header = _normalise_header(header)
    missing = [c for c in columns[:2] if c not in header]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(c)s. Download the template.")
            % {"c": ", ".join(missing)}
        )
    index = [(i, name) for i, name in enumerate(header) if name in columns]
    count = 0
    for line, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        count += 1
        if count > max_rows:
            raise ValidationError(_("Too many rows; at most %(n)s per file.") % {"n": max_rows})
        yield line, {name: _text(cells[i]) if i < len(cells) else "" for i, name in index}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(upload):
    """Rows of the first sheet: python-calamine (Rust, ~20x faster) when installed, else openpyxl
    in read-only mode. Either way the archive was checked for a zip bomb first (``detect``)."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        yield from _openpyxl_rows(upload)
        return
    upload.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception:  # noqa: BLE001 — any parser failure is the same answer for the user
        raise ValidationError(_("This file is damaged or not a spreadsheet.")) from None
    yield from rows


def _openpyxl_rows(upload):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any parser failure is the same answer for the user
        raise ValidationError(_("This file is damaged or not a spreadsheet.")) from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(upload):
    upload.seek(0)
    raw = upload.read(4096)
    upload.seek(0)
    encoding = "utf-8-sig"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(raw) - 4:  # not just a character cut at the sample's end
            encoding = "gb18030"
    binary = upload.file if hasattr(upload, "file") else upload
    reader = codecs.getreader(encoding)(binary, errors="strict")
    try:
        yield from csv.reader(reader)
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be UTF-8 (or GB18030) text.")) from None
    except csv.Error as exc:
        raise ValidationError(_("The CSV file is malformed: %(e)s") % {"e": exc}) from None


# --- Purchasing's product sheet -----------------------------------------------------------------


def parse_submissions(upload) -> tuple[list[dict], list[tuple[int, str]]]:
    """Group rows (one per SKU) by reference into submissions; row-level errors, nothing saved."""
    from .models import Category
    from .services.intake import clean_data

    categories = set(Category.objects.values_list("slug", flat=True))
    items: dict[str, dict] = {}
    lines: dict[str, list[int]] = {}
    errors: list[tuple[int, str]] = []
    for line, row in iter_rows(upload, SUBMISSION_COLUMNS):
        ref = row.get("reference", "")
        if not ref:
            errors.append((line, _("Purchasing's reference is required.")))
            continue
        if not row.get("title") and ref not in items:
            errors.append((line, _("A title is required.")))
            continue
        item = items.setdefault(ref, {
            "reference": ref, "title": row.get("title", ""), "title_en": row.get("title_en", ""),
            "subtitle": row.get("subtitle", ""), "category": row.get("category", ""),
            "brand": row.get("brand", ""), "description": row.get("description", ""), "skus": [],
        })  # fmt: skip
        lines.setdefault(ref, []).append(line)
        if row.get("sku_code") or row.get("price"):
            item["skus"].append({
                "code": row.get("sku_code", ""), "barcode": row.get("barcode", ""),
                "spec": row.get("spec", ""), "price": row.get("price", ""),
                "market_price": row.get("market_price", ""), "cost": row.get("cost", ""),
                "weight": row.get("weight", ""),
            })  # fmt: skip
    result = []
    for ref in list(items):  # each raw item is dropped as soon as its cleaned copy exists
        data, problems = clean_data(items.pop(ref), categories=categories)
        data["preview_lines"] = lines[ref]
        data["preview_problems"] = problems
        if "skus" in problems and "Give at least one SKU" not in problems["skus"]:
            errors.append((lines[ref][0], f"{ref}: {problems['skus']}"))
        result.append(data)
    return result, sorted(errors)


def parse_sync(upload) -> list[dict]:
    return [{**row, "line": line} for line, row in iter_rows(upload, SYNC_COLUMNS)]


# --- Templates and export ---------------------------------------------------------------------


def template(kind: str, fmt: str) -> bytes:
    columns = SUBMISSION_COLUMNS if kind == "submissions" else SYNC_COLUMNS
    example = (
        ["CG-0001", "示例商品 保温杯 500ml", "Example vacuum flask", "316不锈钢", "cat-slug",
         "brand-slug", "<p>描述</p>", "CG-0001-R", "6901234567890", "颜色=红; 容量=500ml",
         "89.00", "129.00", "45.00", "0.35"]
        if kind == "submissions"
        else ["price", "SKU-CODE", "99.00", "2026-12-01 00:00"]
    )  # fmt: skip
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerow(example)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    return xlsx_bytes([columns, example])


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def xlsx_bytes(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_products(queryset, *, with_cost: bool) -> bytes:
    """Products and their SKUs, one row per SKU (cost only for who may see it)."""
    header = [_("Product code"), _("Title"), _("Category"), _("Brand"), _("Status"),
              _("SKU code"), _("Barcode"), _("Specification"), _("Price"), _("Market price")]  # fmt: skip
    if with_cost:
        header.append(_("Cost"))
    header += [_("Stock on hand"), _("Reserved")]

    def rows():
        yield header
        for product in queryset:
            for sku in product.skus.all():
                row = [product.code, product.title, product.category.name,
                       product.brand.name if product.brand else "", product.get_status_display(),
                       sku.code, sku.barcode, sku.spec_label, float(sku.price),
                       float(sku.market_price) if sku.market_price is not None else None]  # fmt: skip
                if with_cost:
                    row.append(float(sku.cost) if sku.cost is not None else None)
                row += [sku.stock_on_hand, sku.stock_reserved]
                yield row

    return xlsx_bytes(rows())
