"""Every back-office list renders its rows with ``siteops_list`` (the per-page work done once
per page, issue #20): the same HTML as unfold's own row rendering, cell for cell, for every
registered list that has rows — in Chinese and in English."""

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
            ours = [str(row[0]) for row in siteops_list.rows(cl)]
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
