"""My due dates page and recording an outcome: who may see and settle what."""

import pytest

from siteops.deadlines.models import Deadline

from .factories import day, deadlines

URL = "/backoffice/deadlines/"


@pytest.fixture
def dues(db):
    return {
        "MGR": deadlines(
            1, due=day("2027-03-31"), position="MGR", code="icp", title="ICP 许可证到期"
        )[0],
        "PED": deadlines(
            1, due=day("2027-04-30"), position="PED", code="warranty", title="摄影棚保修到期"
        )[0],
    }


def _done(client, d, outcome="已办理"):
    return client.post(f"{URL}{d.pk}/done/", {"outcome": outcome})


def test_anonymous_is_sent_to_login(client, dues):
    assert client.get(URL).status_code == 302
    r = _done(client, dues["MGR"])
    assert r.status_code == 302 and "/login/" in r["Location"]
    assert Deadline.objects.get(pk=dues["MGR"].pk).status == "open"


def test_right_position_sees_and_records_its_own(client, dues, product_editor):
    client.force_login(product_editor)
    page = client.get(URL).content.decode()
    assert dues["PED"].title in page and dues["MGR"].title not in page
    assert _done(client, dues["PED"]).status_code == 302
    assert Deadline.objects.get(pk=dues["PED"].pk).status == "done"


def test_wrong_position_cannot_see_or_settle_anothers(client, dues, copy_editor, product_editor):
    client.force_login(copy_editor)
    assert dues["PED"].title not in client.get(URL).content.decode()
    assert _done(client, dues["PED"]).status_code == 404
    assert Deadline.objects.get(pk=dues["PED"].pk).status == "open"


def test_manager_sees_all_and_records_any(client, dues, manager, product_editor):
    client.force_login(manager)
    page = client.get(URL).content.decode()
    assert dues["PED"].title in page and dues["MGR"].title in page
    assert _done(client, dues["PED"]).status_code == 302
    assert Deadline.objects.get(pk=dues["PED"].pk).done_by == manager


def test_acting_holder_records_the_positions_outcome(client, dues):
    from conftest import make_staff

    acting = make_staff("acting_ped", "PED", kind="acting")  # PED vacant: acting does its work
    client.force_login(acting)
    assert dues["PED"].title in client.get(URL).content.decode()
    assert _done(client, dues["PED"]).status_code == 302
    assert Deadline.objects.get(pk=dues["PED"].pk).status == "done"


def test_an_empty_outcome_is_a_clear_message_not_an_error(client, dues, product_editor):
    client.force_login(product_editor)
    r = client.post(f"{URL}{dues['PED'].pk}/done/", {"outcome": "  "}, follow=True)
    assert r.status_code == 200
    assert Deadline.objects.get(pk=dues["PED"].pk).status == "open"
    assert client.get(f"{URL}{dues['PED'].pk}/done/").status_code == 405
    assert client.post(f"{URL}999999/done/", {"outcome": "x"}).status_code == 404


def test_page_queries_do_not_grow_with_the_number_of_due_dates(
    client, manager, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from siteops.deadlines import services

    client.force_login(manager)

    def count():
        with CaptureQueriesContext(connection) as q:
            assert client.get(URL).status_code == 200
        return len(q)

    deadlines(3, due=day("2027-03-31"), position="MGR", code="a", prefix="a")
    deadlines(3, due=day("2027-03-31"), position="PED", code="b", prefix="b")
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_send(today=day("2027-03-24"))
    small = count()
    deadlines(30, due=day("2027-03-31"), position="MGR", code="c", prefix="c")
    deadlines(30, due=day("2027-03-31"), position="PED", code="d", prefix="d")
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_send(today=day("2027-03-25"))
    assert count() == small
