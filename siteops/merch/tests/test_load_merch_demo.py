"""The demo loader: does nothing without products; otherwise loads once, and a rerun adds nothing."""

import pytest
from django.core.management import call_command

from siteops.merch.models import Ad, AdPosition, Shelf, ShelfPlan, ShelfSlot
from siteops.merch.selectors import home_blocks

from .factories import category, product

pytestmark = pytest.mark.django_db


def test_without_products_it_says_so_and_does_nothing(capsys):
    call_command("load_merch_demo")
    out = capsys.readouterr().out
    assert "No published products" in out or "没有已发布的商品" in out
    assert not AdPosition.objects.exists() and not Shelf.objects.exists()


def test_loads_once_and_is_idempotent(purchasing, product_editor):
    top = category("数码")
    for _ in range(6):
        product(cat=top)
    call_command("load_merch_demo")
    counts = [m.objects.count() for m in (AdPosition, Ad, Shelf, ShelfSlot, ShelfPlan)]
    assert counts[1] >= 5 and counts[2] >= 3 and counts[4] == 1
    plan = ShelfPlan.objects.get()
    assert plan.status == "submitted" and plan.items.count() == 7
    call_command("load_merch_demo")
    assert [m.objects.count() for m in (AdPosition, Ad, Shelf, ShelfSlot, ShelfPlan)] == counts
    blocks = home_blocks()
    assert blocks.carousels and {b.shelf.name for b in blocks.shelves} >= {"新品上架", "热销推荐"}


def test_the_demo_schedules_prc07s_click_report(purchasing, product_editor):
    from siteops.reports.models import ReportDefinition

    for _ in range(3):
        product(cat=category("家居"))
    call_command("load_merch_demo")
    call_command("load_merch_demo")
    d = ReportDefinition.objects.get(code="monthly-clicks")
    assert (d.dataset, d.duty_code, d.is_scheduled) == ("shop_clicks", "PRC-07", True)
    d.full_clean()  # a valid dataset, breakdowns the dataset has
    assert set(d.recipient_positions.values_list("code", flat=True)) == {"PRC", "MGR", "PED"}
