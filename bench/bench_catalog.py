"""Catalogue benchmarks (issue #4): spreadsheet intake of 100k product rows (CSV and XLSX) vs a raw
bulk insert of the same rows, a 100k-row stock sync vs a raw batched UPDATE, peak memory of the
import, and the back-office product list at 100k products vs the minimal view.
"""

from __future__ import annotations

from bench import Benchmark, HttpBenchmark, bulk_create_chunks, dataset, executemany_chunks
from bench.data import table

IMPORT_FULL, IMPORT_QUICK = 100_000, 2_000
COLUMNS = ["reference", "title", "title_en", "subtitle", "category", "brand", "description",
           "sku_code", "barcode", "spec", "price", "market_price", "cost", "weight"]  # fmt: skip
CATEGORIES = [("bench-digital", "手机数码"), ("bench-appliances", "家用电器"), ("bench-apparel", "服装鞋帽"),
              ("bench-food", "食品生鲜")]  # fmt: skip


def _categories():
    from siteops.catalog.models import PATH_STEP, Category

    out = []
    for i, (slug, name) in enumerate(CATEGORIES):
        cat, created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": i}
        )
        if created or not cat.path:
            Category.objects.filter(pk=cat.pk).update(path=f"{cat.pk:0{PATH_STEP}d}/")
        out.append(cat)
    return out


@dataset("catalog_products", full=100_000, small=100, version="1")
def make_products(n, rng):
    """n published products with one SKU each, over four categories; ~5 % sold out."""
    from decimal import Decimal

    from siteops.catalog.models import SKU, Product

    cats = _categories()
    prices = {}

    def products():
        for i in range(n):
            price = Decimal(rng.randint(500, 999_900)) / 100
            prices[i] = price
            yield Product(code=f"B{i:07d}", title=f"基准商品 {i} 号", category=cats[i % 4],
                          status="published", in_stock=i % 20 != 0, min_price=price,
                          sales_count=rng.randint(0, 10_000))  # fmt: skip

    bulk_create_chunks(Product, products())
    ids = dict(Product.objects.filter(code__startswith="B").values_list("code", "pk"))
    bulk_create_chunks(SKU, (
        SKU(product_id=ids[f"B{i:07d}"], code=f"BS{i:07d}", barcode=f"69{i:011d}",
            spec={"颜色": "红"}, price=prices[i], cost=prices[i] * Decimal("0.6"),
            stock_on_hand=0 if i % 20 == 0 else 50)
        for i in range(n)
    ))  # fmt: skip


# --- Spreadsheet intake -------------------------------------------------------------------------


def _rows(ctx) -> int:
    return IMPORT_QUICK if ctx.quick else int(IMPORT_FULL * max(ctx.scale, 0.02))


def _sheet_rows(n):
    for i in range(n):
        yield [f"IMP{i:07d}", f"进口商品 {i} 号 保温杯", f"Import item {i}", "新品", CATEGORIES[i % 4][0],
               "", "<p>描述</p>", f"IMP{i:07d}-A", f"69{i:011d}", "颜色=红; 容量=500ml",
               f"{(i % 900) + 9}.90", "", f"{(i % 900) + 5}.00", "0.35"]  # fmt: skip


def _write_files(ctx):
    import csv
    import tempfile
    from pathlib import Path

    import openpyxl

    _categories()
    ctx.staff("PUR-COL")
    n = _rows(ctx)
    folder = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    with (folder / "products.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(_sheet_rows(n))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(COLUMNS)
    for row in _sheet_rows(n):
        ws.append(row)
    wb.save(folder / "products.xlsx")
    ctx.state.update(folder=folder, rows=n)
    _clean()


def _clean():
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from siteops.catalog.models import Submission, SubmissionImport, SubmissionRound
    from siteops.work.models import WorkItem

    WorkItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(SubmissionImport)
    ).delete()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table(SubmissionRound)} WHERE submission_id IN "  # noqa: S608
                    f"(SELECT id FROM {table(Submission)} WHERE reference LIKE %s)", ["IMP%"])  # fmt: skip
        cur.execute(f"DELETE FROM {table(Submission)} WHERE reference LIKE %s", ["IMP%"])  # noqa: S608
        cur.execute(f"DELETE FROM {table(SubmissionImport)}")  # noqa: S608


def _raw_insert(ctx) -> float:
    """Ceiling: the same product rows as submissions, one raw executemany per chunk (rows/s)."""
    import json
    import time

    from django.utils import timezone

    from siteops.catalog.models import Submission

    now, n = timezone.now(), ctx.state["rows"]
    cols = ("reference", "title", "status", "data", "rounds_count", "completed_by_editor",
            "created_at", "updated_at")  # fmt: skip
    sql = f"INSERT INTO {table(Submission)} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"  # noqa: S608
    t0 = time.perf_counter()
    executemany_chunks(sql, (
        (r[0], r[1], "submitted", json.dumps(dict(zip(COLUMNS, r, strict=True)), ensure_ascii=False),
         1, False, now, now)
        for r in _sheet_rows(n)
    ))  # fmt: skip
    took = time.perf_counter() - t0
    _clean()
    return n / took


def _import(ctx, name: str, *, measure_memory: bool = False) -> float:
    """Target: parse (streaming reader) + validate + preview data + confirmed bulk intake."""
    import time
    import tracemalloc

    from django.core.files.uploadedfile import UploadedFile

    from siteops.catalog import services, spreadsheets

    path = ctx.state["folder"] / name
    user = ctx.staff("PUR-COL")
    if measure_memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        items, errors = spreadsheets.parse_submissions(
            UploadedFile(fh, name=name, size=path.stat().st_size)
        )
    assert not errors, errors[:3]
    batch = services.submissions_import(actor=user, items=items, filename=name)
    took = time.perf_counter() - t0
    assert batch.count == ctx.state["rows"]
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    _clean()
    return peak / (1024 * 1024) if measure_memory else ctx.state["rows"] / took


# --- Stock sync -----------------------------------------------------------------------------------


def _sync_setup(ctx):
    ctx.staff("WH-STK")
    ctx.state["sync_n"] = min(
        ctx.size("catalog_products"), IMPORT_QUICK if ctx.quick else IMPORT_FULL
    )
    ctx.state["round"] = 0


def _next_level(ctx) -> int:
    ctx.state["round"] += 1
    return 60 + ctx.state["round"] % 7  # a different level every run, so every row changes


def _raw_update(ctx) -> float:
    """Ceiling: UPDATE sku SET stock_on_hand = ? WHERE code = ?, executemany in chunks (rows/s)."""
    import time

    from siteops.catalog.models import SKU

    n, level = ctx.state["sync_n"], _next_level(ctx)
    t0 = time.perf_counter()
    executemany_chunks(f"UPDATE {table(SKU)} SET stock_on_hand = %s WHERE code = %s",  # noqa: S608
                       ((level, f"BS{i:07d}") for i in range(n)))  # fmt: skip
    return n / (time.perf_counter() - t0)


def _service_sync(ctx) -> float:
    """Target: the Warehouse sync service: batch + rows (old -> new, checks against reserved),
    batched apply, products' in-stock flags refreshed (rows/s)."""
    import time

    from django.db import connection, transaction

    from siteops.catalog import services
    from siteops.catalog.models import SyncBatch, SyncRow

    n, level = ctx.state["sync_n"], _next_level(ctx)
    rows = [{"op": "stock_set", "code": f"BS{i:07d}", "value": str(level)} for i in range(n)]
    t0 = time.perf_counter()
    batch = services.sync_batch_create(actor=ctx.staff("WH-STK"), source="warehouse", rows=rows)
    took = time.perf_counter() - t0
    assert batch.rows_applied == n, (batch.rows_applied, batch.rows_error)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table(SyncRow)} WHERE batch_id = %s", [batch.pk])  # noqa: S608
        cur.execute(f"DELETE FROM {table(SyncBatch)} WHERE id = %s", [batch.pk])  # noqa: S608
    return n / took


def register(suite):
    suite.add(
        Benchmark(name="catalog.import_csv", setup=_write_files, ceiling=_raw_insert,
                  target=lambda ctx: _import(ctx, "products.csv"), unit="rows/s", goal=">= 0.10",
                  warmup=False, repeats=3,
                  note="100k product rows from CSV: parse, validate, preview data, bulk intake "
                       "(submissions + first rounds + one work item) vs raw INSERT of the same rows"),
        Benchmark(name="catalog.import_xlsx", setup=_write_files, ceiling=_raw_insert,
                  target=lambda ctx: _import(ctx, "products.xlsx"), unit="rows/s", goal=">= 0.10",
                  warmup=False, repeats=3,
                  note="the same rows from XLSX (openpyxl read-only, streamed)"),
        Benchmark(name="catalog.import_peak_memory", setup=_write_files, ceiling=lambda ctx: 1.0,
                  target=lambda ctx: _import(ctx, "products.csv", measure_memory=True), unit="MB",
                  goal="<= 1024", warmup=False, repeats=1, databases=("sqlite",),
                  note="peak Python memory (tracemalloc) of the CSV import; ratio = MB"),
        Benchmark(name="catalog.stock_sync", needs=["catalog_products"], setup=_sync_setup,
                  ceiling=_raw_update, target=_service_sync, unit="rows/s", goal=">= 0.20",
                  warmup=False, repeats=3,
                  note="100k-row Warehouse stock sync through the service vs raw batched UPDATE"),
        HttpBenchmark(name="catalog.product_list", path="/backoffice/catalog/product/", login="PED",
                      needs=["catalog_products"], goal=">= 0.05", p95_ms=1500,
                      note="back-office product list (no full count, capped paginator) at 100k "
                           "products vs the minimal view; queries equal at 100 and 100k"),
    )  # fmt: skip
