"""Content benchmarks (issue #13): a topic page of 30 blocks (4 of them product grids over the
catalogue's ``catalog_products``, 100k products at full scale) among 1,000 live topic pages,
cached (what a visitor gets) and with every request a miss, as requests/s relative to the minimal
Django view of the same run, p95 at 16 connections; query counts equal on the small database
(10 pages, 100 products) and the full one. And the revision diff of a 50-block page (seconds).
"""

from __future__ import annotations

import itertools

from bench import Benchmark, HttpBenchmark, bulk_create_chunks, dataset

TOPIC = "/t/bench-topic/"
_BUST = itertools.count(1)
GRIDS = ["bench-digital", "bench-appliances", "bench-apparel", "bench-food"]


def _blocks(n: int = 30, variant: str = "") -> list[dict]:
    """n blocks: 4 product grids (one per bench category), countdowns, images and rich text."""
    blocks = []
    for i in range(n):
        if i % 7 == 3 and len([b for b in blocks if b["type"] == "product_grid"]) < 4:
            cat = GRIDS[len([b for b in blocks if b["type"] == "product_grid"])]
            blocks.append({"type": "product_grid", "title": f"精选 {i}", "category": cat,
                           "sort": "sales", "limit": 8})  # fmt: skip
        elif i % 5 == 0:
            blocks.append({"type": "countdown", "until": "2099-01-01T00:00:00+08:00",
                           "label": f"距结束 {i}"})  # fmt: skip
        elif i % 3 == 0:
            blocks.append({"type": "image", "src": f"/static/bench/{i}.png", "alt": f"横幅 {i}"})
        else:
            blocks.append({"type": "richtext",
                           "html": f"<h2>第 {i} 段{variant}</h2><p>{'活动说明文字。' * 20}</p>"})  # fmt: skip
    return blocks


@dataset("content_topic_pages", full=1000, small=10, needs=["catalog_products"], version="1")
def make_topic_pages(n, rng):
    """The benchmark's topic page (30 blocks, live) and n - 1 other live topic pages."""
    from siteops.content.blocks import clean_blocks
    from siteops.content.models import Page
    from siteops.core.revisions import revision_publish, revision_save
    from siteops.org.acting import system_acting

    who = system_acting()
    page = Page.objects.create(kind="topic", slug="bench-topic", title="基准专题页",
                               blocks=clean_blocks(_blocks()))  # fmt: skip
    revision_save(obj=page, who=who)
    revision_publish(obj=page, who=who)
    bulk_create_chunks(Page, (
        Page(kind="topic", slug=f"bench-topic-{i}", title=f"专题 {i}", blocks=page.blocks[:3],
             status="published", live_revision_id=page.live_revision_id,
             latest_revision_id=page.live_revision_id)
        for i in range(1, n)
    ))  # fmt: skip


def _numbered(path: str) -> str:
    return path.replace("{n}", f"q{next(_BUST)}")


def _page(name, goal, path, note):
    bench = HttpBenchmark(name=name, path=path, needs=["content_topic_pages"], goal=goal,
                          p95_ms=100, note=note)  # fmt: skip
    if "{n}" in path:
        bench.queries = lambda ctx: ctx.client(None).get(_numbered(path))
    return bench


# --- the revision diff of a 50-block page ------------------------------------------------------


def _diff_setup(ctx):
    from siteops.content.blocks import clean_blocks
    from siteops.content.models import Page
    from siteops.core.revisions import revision_save
    from siteops.org.acting import system_acting

    who = system_acting()
    Page.objects.filter(slug="bench-diff").delete()
    page = Page.objects.create(kind="topic", slug="bench-diff", title="差异基准",
                               blocks=clean_blocks(_blocks(50)))  # fmt: skip
    first = revision_save(obj=page, who=who)
    second = revision_save(obj=page, who=who, data={"blocks": clean_blocks(_blocks(50, "（改）"))})
    ctx.state["diff"] = (first, second)


def _diff(ctx):
    from siteops.core.revisions import diff

    first, second = ctx.state["diff"]
    changes = diff(first, second)
    assert changes, "the two revisions differ"
    return None  # timed


def _diff_teardown(ctx):
    from siteops.content.models import Page

    Page.objects.filter(slug="bench-diff").delete()


def register(suite):
    suite.add(
        _page("content.topic_page", ">= 0.40", TOPIC,
              "30 blocks (4 product grids), cached whole for anonymous visitors"),
        _page("content.topic_page_uncached", ">= 0.10", TOPIC + "?_b={n}",
              "every request a miss: 30 blocks rendered, 4 catalogue queries"),
        Benchmark(name="content.revision_diff_50_blocks", setup=_diff_setup, teardown=_diff_teardown,
                  ceiling=lambda ctx: 0.5, target=_diff, unit="s", goal="<= 1.0", repeats=5,
                  note="diff of two revisions of a 50-block page (every block changed); "
                       "ratio = seconds / 0.5 s, so ≤ 1.0 means under 500 ms"),
    )  # fmt: skip
