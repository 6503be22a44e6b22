"""Product search for the shop, Chinese-friendly: trigram matching of titles and subtitles.

- SQLite: the FTS5 trigram index (``storefront_product_fts``), ranked by bm25.
- PostgreSQL: ILIKE served by pg_trgm GIN indexes, ranked by ``similarity()``.
- Terms shorter than 3 characters (most 1–2 character Chinese words) cannot use a trigram
  index: they are matched with LIKE, within the index hits when there are longer terms, or
  alone over at most ``LIMIT`` products ordered by sales.

The result is a ranked list of product ids (at most ``LIMIT``), restricted to what the shop
shows; the view paginates the list and loads one page of products. The query count does not
depend on the catalogue's size.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from siteops.catalog.selectors import shop_products

LIMIT = 1000
MIN_TRIGRAM = 3


def _terms(q: str) -> list[str]:
    return [t for t in (q or "").replace("\u3000", " ").split() if t][:6]


def _like(qs, terms):
    for t in terms:
        qs = qs.filter(Q(title__icontains=t) | Q(subtitle__icontains=t))
    return qs


def _is_cjk(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def segment(terms: list[str]) -> list[str]:
    """Without a dictionary, split long Chinese terms into 2-character words (an odd tail joins
    the last one): "龙井绿茶" -> "龙井", "绿茶", so a title "西湖龙井明前绿茶" still matches."""
    out = []
    for t in terms:
        if len(t) >= 4 and _is_cjk(t):
            parts = [t[i : i + 2] for i in range(0, len(t) - len(t) % 2, 2)]
            if len(t) % 2:
                parts[-1] += t[-1]
            out.extend(parts)
        else:
            out.append(t)
    return out


def search_ids(q: str) -> list[int]:
    """Ranked ids of shop-visible products for ``q``, trying in turn:

    1. the whole query as one substring ("基准商品 21 号" finds exactly that title);
    2. every term, each as a substring (any order);
    3. long Chinese terms split into 2-character words ("龙井绿茶" -> "龙井" + "绿茶").
    The first attempt with hits wins.
    """
    terms = _terms(q)
    if not terms:
        return []
    attempts = []
    whole = " ".join(terms)
    if len(terms) > 1 and len(whole) >= MIN_TRIGRAM:
        attempts.append([whole])
    attempts.append(terms)
    words = segment(terms)
    if words != terms:
        attempts.append(words)
    for attempt in attempts:
        ids = _search(attempt)
        if ids:
            return ids
    return []


def _search(terms: list[str]) -> list[int]:
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM]
    visible = shop_products().prefetch_related(None).order_by()
    if not long_terms:
        qs = _like(visible, short_terms).order_by("-sales_count", "-pk")
        return list(qs.values_list("pk", flat=True)[:LIMIT])

    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT rowid FROM storefront_product_fts WHERE storefront_product_fts MATCH %s"
                " ORDER BY bm25(storefront_product_fts) LIMIT %s",
                [match, LIMIT * 3],
            )
            ranked = [row[0] for row in cur.fetchall()]
        allowed = set(
            _like(visible.filter(pk__in=ranked), short_terms).values_list("pk", flat=True)
        )
        return [pk for pk in ranked if pk in allowed][:LIMIT]

    if connection.vendor == "postgresql":
        qs = visible
        for t in long_terms:
            pattern = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            qs = qs.extra(
                where=["(catalog_product.title ILIKE %s OR catalog_product.subtitle ILIKE %s)"],
                params=[pattern, pattern],
            )
        qs = _like(qs, short_terms).extra(
            select={"rank": "similarity(catalog_product.title, %s)"},
            select_params=[" ".join(long_terms)],
            order_by=["-rank", "-sales_count"],
        )
        return [row[0] for row in qs.values_list("pk", "rank")[:LIMIT]]

    return list(_like(visible, terms).order_by("-sales_count").values_list("pk", flat=True)[:LIMIT])
