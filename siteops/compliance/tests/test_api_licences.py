"""Leadership's systems read the licence register and obligations; other systems may not."""

from .factories import icp_licence


def test_leadership_system_reads_the_register(client, manager, api_client_for):
    icp_licence(manager)
    _c, token = api_client_for("LEAD")
    r = client.get("/api/v1/compliance/licences", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    numbers = {x["number"] for x in r.json()}
    assert "沪B2-20260001" in numbers
    assert (
        client.get(
            "/api/v1/compliance/obligations", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 200
    )


def test_other_systems_and_anonymous_are_refused(client, api_client_for):
    _c, token = api_client_for("PUR-COL")
    assert (
        client.get("/api/v1/compliance/licences", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 403
    )
    assert client.get("/api/v1/compliance/licences").status_code == 401
