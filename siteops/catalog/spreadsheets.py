"""The catalogue's spreadsheets: Purchasing's product sheets, sync files and their templates, and
the product export. Reading, checking and writing are :mod:`siteops.core.spreadsheets`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from siteops.core import spreadsheets
from siteops.core.spreadsheets import Limits

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


def _limits() -> Limits:
    return Limits(
        max_bytes=int(catalog_setting("CATALOG_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)),
        max_uncompressed=int(catalog_setting("CATALOG_XLSX_MAX_UNCOMPRESSED", 400 * 1024 * 1024)),
        max_rows=int(catalog_setting("CATALOG_UPLOAD_MAX_ROWS", 200_000)),
    )


def iter_rows(upload, columns: list[str]):
    """The catalogue's sheets through the one reader (siteops.core.spreadsheets)."""
    return spreadsheets.iter_rows(upload, columns, aliases=HEADER_ALIASES, limits=_limits())


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
        return spreadsheets.csv_bytes(columns, [example])
    return spreadsheets.xlsx_bytes([columns, example])


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

    return spreadsheets.xlsx_bytes(rows())
