import pytest
from django.core.management import call_command

from siteops.content.models import Page, PreviewLink, Release

pytestmark = pytest.mark.django_db


def test_demo_loads_help_pages_in_two_languages_idempotently(client):
    from siteops.org.management.commands.load_demo import load_demo

    load_demo("pw-demo-123")
    call_command("load_content_demo")
    call_command("load_content_demo")  # idempotent
    assert Page.objects.filter(live_revision__isnull=False).count() == 10  # + the shop header
    assert Release.objects.get().status == "scheduled" and Release.objects.get().items.count() == 2
    assert PreviewLink.objects.count() == 1
    assert Page.objects.get(slug="spring-festival").status == "approved"  # the release times it
    assert Page.objects.get(slug="invoice").status == "in_review"
    html = client.get("/").content.decode()
    for title in [
        "如何下单",
        "支付方式",
        "配送说明",
        "退换货与退款",
        "积分规则",
        "关于我们",
        "联系我们",
        "公司资质",
    ]:
        assert title in html  # grouped in the footer
    assert "发票说明" not in html  # in review: not on the shop
    assert client.get("/help/invoice/").status_code == 404
    en = client.get("/help/returns/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Returns and refunds" in en.content.decode()
    assert "全场满199元包邮" in html  # the redesigned header (ART-03)
    topic = client.get("/t/year-end-sale/")
    assert topic.status_code == 200 and "年终大促" in topic.content.decode()
