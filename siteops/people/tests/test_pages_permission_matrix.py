"""Every people page and POST × anonymous, a customer, every position, and an acting holder."""

import datetime

import pytest
from django.utils import timezone

from conftest import STAFF, make_staff
from siteops.people import services
from siteops.people.models import Candidate, Interview, RecruitmentRequest, StaffingPlan

from .factories import candidate_at_interview, open_request

pytestmark = pytest.mark.django_db

CODES = sorted({*STAFF.values(), "ART", "PUR-CAT"})
PLAN = {"MGR", "HR-ADM", "LEAD"}
REQUESTS = {"MGR", "HR-ADM", "LEAD", "CE", "PLN", "DEV"}
ART_REQUEST = {"MGR", "HR-ADM", "LEAD", "CE"}  # the ART line: CE and MGR; HR and leadership


@pytest.fixture
def world(db):
    mgr = make_staff("w_mgr", "MGR")
    hr = make_staff("w_hr", "HR-ADM")
    plan = services.plan_create(actor=mgr, year=timezone.localdate().year)
    req = open_request(mgr, hr, "ART")
    cand = candidate_at_interview(hr, req)
    return {"plan": plan, "req": req, "cand": cand}


def login_as(client, who):
    if who == "customer":
        client.force_login(make_staff("shopper", None))
    elif who != "anonymous":
        client.force_login(make_staff(f"u_{who}", who))


def pages(w):
    return {
        f"/backoffice/people/plan/{w['plan'].pk}/": PLAN,
        "/backoffice/people/recruitment/": REQUESTS,
        "/backoffice/people/recruitment/new/": {"MGR"},
        "/backoffice/people/recruitment/new/?position=ART": {"MGR"},
        f"/backoffice/people/recruitment/{w['req'].pk}/": ART_REQUEST,
    }


@pytest.mark.parametrize("who", [*CODES, "anonymous", "customer"])
def test_page_access(client, world, who):
    login_as(client, who)
    for url, allowed in pages(world).items():
        response = client.get(url)
        if who in ("anonymous", "customer"):
            assert response.status_code == 302, url
            assert "/backoffice/login/" in response["Location"], url
        elif who in allowed:
            assert response.status_code == 200, (url, who)
        else:
            assert response.status_code in (403, 404), (url, who, response.status_code)
    if who in PLAN:
        assert client.get("/backoffice/people/plan/").status_code == 302  # → this year's plan


@pytest.mark.parametrize("who", ["CE", "PLN", "PED", "PUR-COL", "LEAD"])
def test_candidates_personal_data_on_the_request_page(client, world, who):
    login_as(client, who)
    response = client.get(f"/backoffice/people/recruitment/{world['req'].pk}/")
    if response.status_code != 200:
        assert who not in ART_REQUEST
        return
    html = response.content.decode()
    assert ("王小明" in html) == (who == "CE"), who
    assert ("13800000000" in html) == (who == "CE"), who


POSTS = ["plan_new", "plan_line", "plan_submit", "move", "candidate_add", "candidate_move",
         "score"]  # fmt: skip
RIGHT = {
    "plan_new": {"MGR"},
    "plan_line": {"MGR"},
    "plan_submit": {"MGR"},
    "move": {"HR-ADM"},
    "candidate_add": {"HR-ADM"},
    "candidate_move": {"HR-ADM"},
    "score": {"CE", "MGR", "HR-ADM"},
}


def post(client, w, name):
    p, r, c = w["plan"], w["req"], w["cand"]
    return {
        "plan_new": lambda: client.post("/backoffice/people/plan/new/", {"year": 2031}),
        "plan_line": lambda: client.post(f"/backoffice/people/plan/{p.pk}/line/",
                                         {"position": "PED", "planned": 5}),
        "plan_submit": lambda: client.post(f"/backoffice/people/plan/{p.pk}/submit/"),
        "move": lambda: client.post(f"/backoffice/people/recruitment/{r.pk}/move/",
                                    {"action": "hold"}),
        "candidate_add": lambda: client.post(f"/backoffice/people/recruitment/{r.pk}/candidates/",
                                             {"name": "赵六", "source": "campus"}),
        "candidate_move": lambda: client.post(f"/backoffice/people/candidates/{c.pk}/move/",
                                              {"action": "reject"}),
        "score": lambda: client.post(f"/backoffice/people/candidates/{c.pk}/score/",
                                     {"round": 1, "score": 4, "recommendation": "hire"}),
    }[name]()  # fmt: skip


def changed(w, name) -> bool:
    p, r, c = w["plan"], w["req"], w["cand"]
    return {
        "plan_new": lambda: StaffingPlan.objects.filter(year=2031).exists(),
        "plan_line": lambda: p.lines.get(position__code="PED").planned == 5,
        "plan_submit": lambda: StaffingPlan.objects.get(pk=p.pk).status == "submitted",
        "move": lambda: RecruitmentRequest.objects.get(pk=r.pk).status == "on_hold",
        "candidate_add": lambda: Candidate.objects.filter(name="赵六").exists(),
        "candidate_move": lambda: Candidate.objects.get(pk=c.pk).status == "rejected",
        "score": lambda: Interview.objects.filter(candidate=c).exists(),
    }[name]()


@pytest.mark.parametrize("name", POSTS)
@pytest.mark.parametrize("who", ["anonymous", "customer", "MGR", "HR-ADM", "CE", "PLN", "PED",
                                 "LEAD", "PUR-COL", "SAL-PRJ"])  # fmt: skip
def test_post_access(client, world, who, name):
    login_as(client, who)
    response = post(client, world, name)
    if who in ("anonymous", "customer"):
        assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
        assert not changed(world, name)
    elif who in RIGHT[name]:
        assert response.status_code == 302, (who, name)
        assert changed(world, name), (who, name)
    else:
        assert response.status_code in (403, 404), (who, name, response.status_code)
        assert not changed(world, name), (who, name)


def test_an_acting_manager_draws_up_and_requests(client, world):
    user = make_staff("acting_mgr", "CPY")
    make_staff("acting_mgr", "MGR", kind="acting", days_ago=1,
               end=timezone.localdate() + datetime.timedelta(days=5), reason="经理出差")  # fmt: skip
    client.force_login(user)
    assert client.get("/backoffice/people/recruitment/new/?position=PED").status_code == 200
    assert client.get(f"/backoffice/people/plan/{world['plan'].pk}/").status_code == 200
    assert post(client, world, "plan_line").status_code == 302
    assert changed(world, "plan_line")


def test_bad_input_is_a_message_not_a_500(client, world):
    login_as(client, "MGR")
    r = client.post("/backoffice/people/recruitment/new/", {"position": "PED", "number": "x",
                    "salary_min": "1e999", "expected_start": "2026-13-45"})  # fmt: skip
    assert r.status_code == 200
    r = client.post(f"/backoffice/people/plan/{world['plan'].pk}/line/",
                    {"position": "NOPE", "planned": "-3"})  # fmt: skip
    assert r.status_code == 302
    r = client.post("/backoffice/people/plan/new/", {"year": "99999999999999999999"})
    assert r.status_code == 302
    login_as(client, "HR-ADM")
    r = client.post(f"/backoffice/people/recruitment/{world['req'].pk}/move/", {"action": "x" * 99})
    assert r.status_code == 302
    r = client.post(f"/backoffice/people/candidates/{world['cand'].pk}/move/",
                    {"action": "accept", "start_date": "not a date"})  # fmt: skip
    assert r.status_code == 302
