"""Who may open the new hosting pages (websites, DNS and certificate changes) and act on them:
the manager works there (also acting), the maintainer and leadership read, the programming lead,
HR, other departments and customers get nothing, anonymous goes to the login page. Lists cost the
same number of queries at two sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from siteops.infra.models import Certificate, Domain, Drift, Provider, Site
from siteops.org.models import Position

PAGES = ["/backoffice/infra/site/", "/backoffice/infra/drift/"]


@pytest.fixture
def data(db):
    reg = Provider.objects.create(name="万网", kind="registrar")
    mgr = Position.objects.get(code="MGR")
    d = Domain.objects.create(name="example.cn", registrar=reg, expires_on=datetime.date(2030, 1, 1),
                              position=mgr, name_servers="ns1.a.cn")  # fmt: skip
    site = Site.objects.create(name="商城", base_url="https://shop.example.cn/", domain=d)
    Drift.objects.create(kind="name_servers", domain=d, expected="ns1.a.cn", observed="ns9.b.cn",
                         detected_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))  # fmt: skip
    return site


@pytest.mark.parametrize("username", ["manager", "maintainer", "leader"])
def test_readers(client, data, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", ["dev_lead", "hr", "purchasing", "chief_editor"])
def test_others_see_nothing(client, data, username, request):
    client.force_login(request.getfixturevalue(username))
    for url in PAGES:
        assert client.get(url).status_code == 403, url


def test_anonymous_and_customer(client, data, customer):
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"]
    client.force_login(customer)
    for url in PAGES:
        assert client.get(url).status_code in (302, 403)


def test_only_the_manager_accepts_a_change(client, data, maintainer):
    drift = Drift.objects.get()
    client.force_login(maintainer)
    client.post("/backoffice/infra/drift/", {"action": "accept", "_selected_action": [drift.pk]})
    assert Drift.objects.get().resolved_at is None
    client.force_login(make_staff("acting_mgr", "MGR", kind="acting"))
    client.post("/backoffice/infra/drift/", {"action": "accept", "_selected_action": [drift.pk]})
    assert Drift.objects.get().resolved_at is not None
    assert Domain.objects.get().name_servers == "ns9.b.cn"


def test_the_maintainer_cannot_mark_a_site_live(client, data, maintainer):
    data.icp_number = "沪ICP备1号"
    data.save()
    client.force_login(maintainer)
    client.post("/backoffice/infra/site/", {"action": "mark_live", "_selected_action": [data.pk]})
    assert Site.objects.get().status == "building"


def test_lists_cost_the_same_at_two_sizes(client, data, manager):
    client.force_login(manager)

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = {u: count(u) for u in PAGES}
    reg = Provider.objects.get()
    for i in range(5):
        d = Domain.objects.create(name=f"x{i}.cn", registrar=reg, expires_on=datetime.date(2030, 1, 1),
                                  position=Position.objects.get(code="MGR"))  # fmt: skip
        Site.objects.create(name=f"站点{i}", base_url=f"https://x{i}.cn/", domain=d)
        Drift.objects.create(kind="name_servers", domain=d, expected="a", observed="b",
                             detected_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))  # fmt: skip
        c = Certificate.objects.create(names=f"x{i}.cn", issuer="CA", expires_on=datetime.date(2030, 1, 1),
                                       position=Position.objects.get(code="MGR"))  # fmt: skip
        Drift.objects.create(kind="certificate", certificate=c, expected="a", observed="b",
                             detected_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))  # fmt: skip
    assert {u: count(u) for u in PAGES} == small


def test_the_dashboard_lists_open_changes(client, data, manager):
    client.force_login(manager)
    html = client.get("/backoffice/infra/").content.decode()
    assert 'id="section-drifts"' in html and "example.cn" in html
