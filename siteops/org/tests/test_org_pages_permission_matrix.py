"""Every back-office page of the organisation × anonymous, a customer, and every position."""

import pytest
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.org.models import PositionAssignment

pytestmark = pytest.mark.django_db

STAFFERS = {"MGR", "HR-ADM", "LEAD"}
PAGES = {
    # url: positions allowed (None = every position)
    "/backoffice/org/chart/": None,
    "/backoffice/org/positions/CPY/": None,
    "/backoffice/org/position/": None,
    "/backoffice/org/duty/": None,
    "/backoffice/org/department/": None,
    "/backoffice/org/positionassignment/": STAFFERS,
    "/backoffice/org/user/": STAFFERS,
    "/backoffice/org/apiclient/": set(),
}
CASES = [(url, code) for url in PAGES for code in [*STAFF.values(), "anonymous", "customer"]]


@pytest.mark.parametrize(("url", "who"), CASES)
def test_page_access(client, url, who):
    if who == "customer":
        client.force_login(make_staff("shopper", None))
    elif who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))
    response = client.get(url)
    if who in ("anonymous", "customer"):
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
    elif PAGES[url] is None or who in PAGES[url]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", [*STAFF.values(), "anonymous"])
def test_appoint_post(client, who):
    newbie = make_staff("newbie", None)
    if who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))
    before = PositionAssignment.objects.count()
    response = client.post(
        "/backoffice/org/positions/ACT/appoint/",
        {"kind": "holder", "user": newbie.pk, "start": timezone.localdate().isoformat()},
    )
    saved = PositionAssignment.objects.filter(user=newbie).exists()
    if who == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"] and not saved
    elif who in STAFFERS:
        assert response.status_code == 302 and saved
    else:
        assert response.status_code == 403 and not saved
        assert PositionAssignment.objects.count() == before


def test_acting_holder_gets_the_managers_pages(client):
    import datetime

    acting = make_staff("acting_mgr", "MGR", kind="acting",
                        end=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    client.force_login(acting)
    assert client.get("/backoffice/org/positionassignment/").status_code == 200
