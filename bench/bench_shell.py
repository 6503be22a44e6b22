"""The back-office shell against the stock Django admin (issue #20).

``shell.ref.*``: the stock Django admin (``/_bench/admin/``, see bench/views.py: Django's own
``AdminSite`` and templates, no theme, no custom menu) of the same model with the same rows is the
**ceiling**; SiteOps's own page of that model is the target, measured alternately in the same run.

``shell.page.*``: every back-office page of the bench against the stock admin's product
changelist (goal ≥ 1.0). The ceiling call also loads the minimal view, so each line also says
the page's ratio to the minimal view (goal ≥ 0.05), shown in the "holds" column.

Query counts of each page are counted on the small and on the full database (must be equal).
"""

from __future__ import annotations

import statistics

from bench import HttpBenchmark

STOCK_PRODUCTS = "/_bench/admin/catalog/product/"
STOCK_ITEMS = "/_bench/admin/work/workitem/"
STOCK_ORDERS = "/_bench/admin/orders/order/"
MINIMAL_GOAL = 0.05


def _first_product(ctx) -> int:
    if "product" not in ctx.state:
        from siteops.catalog.models import Product

        ctx.state["product"] = Product.objects.order_by("pk").values_list("pk", flat=True)[0]
    return ctx.state["product"]


class ShellPage(HttpBenchmark):
    """Target: a back-office page. Ceiling: a stock-admin page (and the minimal view, for the
    second ratio). ``path_fn(ctx)`` computes the path when it depends on the data."""

    def __init__(self, *, name, path, login, needs, stock=STOCK_PRODUCTS, stock_login="PED",
                 path_fn=None, stock_fn=None, note="", also_minimal=True):  # fmt: skip
        super().__init__(name=name, path=path, login=login, needs=list(needs) + ["catalog_products"],
                         goal=">= 1.0", p95_ms=300, note=note)  # fmt: skip
        self._minimal: list[float] = []
        self._targets: list[float] = []
        self.also_minimal = also_minimal

        def page(ctx):
            return path_fn(ctx) if path_fn else path

        def stock_page(ctx):
            return stock_fn(ctx) if stock_fn else stock

        def ceiling(ctx):
            if self.also_minimal:
                self._minimal.append(ctx.load("/_bench/minimal/", self, login=None))
            return ctx.load(stock_page(ctx), self, login=stock_login)

        def target(ctx):
            rps = ctx.load(page(ctx), self, login=login)
            self._targets.append(rps)
            return rps

        self.ceiling = ceiling
        self.target = target
        self.queries = lambda ctx: ctx.client(login).get(page(ctx))

    def extra_checks(self, result):
        checks = super().extra_checks(result)
        if self.also_minimal and self._minimal and self._targets:
            # The first pair is the warm-up: drop it, like the runner does.
            mins, tgts = self._minimal[1:] or self._minimal, self._targets[1:] or self._targets
            ratio = statistics.median(
                t / m if m else float("nan") for t, m in zip(tgts, mins, strict=False)
            )
            checks.append((f"{ratio:.3f} of minimal (≥ {MINIMAL_GOAL})", ratio >= MINIMAL_GOAL))
        return checks


def register(suite):
    product = lambda ctx: f"/backoffice/catalog/product/{_first_product(ctx)}/change/"  # noqa: E731
    stock_product = lambda ctx: f"{STOCK_PRODUCTS}{_first_product(ctx)}/change/"  # noqa: E731
    suite.add(
        # The reference pairs: the same model, the same rows, stock admin vs SiteOps.
        ShellPage(name="shell.ref.product_list", path="/backoffice/catalog/product/", login="PED",
                  needs=[], note="SiteOps product list vs the stock admin changelist of Product"),
        ShellPage(name="shell.ref.product_change", path="", path_fn=product, stock_fn=stock_product,
                  login="PED", needs=[],
                  note="SiteOps product change form vs the stock admin change form"),
        ShellPage(name="shell.ref.workitem_list", path="/backoffice/work/workitem/", login="MGR",
                  stock=STOCK_ITEMS, stock_login="MGR", needs=["work_items"],
                  note="SiteOps work-item list vs the stock admin changelist of WorkItem"),
        ShellPage(name="shell.ref.order_list", path="/backoffice/orders/order/", login="PRC",
                  stock=STOCK_ORDERS, stock_login="PRC", needs=["orders"],
                  note="SiteOps order list vs the stock admin changelist of Order"),
        # Every other back-office page of the bench vs the stock product changelist.
        ShellPage(name="shell.page.workbench", path="/backoffice/work/", login="CE",
                  needs=["work_items"]),
        ShellPage(name="shell.page.team_board", path="/backoffice/work/team/", login="MGR",
                  needs=["work_items"]),
        ShellPage(name="shell.page.review_queue", path="/backoffice/work/review/", login="MGR",
                  needs=["work_items"]),
        ShellPage(name="shell.page.product_work", path="", login="PED", needs=[],
                  path_fn=lambda ctx: f"/backoffice/catalog/products/{_first_product(ctx)}/work/"),
        ShellPage(name="shell.page.order_list", path="/backoffice/orders/order/", login="PRC",
                  needs=["orders"]),
        ShellPage(name="shell.page.order_pool", path="/backoffice/fulfilment/pool/", login="PRC",
                  needs=["orders"]),
        ShellPage(name="shell.page.org_chart", path="/backoffice/org/chart/", login="MGR",
                  needs=["staff"]),
        ShellPage(name="shell.page.position", path="/backoffice/org/positions/PED/", login="MGR",
                  needs=["staff"]),
        ShellPage(name="shell.page.reports", path="/backoffice/reports/datasets/", login="MGR",
                  needs=[]),
    )  # fmt: skip
