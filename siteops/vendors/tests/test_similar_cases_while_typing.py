"""While a new test case's title is typed, the plan's project's similar cases are offered."""

from django.urls import reverse


def test_similar_titles_are_suggested(client, case, plan, dev_lead, service, customer):
    url = reverse("admin:vendors_similar_cases")
    client.force_login(dev_lead)
    got = client.get(url, {"plan": plan.pk, "title": "下单后显示物流信息"}).json()
    assert [c["title"] for c in got["cases"]] == ["下单后显示物流"]
    assert got["cases"][0]["url"] == reverse("admin:vendors_testcase_change", args=[case.pk])
    assert client.get(url, {"plan": plan.pk, "title": "退款到账"}).json()["cases"] == []
    for bad in ({"plan": "x", "title": "下单"}, {"plan": "1e300000"}, {}):
        assert client.get(url, bad).json()["cases"] == []
    # a NUL in the address is refused before the view (the site's middleware): 400, not a 500
    assert client.get(url, {"plan": plan.pk, "title": "a\x00b"}).status_code in (200, 400)
    client.force_login(service)
    assert client.get(url, {"plan": plan.pk, "title": "下单"}).status_code == 403
    client.force_login(customer)
    assert client.get(url).status_code == 302
    client.logout()
    assert client.get(url).status_code == 302
