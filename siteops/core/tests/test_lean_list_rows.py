"""Every back-office list renders its rows with ``siteops_list`` (the per-page work done once
per page, issue #20): the same HTML as unfold's own row rendering, cell for cell, for every
registered list that has rows — in Chinese and in English (with the theme's utility classes
that admin.css writes out as ``so-td`` and ``so-check`` expanded back)."""

import re
from pathlib import Path

import pytest
from django.contrib.admin import site
from django.test import RequestFactory
from django.utils import translation
from unfold.templatetags import unfold_list

from siteops.catalog.tests.factories import product_with_sku
from siteops.core.templatetags import siteops_list
from siteops.orders.tests import factories as order_factories

pytestmark = pytest.mark.django_db


def _changelist(model_admin, user, query=""):
    request = RequestFactory().get(f"/backoffice/x/{query}")
    request.user = user
    request.session = {}
    return model_admin.get_changelist_instance(request)


@pytest.fixture
def rows_everywhere(manager):
    product_with_sku(status="published")
    product_with_sku(status="draft", price="0.01")
    order_factories.order()
    from siteops.org.models import Position
    from siteops.work import services as work_services
    from siteops.work.choices import WorkSource

    work_services.item_create(
        actor=manager, position=Position.objects.get(code="CE"),
        title="<b>转义</b> & more", source=WorkSource.MANAGER,
    )  # fmt: skip


def _expanded(html: str) -> str:
    """Our row with each short class replaced by the utility classes it stands for."""
    return re.sub(
        r'class="([^"]*)"',
        lambda m: (
            'class="'
            + " ".join(siteops_list.SHORT_CLASSES.get(c, c) for c in m.group(1).split(" "))
            + '"'
        ),
        html,
    )


def test_short_classes_stand_for_unfolds_and_are_styled():
    """``so-td`` is exactly unfold's cell classes and ``so-check`` its checkbox's (an unfold
    upgrade that changes them fails here: admin.css must follow), and admin.css styles both."""
    from unfold.admin import checkbox

    assert siteops_list.CELL_STYLED == " ".join(unfold_list.TABLE_CELL_CLASSES)
    widget = str(checkbox.render("_selected_action", "1"))
    assert f'class="{siteops_list.CHECKBOX_STYLED} action-select"' in widget
    css = (Path(siteops_list.__file__).parents[2] / "static/siteops/admin.css").read_text()
    for short in siteops_list.SHORT_CLASSES:
        assert f".{short}{{" in css and f".dark .{short}" in css
    # The file loads before the theme's: a layer named here first would be ordered first,
    # putting the theme's utilities beneath its own base styles (every page unstyled).
    assert "@layer" not in css


def test_a_page_sends_the_short_classes(client, product_editor):
    product_with_sku(status="published")
    client.force_login(product_editor)
    html = client.get("/backoffice/catalog/product/", HTTP_ACCEPT_LANGUAGE="zh-hans").content
    html = html.decode()
    assert 'class="so-check action-select"' in html and " so-td" in html
    assert siteops_list.CELL_STYLED not in html


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_lean_rows_match_unfold(rows_everywhere, superuser, lang):
    compared = 0
    with translation.override(lang):
        for model, model_admin in site._registry.items():
            if model_admin.list_editable:
                continue
            try:
                cl = _changelist(model_admin, superuser)
            except Exception:  # noqa: BLE001 - a list needing its own request shape: skipped
                continue
            if not cl.result_list:
                continue
            theirs = ["".join(unfold_list.items_for_result(cl, r, None)) for r in cl.result_list]
            ours = [_expanded(str(row[0])) for row in siteops_list.rows(cl)]
            assert ours == theirs, model._meta.label
            compared += 1
    assert compared >= 3  # products, SKUs/orders and work items at least


def test_a_link_to_a_record_reads_open_not_a_status(client, product_editor):
    """Bare "Open" is a status in other apps (未办结, 招聘中): the link says 打开."""
    product_with_sku(status="published")
    client.force_login(product_editor)
    html = client.get("/backoffice/catalog/product/", HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "打开</a>" in html.decode() and "未办结</a>" not in html.decode()


@pytest.mark.parametrize("fmt", ["Y年n月j日 H:i", "Y年n月j日", "Y-m-d H:i:s", "j.n.Y G:i",
                                 r"Y\Y m \d\a\y d", r"\\Y", "N j, Y, P", "D d M Y"])  # fmt: skip
def test_plain_date_formats_match_django(fmt):
    """The list's fast date formatting gives what Django's does, or defers to it."""
    import datetime

    from django.utils import dateformat

    from siteops.core.templatetags.siteops_list import _plain_format

    fast = _plain_format(fmt)
    if any(c in fmt for c in "NPD") or "\\\\" in fmt:
        assert fast is None
        return
    for value in (datetime.datetime(2026, 1, 5, 7, 3, 9), datetime.datetime(1999, 12, 31, 23, 59),
                  datetime.date(2026, 12, 6)):  # fmt: skip
        if isinstance(value, datetime.datetime) or not any(c in fmt for c in "HGis"):
            assert fast(value) == dateformat.format(value, fmt), (fmt, value)
