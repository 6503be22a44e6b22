"""HR's system reads the staffing plan and recruitment requests and moves candidates; personal
data never in a list; other departments' systems see none of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siteops.people import services
from siteops.people.models import Candidate, RecruitmentEvent

from .factories import candidate_at_interview, open_request, recruitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_token(api_client_for):
    return api_client_for("HR-ADM")[1]


def _get(client, url, token):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client, url, token, body, key="k1"):
    return client.post(
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_plan_has_the_org_charts_numbers(client, manager, hr, hr_token):
    from siteops.org.selectors import Staffing

    services.plan_create(actor=manager, year=2026, planned={})
    recruitment(manager, "PED")
    r = _get(client, "/api/v1/people/plan?year=2026", hr_token)
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == 1 and body["status"] == "draft" and body["approved_version"] is None
    staffing = Staffing()
    lines = {x["position"]: x for x in body["lines"]}
    assert "MGR" in lines and "PUR-COL" not in lines  # the department's own positions only
    by_code = {p.code: p.pk for p in staffing.positions.values()}
    for line in body["lines"]:
        pk = by_code[line["position"]]
        assert line["holders"] == len(staffing.holders.get(pk, []))
        assert line["vacancies"] == staffing.vacancies(pk)
    assert _get(client, "/api/v1/people/plan?year=99999", hr_token).status_code == 400
    assert _get(client, "/api/v1/people/plan?year=1e300000", hr_token).status_code == 400
    assert _get(client, "/api/v1/people/plan?year=2026&version=7", hr_token).status_code == 400
    big = "/api/v1/people/plan?year=2026&version=" + "9" * 30
    assert _get(client, big, hr_token).status_code == 400


def test_lists_carry_no_personal_data(client, manager, hr, hr_token):
    req = open_request(manager, hr, "PED")
    candidate_at_interview(hr, req, name="王小明")
    r = _get(client, "/api/v1/people/recruitment", hr_token)
    assert r.status_code == 200
    row = next(x for x in r.json() if x["id"] == req.pk)
    assert row["status"] == "open" and row["candidates"] == {"interview": 1}
    detail = _get(client, f"/api/v1/people/recruitment/{req.pk}", hr_token)
    assert detail.status_code == 200
    for text in (r.content.decode(), detail.content.decode()):
        assert "王小明" not in text and "wxm@example.com" not in text and "13800000000" not in text
    cand_id = detail.json()["candidate_list"][0]["id"]
    one = _get(client, f"/api/v1/people/candidates/{cand_id}", hr_token)
    assert one.status_code == 200 and one.json()["name"] == "王小明"
    assert _get(client, "/api/v1/people/recruitment?status=nope", hr_token).status_code == 400
    assert _get(client, "/api/v1/people/recruitment?since=2026-02-30", hr_token).status_code == 400
    assert _get(client, "/api/v1/people/recruitment/99999999999999", hr_token).status_code == 404
    assert _get(client, "/api/v1/people/candidates/0", hr_token).status_code == 404


def test_another_departments_system_sees_none(client, manager, hr, api_client_for):
    req = open_request(manager, hr, "PED")
    cand = candidate_at_interview(hr, req)
    _c, token = api_client_for("PUR-COL")
    for url in ("/api/v1/people/plan", "/api/v1/people/recruitment",
                f"/api/v1/people/recruitment/{req.pk}", f"/api/v1/people/candidates/{cand.pk}"):  # fmt: skip
        assert _get(client, url, token).status_code == 403, url
        assert client.get(url).status_code == 401, url
    r = _post(client, f"/api/v1/people/candidates/{cand.pk}/status", token, {"action": "reject"})
    assert r.status_code == 403
    assert client.post(
        f"/api/v1/people/candidates/{cand.pk}/status", {"action": "reject"},
        content_type="application/json",
    ).status_code == 401  # fmt: skip
    assert Candidate.objects.get(pk=cand.pk).status == "interview"


def test_leadership_system_reads_requests_but_not_candidates(client, manager, hr, api_client_for):
    req = open_request(manager, hr, "PED")
    cand = candidate_at_interview(hr, req)
    _c, token = api_client_for("LEAD")
    r = _get(client, f"/api/v1/people/recruitment/{req.pk}", token)
    assert r.status_code == 200 and r.json()["candidate_list"] == []
    assert _get(client, f"/api/v1/people/candidates/{cand.pk}", token).status_code == 403


def test_candidate_status_change_once_per_key(client, manager, hr, hr_token):
    req = open_request(manager, hr, "PED")
    cand = services.candidate_add(actor=hr, request=req, name="李雷", source="referral")
    url = f"/api/v1/people/candidates/{cand.pk}/status"
    r = _post(client, url, hr_token, {"action": "screen", "message": "简历合格"})
    assert r.status_code == 200 and r.json()["status"] == "screened"
    again = _post(client, url, hr_token, {"action": "screen", "message": "简历合格"})
    assert again.status_code == 200 and again.json() == r.json()
    assert RecruitmentEvent.objects.filter(candidate=cand, action="screen").count() == 1
    ev = RecruitmentEvent.objects.get(candidate=cand, action="screen")
    assert ev.client is not None and ev.position_code == "HR-ADM"
    # The same key with another body: 422; no key: 400; an illegal move: 409, nothing changed.
    assert _post(client, url, hr_token, {"action": "reject"}).status_code == 422
    assert _post(client, url, hr_token, {"action": "reject"}, key="").status_code == 400
    r = _post(client, url, hr_token, {"action": "accept"}, key="k2")
    assert r.status_code == 409
    r = _post(client, url, hr_token, {"action": "screen"}, key="k3")
    assert r.status_code == 409
    assert _post(client, url, hr_token, {"action": "fly"}, key="k4").status_code == 400
    assert _post(client, url, hr_token, {"action": "reject", "message": "x" * 501},
                 key="k5").status_code == 400  # fmt: skip
    assert Candidate.objects.get(pk=cand.pk).status == "screened"


def test_an_offer_posted_by_hr_waits_for_the_manager(client, manager, hr, chief_editor, hr_token):
    from siteops.approvals.models import Approval
    from siteops.approvals.services import approval_approve

    req = open_request(manager, hr, "PED")
    cand = candidate_at_interview(hr, req)
    url = f"/api/v1/people/candidates/{cand.pk}/status"
    r = _post(client, url, hr_token, {"action": "offer"})
    assert r.status_code == 400  # no scorecard yet
    services.interview_score(actor=chief_editor, candidate=cand, round=1, score=5,
                             recommendation="hire")  # fmt: skip
    r = _post(client, url, hr_token, {"action": "offer"}, key="k2")
    assert r.status_code == 200 and r.json()["status"] == "offer_pending"
    approval = Approval.objects.get(object_id=cand.pk, kind="people.candidate")
    assert "王小明" not in approval.object_label
    approval_approve(actor=manager, approval=approval)
    assert Candidate.objects.get(pk=cand.pk).status == "offer"


def test_list_query_count_does_not_grow(client, manager, hr, hr_token):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert _get(client, "/api/v1/people/recruitment", hr_token).status_code == 200
        return len(ctx.captured_queries)

    req = open_request(manager, hr, "ART")
    candidate_at_interview(hr, req)
    small = count()
    for code in ("CPY", "PED", "PRC"):
        recruitment(manager, code)
    candidate_at_interview(hr, req, name="甲")
    services.candidate_add(actor=hr, request=req, name="乙", source="campus")
    assert count() == small


def test_schema_lists_every_status(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    post = paths["/api/v1/people/candidates/{pk}/status"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(post)
    assert {"200", "400", "401", "403"} <= set(paths["/api/v1/people/plan"]["get"]["responses"])
