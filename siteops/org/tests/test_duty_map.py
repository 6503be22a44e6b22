"""The duty map: every declared screen exists, the position's people can open it, and
``siteops duties --json`` and the position page show the same declarations."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import STAFF, make_staff
from siteops.core.duties import registry
from siteops.org.data.duties import DUTIES
from siteops.org.models import Duty
from siteops.org.selectors import duty_map

ALL_CODES = {code for duties in DUTIES.values() for code, _zh, _en in duties}
# Duties whose screens depend on a vacancy elsewhere (cover of Purchasing's collection).
COVER_ONLY = {"PED-08", "MGR-21"}


def test_every_declaration_names_a_real_duty_and_a_real_screen():
    reg = registry()
    assert set(reg) <= ALL_CODES, set(reg) - ALL_CODES
    for code, entry in reg.items():
        assert entry.screens, code
        for screen in entry.screens:
            assert screen.path(), f"{code}: {screen.url} does not resolve"
            assert screen.kind in {"backoffice", "shop", "api"}


@pytest.mark.django_db
def test_duties_json_lists_all_93_with_their_screens():
    out = StringIO()
    call_command("duties", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 93 == Duty.objects.count()
    by_id = {r["id"]: r for r in rows}
    assert by_id["PRC-01"]["position"] == "PRC"
    pool = [s for s in by_id["PRC-01"]["screens"] if s["url_name"] == "admin:fulfilment_pool"]
    assert pool and pool[0]["path"] == "/backoffice/fulfilment/pool/"
    assert pool[0]["permission"] == "fulfilment.create_batch"
    for row in rows:
        assert row["supported"] == bool(row["screens"])


@pytest.mark.django_db
def test_holder_of_each_position_opens_every_screen_of_its_duties(client):
    users = {code: make_staff(name, code) for name, code in STAFF.items()}
    users["ART"] = make_staff("art_editor", "ART")  # vacant in the shared fixtures
    for row in duty_map():
        if not row["supported"] or row["code"] in COVER_ONLY:
            continue
        user = users[row["position"]]
        links = duty_map(user, position=row["duty"].position)
        mine = next(r for r in links if r["code"] == row["code"])
        assert mine["links"], f"{row['code']}: the holder of {row['position']} may open none"
        client.force_login(user)
        for link in mine["links"]:
            if link["kind"] != "backoffice":
                continue
            response = client.get(link["path"])
            assert response.status_code == 200, (row["code"], link["path"], response.status_code)


@pytest.mark.django_db
def test_an_acting_holder_gets_the_same_links(client):
    acting = make_staff("acting_ped", "PED", kind="acting")
    row = next(r for r in duty_map(acting) if r["code"] == "PED-03")
    assert any(link["path"].startswith("/backoffice/catalog/syncbatch") for link in row["links"])
    client.force_login(acting)
    assert client.get(row["links"][0]["path"]).status_code == 200


@pytest.mark.django_db
def test_position_page_links_duties_and_says_which_are_not_supported(client, manager):
    client.force_login(manager)
    page = client.get(reverse("admin:org_position", args=["PRC"])).content.decode()
    assert 'data-duty="PRC-01"' in page
    assert "/backoffice/fulfilment/pool/" in page
    unsupported = [r["code"] for r in duty_map(position=None) if not r["supported"]]
    prc_unsupported = [c for c in unsupported if c.startswith("PRC-")]
    if prc_unsupported:
        assert "Not yet supported" in page or "尚未支持" in page


@pytest.mark.django_db
def test_links_follow_the_viewers_permissions(client, copy_editor):
    rows = {r["code"]: r for r in duty_map(copy_editor)}
    # The copy editor may read the process editor's duties but not open the order pool.
    assert not any(
        link["path"] == "/backoffice/fulfilment/pool/" for link in rows["PRC-01"]["links"]
    )


@pytest.mark.django_db
def test_the_workbench_of_an_acting_holder_shows_the_covered_positions_duties(client):
    acting = make_staff("acting_cpy", "CPY", kind="acting")
    client.force_login(acting)
    page = client.get(reverse("admin:work_workbench")).content.decode()
    assert 'id="cover-duties-CPY"' in page
    assert 'data-duty="CPY-06"' in page  # "other copy work": the workbench itself


@pytest.mark.django_db
def test_a_holder_sees_no_cover_block(client, copy_editor):
    client.force_login(copy_editor)
    page = client.get(reverse("admin:work_workbench")).content.decode()
    assert 'id="cover-duties-CPY"' not in page
