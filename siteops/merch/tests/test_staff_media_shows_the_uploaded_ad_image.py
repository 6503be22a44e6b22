"""The art editor's uploaded ad image is seen in the back office (staff-only media through a
checked view), and by nobody outside it (issue 12 #23)."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.merch import services

from .factories import image_upload
from .test_art_editor_uploads_ad_images import acting_art
from .test_plan_becomes_work import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(purchasing):
    plan = make_plan(purchasing)
    services.plan_submit(actor=purchasing, plan=plan)
    artist = acting_art()
    req = plan.ad_requests.get()
    services.ad_request_upload_image(actor=artist, ad_request=req, image=image_upload())
    req.refresh_from_db()
    return req, artist


def test_the_art_queue_shows_the_image_and_it_loads_for_the_art_editor(client, uploaded):
    req, artist = uploaded
    url = req.image.url
    assert url.startswith("/backoffice/media/merch/requests/")
    client.force_login(artist)
    queue = client.get(reverse("admin:merch_art_queue")).content.decode()
    assert f'src="{url}"' in queue
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("image/")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp["Content-Security-Policy"]
    assert "private" in resp["Cache-Control"]
    assert b"".join(resp.streaming_content)[:4] in (
        b"\x89PNG",
        b"\xff\xd8\xff\xe0",
        b"\xff\xd8\xff\xe1",
        b"GIF8",
        b"RIFF",
    )


def test_who_else_may_open_it(client, uploaded, warehouse, customer, activity_planner,
                              purchasing):  # fmt: skip
    req, _artist = uploaded
    url = req.image.url
    assert client.get(url).status_code == 404  # anonymous: nothing about the file
    client.force_login(customer)
    assert client.get(url).status_code == 404
    client.force_login(warehouse)
    assert client.get(url).status_code == 403
    client.force_login(activity_planner)  # no sight of ad requests
    assert client.get(url).status_code == 403
    client.force_login(purchasing)  # who asked for the ad (merch.view_adrequest)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["merch/requests/../ads/x.png", "merch/ads/x.png", "catalog/products/x.png",
     "merch/requests//x.png", "merch/requests/nothing-here.png"],
)  # fmt: skip
def test_only_existing_staff_media_through_the_view(client, path):
    client.force_login(make_staff("artist2", "PED"))
    assert client.get(f"/backoffice/media/{path}").status_code == 404
