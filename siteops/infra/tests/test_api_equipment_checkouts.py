"""Equipment checkouts over the API: a client lists its own department's people's checkouts (all
of them with infra.view_equipmentloan), checks out (infra.add_equipmentloan) and records a
return (infra.change_equipmentloan), writes with an Idempotency-Key; every answer is in the
schema; the list costs the same queries at two sizes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siteops.infra import equipment
from siteops.infra.models import Asset, EquipmentLoan
from siteops.org.models import PositionAssignment

pytestmark = pytest.mark.django_db
URL = "/api/v1/infra/checkouts"


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _laptop(n, kind="laptop"):
    return Asset.objects.create(tag=f"OF-{n:03d}", kind=kind, model_name="ThinkPad T14",
                                serial=f"SN-{n}", status="in_service", cost=Decimal("7000"))  # fmt: skip


def _dept(user):
    return (
        PositionAssignment.objects.active()
        .filter(user=user)
        .values_list("position__department_id", flat=True)
        .first()
    )


def _post(client, token, body, key, url=URL):
    return client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key,
                       **_auth(token))  # fmt: skip


def test_own_department_or_all_with_the_permission(
    client, api_client_for, manager, copy_editor, hr
):
    mnt_client, mnt = api_client_for("MNT")
    assert _dept(copy_editor) == mnt_client.department_id != _dept(hr)
    mine = equipment.loan_checkout(actor=manager, asset=_laptop(1), person=copy_editor)
    theirs = equipment.loan_checkout(actor=manager, asset=_laptop(2), person=hr)
    rows = client.get(URL, **_auth(mnt)).json()
    assert [r["id"] for r in rows] == [mine.pk]  # the maintainer's system: own department only
    assert rows[0]["person"] == copy_editor.username and rows[0]["open"] is True
    _c, hr_token = api_client_for("HR-ADM")  # HR sees everyone's (the separation hand-over)
    assert [r["id"] for r in client.get(URL, **_auth(hr_token)).json()] == [mine.pk, theirs.pk]
    _c, pur = api_client_for("PUR-COL")
    assert client.get(URL, **_auth(pur)).json() == []
    assert client.get(URL).status_code == 401
    _c, mgr = api_client_for("MGR")
    assert client.get(URL + f"?person={hr.username}", **_auth(mgr)).json()[0]["id"] == theirs.pk
    equipment.loan_return(actor=manager, loan=theirs)
    assert [r["id"] for r in client.get(URL + "?open=false", **_auth(mgr)).json()] == [theirs.pk]
    assert [r["id"] for r in client.get(URL + f"?after_id={mine.pk}", **_auth(mgr)).json()] == [
        theirs.pk
    ]
    for bad in ("?limit=0", "?limit=100000", "?after_id=-1", "?after_id=99999999999999999999999"):
        assert client.get(URL + bad, **_auth(mgr)).status_code == 400, bad


def test_check_out_and_return_idempotently(client, api_client_for, copy_editor):
    _c, mgr = api_client_for("MGR")
    _laptop(1)
    body = {"asset": "OF-001", "person": copy_editor.username}
    r = _post(client, mgr, body, "co-1")
    assert r.status_code == 201 and r.json()["asset"] == "OF-001"
    assert _post(client, mgr, body, "co-1").json() == r.json()  # a replay: nothing new
    assert EquipmentLoan.objects.count() == 1
    assert _post(client, mgr, {**body, "on": "2026-11-01"}, "co-1").status_code == 422
    assert _post(client, mgr, body, "co-2").status_code == 409  # already out
    assert client.post(URL, body, content_type="application/json", **_auth(mgr)).status_code == 400
    loan_id = r.json()["id"]
    ret = f"{URL}/{loan_id}/return"
    r = _post(client, mgr, {"condition": "完好"}, "rt-1", ret)
    assert r.status_code == 200 and r.json()["open"] is False
    assert _post(client, mgr, {"condition": "完好"}, "rt-1", ret).status_code == 200
    assert _post(client, mgr, {"condition": "完好"}, "rt-2", ret).status_code == 409
    assert EquipmentLoan.objects.get().return_condition == "完好"


def test_refusals(client, api_client_for, copy_editor, manager):
    _c, mgr = api_client_for("MGR")
    _laptop(1)
    _laptop(2, kind="server")
    ok = {"asset": "OF-001", "person": copy_editor.username}
    assert _post(client, mgr, {**ok, "asset": "NONE"}, "a").status_code == 404
    assert _post(client, mgr, {**ok, "person": "nobody"}, "b").status_code == 404
    assert _post(client, mgr, {**ok, "asset": "OF-002"}, "c").status_code == 400  # site equipment
    assert _post(client, mgr, {**ok, "on": "2026-02-30"}, "d").status_code == 400
    assert _post(client, mgr, {**ok, "asset": "x" * 41}, "e").status_code == 400
    assert _post(client, mgr, {**ok, "asset": "OF\x00"}, "e2").status_code in (400, 404)
    _c, hr = api_client_for("HR-ADM")  # reads, may not check out or return
    assert _post(client, hr, ok, "f").status_code == 403
    loan = equipment.loan_checkout(actor=manager, asset=Asset.objects.get(tag="OF-001"),
                                   person=copy_editor, on=datetime.date(2026, 11, 1))  # fmt: skip
    ret = f"{URL}/{loan.pk}/return"
    assert _post(client, hr, {}, "g", ret).status_code == 403
    assert (
        _post(client, mgr, {"on": "2026-10-01"}, "h", ret).status_code == 400
    )  # before it went out
    assert _post(client, mgr, {"on": "2999-01-01"}, "i", ret).status_code == 400  # in the future
    assert _post(client, mgr, {}, "j", f"{URL}/99999999/return").status_code == 404
    assert _post(client, mgr, {}, "k", f"{URL}/{2**63}/return").status_code in (400, 404)
    assert EquipmentLoan.objects.get().is_open and EquipmentLoan.objects.count() == 1
    _c, mnt = api_client_for("MNT")  # sees the loan (own department) but may not return it
    assert _post(client, mnt, {}, "l", ret).status_code == 403


def test_every_status_is_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    lst = schema["paths"][URL]["get"]["responses"]
    assert {"200", "400", "401"} <= set(lst)
    post = schema["paths"][URL]["post"]["responses"]
    ret = schema["paths"][URL + "/{loan_id}/return"]["post"]["responses"]
    for answers in (post, ret):
        assert {"400", "401", "403", "404", "409", "422"} <= set(answers)
    assert "201" in post and "200" in ret


def test_list_query_count_is_constant(client, api_client_for, manager, copy_editor):
    _c, mgr = api_client_for("MGR")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, **_auth(mgr)).status_code == 200
        return len(ctx)

    equipment.loan_checkout(actor=manager, asset=_laptop(1), person=copy_editor)
    small = count()
    for n in range(2, 12):
        equipment.loan_checkout(actor=manager, asset=_laptop(n), person=copy_editor)
    assert count() == small
