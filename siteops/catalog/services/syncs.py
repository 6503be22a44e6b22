"""Inbound syncs (PED-03): price / delisting / deletion / category from Purchasing, stock from
Warehouse. Every sync — API call or uploaded file — is a ``SyncBatch`` of ``SyncRow``s.

How a batch applies: **row by row**. Each row is decided on its own by the rules below; a row with
an error (unknown code, bad value, a stock level below what checkout has reserved, an illegal
status change) is recorded as an error with the reason and does not stop the other rows. The
apply step itself is one transaction, so it happens for every decided row or — if anything
unexpected fails — for none, and a batch is applied at most once (``preview -> applied`` is a
conditional UPDATE).

Rules:
- stock level / adjustment: applies at once (never below what is reserved, never negative);
- price: waits for the product editor when it moves more than
  ``SITEOPS["PRICE_REVIEW_THRESHOLD_PERCENT"]`` percent or goes below the SKU's cost; a price
  with a future ``effective_at`` is scheduled and applied by the periodic job exactly once;
- delisting: applies; if the product is on a live shelf the row carries a warning;
- deletion (soft) and category change: apply.

A Warehouse batch (100k stock rows is usual) is decided by a fast path with the same stock rule
and messages as the general path; a test holds both to the same recorded rows and stock.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core import syncs as core_syncs
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.inputs import InputError, parse_datetime, parse_decimal
from siteops.org.acting import Acting, acting_for, audited

from ..choices import (
    PURCHASING_OPS,
    WAREHOUSE_OPS,
    PriceSource,
    ProductStatus,
    SyncBatchStatus,
    SyncChannel,
    SyncOp,
    SyncRowStatus,
    SyncSource,
)
from ..models import SKU, Category, Product, SyncBatch, SyncRow
from .products import _set_price, _transition, products_refresh, sku_schedule_price

CHUNK = 900  # below SQLite's bound-parameter limit


def price_threshold() -> Decimal:
    from ..selectors import catalog_setting

    return Decimal(str(catalog_setting("PRICE_REVIEW_THRESHOLD_PERCENT", 20)))


def _percent_label() -> str:
    p = price_threshold()
    return str(p.to_integral()) if p == p.to_integral() else str(p)


def products_on_live_shelf(product_ids) -> set[int]:
    """Ids of products on a shelf that is live now.

    Merchandising knows shelves and sits above the catalogue, so the catalogue asks through the
    ``catalog.products_on_live_shelf`` hook (provided by merch; nothing when merch is absent).
    """
    from siteops.core import hooks

    return set(hooks.ask("catalog.products_on_live_shelf", list(product_ids)))


def _sender(source: str, actor, client) -> Acting:
    perm = (
        "catalog.send_stock_sync"
        if source == SyncSource.WAREHOUSE
        else "catalog.send_purchasing_sync"
    )
    return acting_for(actor, perm, client=client)


# --- Evaluating rows ------------------------------------------------------------------------


_ALLOWED = {
    SyncSource.WAREHOUSE: frozenset(o.value for o in WAREHOUSE_OPS),
    SyncSource.PURCHASING: frozenset(o.value for o in PURCHASING_OPS),
}
_STOCK_OPS = _ALLOWED[SyncSource.WAREHOUSE]
_STOCK_SET = SyncOp.STOCK_SET.value


def _basics(raw: dict) -> tuple[str, str, str]:
    """(op, key, value) of an incoming row, normalised (the one place that does it)."""
    value = raw.get("value")
    return (
        str(raw.get("op") or "").strip().lower(),
        str(raw.get("code") or raw.get("key") or "").strip()[:64],
        "" if value is None else str(value).strip()[:200],
    )


def _parse_row(raw: dict, source: str) -> dict:
    """Normalise one incoming row: {"op", "code", "value", "effective_at"} (+ line, error).

    Numbers and times are parsed here, bounded before conversion (``siteops.core.inputs``) and
    before the write transaction starts: ``number`` is the stock level/delta (or the reason it is
    not one), ``price`` the price (or the reason).
    """
    op, key, value = _basics(raw)
    row = {"op": op, "key": key, "value": value, "effective_at": raw.get("effective_at"),
           "error": "", "number": None, "price": None}  # fmt: skip
    allowed = _ALLOWED[source]
    if op not in allowed:
        row["error"] = _("“%(op)s” is not a change this sender may send.") % {"op": op}
        row["op"] = op[:16] if op in SyncOp.values else sorted(allowed)[0]
    if not row["key"]:
        row["error"] = row["error"] or _("A SKU or product code is required.")
    if op in _STOCK_OPS:
        row["number"] = _stock_number(value)
    elif op == SyncOp.PRICE:
        row["price"] = _price(value)
    eff = row["effective_at"]
    if isinstance(eff, str) and eff.strip():
        try:
            eff = parse_datetime(eff)  # 2026-02-30 or 25:61: not a real time, a row error
        except InputError as exc:
            row["error"] = row["error"] or exc.message
            eff = None
    elif not isinstance(eff, datetime.datetime):
        eff = None
    if eff is not None and timezone.is_naive(eff):
        eff = timezone.make_aware(eff)
    if eff is not None and op != SyncOp.PRICE:
        row["error"] = row["error"] or _("Only price changes can have an effective time.")
    row["effective_at"] = eff
    return row


def _load_targets(rows: list[dict], *, lock: bool = False):
    sku_codes = {r["key"] for r in rows if r["op"] in (SyncOp.PRICE, *WAREHOUSE_OPS)}
    product_keys = {
        r["key"] for r in rows if r["op"] in (SyncOp.DELIST, SyncOp.DELETE, SyncOp.CATEGORY)
    }
    skus: dict[str, dict] = {}
    codes = sorted(sku_codes)
    names = ["pk", "code", "product_id", "stock_on_hand", "stock_reserved"]
    if any(r["op"] == SyncOp.PRICE for r in rows):
        names += ["price", "cost"]  # Decimal conversion only when prices are in the batch
    for i in range(0, len(codes), 5000):
        qs = SKU.objects.filter(code__in=codes[i : i + 5000])
        if lock and connection.vendor == "postgresql":
            qs = qs.select_for_update().order_by("pk")
        for values in qs.values_list(*names):
            sku = dict(zip(names, values, strict=True))
            skus[sku["code"]] = sku
    products: dict[str, dict] = {}
    keys = sorted(product_keys)
    for i in range(0, len(keys), CHUNK):
        for p in Product.objects.filter(code__in=keys[i : i + CHUNK]).values(
            "pk", "code", "status", "category__slug"
        ):
            products[p["code"]] = p
    missing = [k for k in keys if k not in products]
    for i in range(0, len(missing), CHUNK):
        for s in SKU.objects.filter(code__in=missing[i : i + CHUNK]).values(
            "code", "product_id", "product__code", "product__status", "product__category__slug"
        ):
            products[s["code"]] = {"pk": s["product_id"], "code": s["product__code"],
                                   "status": s["product__status"], "category__slug": s["product__category__slug"]}  # fmt: skip
    categories = {}
    slugs = {r["value"] for r in rows if r["op"] == SyncOp.CATEGORY}
    if slugs:
        categories = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
    return skus, products, categories


MAX_STOCK = 2_147_483_647


def _stock_number(value: str) -> int | str:
    """A stock level or delta as sent: the whole number, or the reason it is not one (text).

    Bounded before conversion (``parse_decimal``: at most 40 characters, no exponent, NaN or
    infinity, at most 20 digits), so ``1e300000`` is refused in microseconds. A fraction is cut
    to its whole part ("7.9" counts 7), as the Warehouse system has always been answered.
    """
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)  # the common case, without Decimal
    try:
        return int(parse_decimal(value, places=6, max_digits=26))
    except InputError as exc:
        if value == "":
            return _("“%(v)s” is not a whole number.") % {"v": value}
        return f"{_('“%(v)s” is not a whole number.') % {'v': value[:40]}} {exc.message}"


def _price(value: str) -> Decimal | str:
    """A price as sent (two places, 0 … 9,999,999,999.99), or the reason it is not one (text)."""
    try:
        return parse_decimal(value, places=2, max_digits=12, lo=Decimal("0"))
    except InputError as exc:
        return f"{_('“%(v)s” is not a price.') % {'v': value[:40]}} {exc.message}"


def _stock_level(
    op: str, value: str, number: int | str, on_hand: int, reserved: int
) -> tuple[str, str, str]:
    """The stock rule for one row against the SKU's level now: (old, new, error) as recorded.

    ``number``: the row's value as ``_stock_number`` parsed it (before the write transaction).
    Shared by the general path (``_evaluate``) and the Warehouse fast path.
    """
    if isinstance(number, str):
        return "", value, number
    new = number if op == _STOCK_SET else on_hand + number
    error = ""
    if new > MAX_STOCK:  # the column is a 32-bit integer on PostgreSQL
        error = _("Stock cannot be more than %(max)s.") % {"max": MAX_STOCK}
    elif new < 0:
        error = _("Stock cannot go below zero.")
    elif new < reserved:
        error = _("Stock %(n)s would be below the %(r)s reserved by orders.") % {
            "n": new, "r": reserved
        }  # fmt: skip
    return str(on_hand), str(new), error


def _evaluate(row: dict, skus, products, categories, stock_now: dict, now) -> dict:
    """Decide one row against the current data: old/new value, status, error, warning."""
    out = {"old": "", "new": row["value"], "status": SyncRowStatus.PENDING, "error": row["error"],
           "warning": "", "sku": None, "product": None}  # fmt: skip
    if out["error"]:
        out["status"] = SyncRowStatus.ERROR
        return out
    op = row["op"]
    if op in (SyncOp.PRICE, *WAREHOUSE_OPS):
        sku = skus.get(row["key"])
        if sku is None:
            out.update(
                status=SyncRowStatus.ERROR, error=_("No SKU with code %(c)s.") % {"c": row["key"]}
            )
            return out
        out["sku"], out["product"] = sku["pk"], sku["product_id"]
        if op == SyncOp.PRICE:
            new = row["price"] if row.get("price") is not None else _price(row["value"])
            if isinstance(new, str):
                out.update(status=SyncRowStatus.ERROR, error=new)
                return out
            old = sku["price"]
            out["old"], out["new"] = str(old), str(new)
            reasons = []
            if sku["cost"] is not None and new < sku["cost"]:
                reasons.append(_("below cost (%(c)s)") % {"c": sku["cost"]})
            if old and abs(new - old) * 100 / old > price_threshold():
                reasons.append(_("changes by more than %(p)s%%") % {"p": _percent_label()})
            if reasons:
                out.update(status=SyncRowStatus.REVIEW, warning="; ".join(reasons))
            return out
        on_hand = stock_now.get(sku["pk"], sku["stock_on_hand"])
        number = row["number"] if row.get("number") is not None else _stock_number(row["value"])
        old, new, error = _stock_level(op, row["value"], number, on_hand, sku["stock_reserved"])
        out["old"], out["new"] = old, new
        if error:
            out.update(status=SyncRowStatus.ERROR, error=error)
        else:
            stock_now[sku["pk"]] = int(new)
            out["reserved"] = sku["stock_reserved"]
        return out
    product = products.get(row["key"])
    if product is None:
        out.update(
            status=SyncRowStatus.ERROR, error=_("No product with code %(c)s.") % {"c": row["key"]}
        )
        return out
    out["product"] = product["pk"]
    out["old"] = product["status"]
    if op == SyncOp.DELIST:
        out["new"] = ProductStatus.DELISTED
        if product["status"] != ProductStatus.PUBLISHED:
            out.update(status=SyncRowStatus.ERROR, error=_("The product is not published."))
    elif op == SyncOp.DELETE:
        out["new"] = ProductStatus.DELETED
        if product["status"] == ProductStatus.DELETED:
            out.update(status=SyncRowStatus.ERROR, error=_("The product is already deleted."))
    elif op == SyncOp.CATEGORY:
        out["old"] = product["category__slug"]
        category = categories.get(row["value"])
        if category is None or not category.is_active:
            out.update(
                status=SyncRowStatus.ERROR,
                error=_("No active category %(c)s.") % {"c": row["value"]},
            )
    return out


# --- Services -------------------------------------------------------------------------------


def sync_batch_create(
    *, actor=None, client=None, kind: str = "", rows: list[dict],
    channel: str = SyncChannel.API, filename: str = "", note: str = "", apply: bool = True,
    idempotency_key: str = "", body=None, source: str = "",
) -> SyncBatch:  # fmt: skip
    """Record a sync as a batch of rows (old -> new, errors); apply it now or keep it as a preview.

    The API applies at once (the rules still hold back what needs review); an uploaded file is
    previewed first and applied with ``sync_batch_apply``. ``kind``: warehouse or purchasing
    (``source`` is its former name, still accepted). With ``idempotency_key``, the same key and
    ``body`` again return the first batch and record nothing (``batch.replayed`` is True); the
    same key with another body raises ``IdempotencyMismatch`` (422).

    Every row's numbers and times are parsed before the write transaction begins.
    """
    kind = kind or source
    who = _sender(kind, actor, client)
    if not rows:
        raise DomainError(_("The batch has no rows."), code="invalid")
    fast = kind == SyncSource.WAREHOUSE and _FAST_STOCK_PATH
    prepared = _stock_rows(rows) if fast else [_parse_row(r, kind) for r in rows]
    with transaction.atomic():
        batch, created = core_syncs.batch_open(
            SyncBatch, kind=kind, who=who, idempotency_key=idempotency_key, body=body,
            channel=channel, filename=filename[:200], note=note[:300], rows_total=len(rows),
        )  # fmt: skip
        if not created:
            batch.replayed = True
            return batch
        now = timezone.now()
        counts = None
        if fast:
            records, decided, same, stock = _decide_stock(batch.pk, prepared, apply=apply, now=now)
            _insert_rows(decided, same=same)
            # Every row is decided here: applied (or pending, in a preview) or an error.
            counts = {"applied": len(decided) if apply else 0, "review": 0,
                      "error": len(records), "scheduled": 0}  # fmt: skip
        else:
            records, stock = _decide(batch.pk, prepared, kind, apply=apply, now=now)
        _insert_rows(records)
        if apply:
            with audited(who):
                _apply(batch, who, stock=stock, counts=counts)
        else:
            core_syncs.batch_count(batch, counts)
    batch.refresh_from_db()
    batch.replayed = False
    return batch


def _decide(
    batch_id: int, parsed: list[dict], source: str, *, apply: bool, now
) -> tuple[list[tuple], list[tuple]]:
    """The general path: every row (parsed by ``_parse_row``) evaluated on its own.

    Returns the rows to record (``_ROW_COLUMNS`` order, ready for the database) and, when
    applying, the stock rows decided as applied: (sku id, new on hand, product id, old on hand,
    reserved).
    """
    skus, products, categories = _load_targets(parsed, lock=apply)
    stock_now: dict[int, int] = {}
    objs, stock = [], []
    stamp = _db_time(now)
    for line, row in enumerate(parsed, start=1):
        d = _evaluate(row, skus, products, categories, stock_now, now)
        status = d["status"]
        if apply and status == SyncRowStatus.PENDING and row["op"] in _STOCK_OPS:
            # Checked under the write lock just now: stock rows are applied in this same pass.
            status = SyncRowStatus.APPLIED
            stock.append((d["sku"], int(d["new"]), d["product"], int(d["old"]), d["reserved"]))
        objs.append({
            "batch_id": batch_id, "line": line, "op": row["op"], "key": row["key"],
            "sku_id": d["sku"], "product_id": d["product"], "old_value": d["old"][:200],
            "new_value": d["new"][:200], "effective_at": _db_time(row["effective_at"]),
            "status": status, "error": d["error"][:300], "warning": d["warning"][:300],
            "decided_at": stamp if status == SyncRowStatus.APPLIED else None,
        })  # fmt: skip
    _shelf_warnings(objs)
    return [tuple(o[c] for c in _ROW_COLUMNS) for o in objs], stock


# --- The Warehouse fast path -----------------------------------------------------------------
# A Warehouse batch is typically 100k rows of stock levels. Warehouse may send nothing but stock
# rows, so its batches skip the general machinery (a dict per row, the ORM lookup, the per-row
# rule dispatch) but go through the same rule (``_stock_level``), the same messages and the same
# writes; a row that is not a plain stock row is an error row, as ``_parse_row`` says. A test
# feeds both paths the same rows (errors, repeated codes, adjustments, reserved stock, rows that
# are not stock rows) and compares what they record and apply.

_FAST_STOCK_PATH = True  # False sends Warehouse batches through the general path (tests)


def _stock_rows(rows: list[dict]) -> list[tuple[str, str, str, int | str | None, dict | None]]:
    """A Warehouse batch's rows as (op, key, value, number, error row), normalised and parsed
    as ``_parse_row`` does (before the write transaction).

    Plain rows (a stock op, a code, no effective time) are the common case and skip
    ``_parse_row``; for any other row it gives the error (the "error row"; None if it has none).
    """
    out = []
    for raw in rows:
        op, key, value = _basics(raw)
        effective_at = raw.get("effective_at")
        if op in _STOCK_OPS and key and (effective_at is None or effective_at == ""):
            out.append((op, key, value, _stock_number(value), None))
        else:
            row = _parse_row(raw, SyncSource.WAREHOUSE)
            out.append((row["op"], row["key"], row["value"], row["number"],
                        row if row["error"] else None))  # fmt: skip
    return out


def _stock_targets(codes, *, lock: bool) -> dict[str, tuple[str, int, int, int, int]]:
    """code -> (code, id, product id, on hand, reserved) of the SKUs with these codes.

    One plain query per chunk of codes (the ORM's ``code__in`` prepares each value on its own),
    in code order (the index is read in order); ``lock``: FOR UPDATE where the database has it
    (on SQLite the transaction holds the lock).
    """
    codes = sorted(codes)
    size = min(5000, connection.features.max_query_params or 5000)
    lock_sql = (
        " ORDER BY id FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    )
    table = connection.ops.quote_name(SKU._meta.db_table)
    out = {}
    with connection.cursor() as cursor:
        for i in range(0, len(codes), size):
            chunk = codes[i : i + size]
            cursor.execute(
                "SELECT code, id, product_id, stock_on_hand, stock_reserved "  # noqa: S608
                f"FROM {table} WHERE code IN ({', '.join(['%s'] * len(chunk))}){lock_sql}",
                chunk,
            )
            out.update({row[0]: row for row in cursor.fetchall()})
    return out


def _decide_stock(
    batch_id: int,
    rows: list[tuple[str, str, str, int | str | None, dict | None]],
    *,
    apply: bool,
    now,
) -> tuple[list[tuple], list[tuple], dict, list[tuple]]:
    """The fast path's decisions: the same rows to record and stock list as ``_decide`` gives.

    The rows come as the error rows (all columns) and the rows that passed (line, op, key,
    sku, product, old, new), whose other columns are the same for all (``same``).
    """
    skus = _stock_targets({r[1] for r in rows if r[4] is None}, lock=apply)
    ok = SyncRowStatus.APPLIED.value if apply else SyncRowStatus.PENDING.value
    decided_at = _db_time(now) if apply else None
    error_status = SyncRowStatus.ERROR.value
    stock_now: dict[int, int] = {}
    records, decided, stock = [], [], []
    for line, (op, key, value, number, error_row) in enumerate(rows, start=1):
        if error_row is not None:
            records.append((batch_id, line, op, key, None, None, "", value,
                            _db_time(error_row["effective_at"]), error_status,
                            error_row["error"][:300], "", None))  # fmt: skip
            continue
        sku = skus.get(key)
        if sku is None:
            error = _("No SKU with code %(c)s.") % {"c": key}
            records.append((batch_id, line, op, key, None, None, "", value, None, error_status,
                            error[:300], "", None))  # fmt: skip
            continue
        _code, pk, product_id, on_hand, reserved = sku
        on_hand = stock_now.get(pk, on_hand)
        old, new, error = _stock_level(op, value, number, on_hand, reserved)
        if error:
            records.append((batch_id, line, op, key, pk, product_id, old[:200], new[:200], None,
                            error_status, error[:300], "", None))  # fmt: skip
            continue
        level = stock_now[pk] = int(new)
        decided.append((line, op, key, pk, product_id, old[:200], new[:200]))
        if apply:
            stock.append((pk, level, product_id, on_hand, reserved))
    same = {"batch_id": batch_id, "effective_at": None, "status": ok, "error": "", "warning": "",
            "decided_at": decided_at}  # fmt: skip
    return records, decided, same, stock


# --- Writing rows -----------------------------------------------------------------------------

_ROW_COLUMNS = ("batch_id", "line", "op", "key", "sku_id", "product_id", "old_value", "new_value",
                "effective_at", "status", "error", "warning", "decided_at")  # fmt: skip


def _db_time(value):
    """A datetime as SyncRow's datetime columns store it (the field's own ``get_db_prep_save``)."""
    if value is None:
        return None
    return SyncRow._meta.get_field("decided_at").get_db_prep_save(value, connection)


def _values_in_chunks(cursor, sql, rows: list[tuple], *, first: tuple = ()) -> None:
    """Run ``sql(values)`` over all the rows, ``values`` being a VALUES list of up to 500 rows.

    The statement's parameters are ``first``, then the rows' values. The full chunks share one
    executemany, so their SQL is prepared (and converted) once.
    """
    if not rows:
        return
    width = len(rows[0])
    size = min(500, ((connection.features.max_query_params or 10_000) - len(first)) // width)
    one = f"({', '.join(['%s'] * width)})"
    full = len(rows) - len(rows) % size
    flat = itertools.chain.from_iterable
    if full:
        cursor.executemany(
            sql(", ".join([one] * size)),
            [[*first, *flat(rows[i : i + size])] for i in range(0, full, size)],
        )
    if full < len(rows):
        cursor.execute(sql(", ".join([one] * (len(rows) - full))), [*first, *flat(rows[full:])])


def _insert_rows(rows: list[tuple], *, same: dict | None = None) -> None:
    """Insert a batch's rows in multi-row INSERTs of up to 500 rows.

    ``rows``: tuples of the values (ready for the database) of the ``_ROW_COLUMNS`` not in
    ``same``, in that order; ``same``: column -> value shared by all the rows, sent once per
    statement (``INSERT ... SELECT`` from the VALUES list), or left out of it if None (NULL).

    A Warehouse stock file is 100k rows: the ORM's bulk_create spends most of its time compiling
    per-object SQL, and an executemany runs one statement per row (on SQLite each also reads and
    writes the AUTOINCREMENT counter), so this hot path writes the columns directly, many rows per
    statement, and the columns every applied stock row shares only once.
    """
    varying = [c for c in _ROW_COLUMNS if c not in (same or {})]
    same = {c: v for c, v in (same or {}).items() if v is not None}
    qn = connection.ops.quote_name
    table = qn(SyncRow._meta.db_table)
    columns = ", ".join(qn(c) for c in [*varying, *same])
    # column1, column2 …: the VALUES list's column names on SQLite and PostgreSQL
    picks = ", ".join([f"v.column{i}" for i in range(1, len(varying) + 1)] + ["%s"] * len(same))

    def sql(values: str) -> str:
        if same:
            return f"INSERT INTO {table} ({columns}) SELECT {picks} FROM (VALUES {values}) AS v"  # noqa: S608
        return f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608

    with connection.cursor() as cursor:
        _values_in_chunks(cursor, sql, rows, first=tuple(same.values()))


def _shelf_warnings(rows: list[dict]) -> None:
    delist = [r for r in rows if r["op"] == SyncOp.DELIST and r["status"] != SyncRowStatus.ERROR]
    if not delist:
        return
    on_shelf = products_on_live_shelf({r["product_id"] for r in delist})
    for r in delist:
        if r["product_id"] in on_shelf:
            r["warning"] = _("The product is on a live shelf; take it off the shelf too.")


@transaction.atomic
def sync_batch_apply(*, actor=None, client=None, batch: SyncBatch) -> SyncBatch:
    """Apply a previewed batch (row by row; see the module docstring). Only once."""
    # The sender may apply their own batch; the product editor (review_syncrow) may apply any.
    # The product editor holds no sender's right, so try the reviewer's right when the sender's
    # is missing (asking only for the sender's right refused the product editor, issue 12 #17).
    try:
        who = _sender(batch.kind, actor, client)
        may_apply = who.client is not None or batch.actor_id == who.user_id
    except NotAllowed:
        if client is not None:
            raise
        who, may_apply = None, False
    if not may_apply:
        try:
            who = acting_for(actor, "catalog.review_syncrow")
        except NotAllowed:
            raise NotAllowed(
                _("Only who sent this batch (or the product editor) may apply it.")
            ) from None
    # Re-evaluate the rows against the data as it is now (stock may have moved since preview).
    rows = list(SyncRow.objects.filter(batch=batch, status=SyncRowStatus.PENDING).order_by("line"))
    parsed = [{"op": r.op, "key": r.key, "value": r.new_value if r.op not in WAREHOUSE_OPS else "",
               "effective_at": r.effective_at, "error": ""} for r in rows]  # fmt: skip
    # Stock rows keep the value as sent in new_value only for stock_set; for adjustments the
    # preview stored old/new, so recover the delta from them.
    for r, p in zip(rows, parsed, strict=True):
        if r.op == SyncOp.STOCK_SET:
            p["value"] = r.new_value
        elif r.op == SyncOp.STOCK_ADJUST:
            p["value"] = str(int(r.new_value) - int(r.old_value))
        elif r.op == SyncOp.PRICE:
            p["value"] = r.new_value
    skus, products, categories = _load_targets(parsed, lock=True)
    stock_now: dict[int, int] = {}
    now = timezone.now()
    changed = []
    for r, p in zip(rows, parsed, strict=True):
        d = _evaluate(p, skus, products, categories, stock_now, now)
        r.old_value, r.new_value = d["old"][:200], d["new"][:200]
        r.status, r.error = d["status"], d["error"][:300]
        r.warning = r.warning or d["warning"][:300]
        changed.append(r)
    SyncRow.objects.bulk_update(
        changed, ["old_value", "new_value", "status", "error", "warning"], batch_size=1000
    )
    with audited(who):
        _apply(batch, who)
    batch.refresh_from_db()
    return batch


def _apply(
    batch: SyncBatch, who: Acting, *, stock: list[tuple] | None = None, counts: dict | None = None
) -> None:
    """Carry out the batch's pending rows (status pending -> applied/scheduled/error).

    ``stock``: (sku id, new on hand, product id, old on hand, reserved) of stock rows already
    decided and recorded as applied in this transaction (the API path); otherwise the pending
    stock rows are read back (the file path, after its preview). ``counts``: the batch's row
    counts as recorded, if known (used unless other rows are carried out here).
    """
    core_syncs.batch_claim(batch)
    now = timezone.now()
    pending = SyncRow.objects.filter(batch=batch, status=SyncRowStatus.PENDING)
    if stock is None:
        stock = [
            (sku_id, int(new), product_id, int(old), reserved)
            for sku_id, new, product_id, old, reserved in pending.filter(op__in=list(WAREHOUSE_OPS))
            .order_by("line")  # a SKU's last row gives its level
            .values_list("sku_id", "new_value", "product_id", "old_value", "sku__stock_reserved")
        ]
        pending.filter(op__in=list(WAREHOUSE_OPS)).update(
            status=SyncRowStatus.APPLIED, decided_at=now
        )
    if stock:
        # Each SKU's last level (a SKU may come more than once), set by one UPDATE per 500 SKUs
        # joined to a VALUES list; the levels were checked under the write lock, and the WHERE
        # keeps the reserved <= on-hand rule even so.
        levels = list({sku: new for sku, new, _p, _o, _r in stock}.items())
        table = connection.ops.quote_name(SKU._meta.db_table)
        stamp = SKU._meta.get_field("updated_at").get_db_prep_save(now, connection)
        with connection.cursor() as cursor:
            _values_in_chunks(
                cursor,
                lambda values: (
                    f"UPDATE {table} SET stock_on_hand = v.column2, updated_at = %s "  # noqa: S608
                    f"FROM (VALUES {values}) AS v "
                    f"WHERE {table}.id = v.column1 AND {table}.stock_reserved <= v.column2"
                ),
                levels,
                first=(stamp,),
            )
        # Only products whose availability crosses zero can change "in stock".
        products_refresh({p for _s, new, p, old, r in stock if (old > r) != (new > r)})
    for row in (
        pending.exclude(op__in=list(WAREHOUSE_OPS))
        .select_related("sku", "product")
        .order_by("line")
    ):
        counts = None  # statuses change here: count them
        try:
            with transaction.atomic():
                status = _apply_row(row, who, now)
        except (DomainError, IllegalTransition) as exc:
            SyncRow.objects.filter(pk=row.pk).update(
                status=SyncRowStatus.ERROR, error=str(exc)[:300]
            )
        else:
            SyncRow.objects.filter(pk=row.pk).update(status=status, decided_at=now)
    core_syncs.batch_count(batch, counts)
    if batch.rows_review:
        SyncBatch.objects.filter(pk=batch.pk).update(status=SyncBatchStatus.REVIEW)


def _apply_row(row: SyncRow, who: Acting, now) -> str:
    if row.op == SyncOp.PRICE:
        if row.effective_at and row.effective_at > now:
            sku_schedule_price(
                actor=who.user,
                sku=row.sku,
                price=row.new_value,
                due_at=row.effective_at,
                sync_row=row,
                who=who,
            )
            return SyncRowStatus.SCHEDULED
        sku = SKU.objects.select_for_update().get(pk=row.sku_id)
        _set_price(
            sku,
            Decimal(row.new_value),
            who,
            PriceSource.SYNC,
            _("Sync batch %(b)s") % {"b": row.batch_id},
        )
        products_refresh([sku.product_id])
        return SyncRowStatus.APPLIED
    note = _("Sync batch %(b)s") % {"b": row.batch_id}
    if row.op == SyncOp.DELIST:
        _transition(row.product, ProductStatus.DELISTED, who, note)
    elif row.op == SyncOp.DELETE:
        _transition(row.product, ProductStatus.DELETED, who, note)
    elif row.op == SyncOp.CATEGORY:
        category = Category.objects.get(slug=row.new_value)
        product = Product.objects.select_for_update().get(pk=row.product_id)
        product.category = category
        product.save(update_fields=["category", "updated_at"])
    return SyncRowStatus.APPLIED


@transaction.atomic
def sync_batch_discard(*, actor, batch: SyncBatch) -> SyncBatch:
    who = _sender(batch.kind, actor, None)
    if batch.actor_id != who.user_id and not actor.has_perm("catalog.review_syncrow"):
        raise NotAllowed(_("Only who sent this batch (or the product editor) may discard it."))
    core_syncs.batch_discard(
        batch, message=_("Only a batch that has not been applied can be discarded.")
    )
    batch.refresh_from_db()
    return batch


def _close_if_decided(batch_id: int) -> None:
    core_syncs.batch_close_if_decided(SyncBatch.objects.get(pk=batch_id))


@transaction.atomic
def syncrow_approve(*, actor, row: SyncRow, note: str = "") -> SyncRow:
    """The product editor lets a held-back price change through (now, or on its date)."""
    who = acting_for(actor, "catalog.review_syncrow")
    now = timezone.now()
    if SyncBatch.objects.filter(pk=row.batch_id, status=SyncBatchStatus.PREVIEW).exists():
        raise IllegalTransition(_("Apply the batch first; its rows are only a preview."))
    if (
        SyncRow.objects.filter(pk=row.pk, status=SyncRowStatus.REVIEW).update(
            status=SyncRowStatus.PENDING
        )
        != 1
    ):
        raise IllegalTransition(_("This row is not waiting for review."))
    row = SyncRow.objects.select_related("sku", "product").get(pk=row.pk)
    with audited(who):
        status = _apply_row(row, who, now)
    SyncRow.objects.filter(pk=row.pk).update(
        status=status, decided_by_id=who.user_id, decided_at=now
    )
    _close_if_decided(row.batch_id)
    row.refresh_from_db()
    return row


@transaction.atomic
def syncrow_reject(*, actor, row: SyncRow, note: str = "") -> SyncRow:
    who = acting_for(actor, "catalog.review_syncrow")
    if SyncBatch.objects.filter(pk=row.batch_id, status=SyncBatchStatus.PREVIEW).exists():
        raise IllegalTransition(_("Apply the batch first; its rows are only a preview."))
    updated = SyncRow.objects.filter(pk=row.pk, status=SyncRowStatus.REVIEW).update(
        status=SyncRowStatus.REJECTED, decided_by_id=who.user_id, decided_at=timezone.now(),
        error=(note or _("Rejected by the product editor"))[:300],
    )  # fmt: skip
    if updated != 1:
        raise IllegalTransition(_("This row is not waiting for review."))
    _close_if_decided(row.batch_id)
    row.refresh_from_db()
    return row


__all__ = [
    "price_threshold", "products_on_live_shelf", "sync_batch_apply", "sync_batch_create",
    "sync_batch_discard", "syncrow_approve", "syncrow_reject",
]  # fmt: skip
