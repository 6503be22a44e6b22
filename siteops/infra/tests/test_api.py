"""The asset register over the API (costs only with permission) and monitor results posted by an
external checker (idempotent; two failures open an incident)."""

import datetime

from siteops.infra.models import Asset, Check, Incident, Monitor

TZ = datetime.timezone(datetime.timedelta(hours=8))


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_assets_without_costs_for_the_maintainers_system(client, api_client_for):
    Asset.objects.create(
        tag="IT-1", kind="server", model_name="2288H", serial="S1", cost="28000.00"
    )
    _c, mnt = api_client_for("MNT")
    rows = client.get("/api/v1/infra/assets", **_auth(mnt)).json()
    assert rows[0]["tag"] == "IT-1" and rows[0]["cost"] is None
    _c, mgr = api_client_for("MGR")
    assert client.get("/api/v1/infra/assets", **_auth(mgr)).json()[0]["cost"] == "28000.00"
    _c, hr = api_client_for("HR-ADM")
    assert client.get("/api/v1/infra/assets", **_auth(hr)).status_code == 403
    assert client.get("/api/v1/infra/assets").status_code == 401


def test_external_checker_posts_results(client, api_client_for):
    Monitor.objects.create(name="首页", path="/")
    _c, token = api_client_for("MNT")

    def post(minute, ok, key):
        at = datetime.datetime(2027, 3, 1, 10, minute, tzinfo=TZ).isoformat()
        return client.post("/api/v1/infra/checks", {"monitor": "首页", "ok": ok, "status_code": 200 if ok else 502, "at": at},
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **_auth(token))  # fmt: skip

    assert post(0, False, "k1").status_code == 200
    assert post(0, False, "k1").status_code == 200  # a replay records nothing new
    assert Check.objects.count() == 1
    r = post(1, False, "k2")
    assert r.json()["incident_open"] is True and Incident.objects.count() == 1
    assert post(2, False, "k1").status_code == 422  # same key, other body
    assert client.post("/api/v1/infra/checks", {"monitor": "无", "ok": True, "at": "2027-03-01T10:00:00+08:00"},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="k9", **_auth(token)).status_code == 404  # fmt: skip
    _c, other = api_client_for("PUR-COL")
    assert post(3, True, "k3").status_code == 200
    r = client.post("/api/v1/infra/checks", {"monitor": "首页", "ok": True, "at": "2027-03-01T10:05:00+08:00"},
                    content_type="application/json", HTTP_IDEMPOTENCY_KEY="k4", **_auth(other))  # fmt: skip
    assert r.status_code == 403
