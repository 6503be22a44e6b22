"""CI results posted as JUnit XML become one run with one execution per test case; a malformed
file or bad rows are refused with each row's errors and nothing is half-imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from siteops.vendors.models import TestCase, TestExecution, TestRun, VendorAccount


def junit_xml(n: int, *, extra: str = "") -> bytes:
    cases = []
    for i in range(n):
        outcome = ""
        if i % 10 == 1:
            outcome = '<failure message="期望 200">AssertionError</failure>'
        elif i % 10 == 2:
            outcome = '<error message="boom"/>'
        elif i % 10 == 3:
            outcome = "<skipped/>"
        cases.append(
            f'<testcase classname="shop.Cart" name="test_{i}" time="0.01">{outcome}</testcase>'
        )
    return (f'<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="shop">'
            f"{''.join(cases)}{extra}</testsuite></testsuites>").encode()  # fmt: skip


@pytest.fixture
def ci(vendor_a, api_client_for):
    client, token = api_client_for("VEN-PM")
    VendorAccount.objects.create(vendor=vendor_a["vendor"], api_client=client)
    return token


def upload(token, plan_id, data: bytes, key="k1", name="CI #1", build="1.0.7"):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return Client().post(
        f"/api/v1/vendors/plans/{plan_id}/junit",
        {"file": SimpleUploadedFile("results.xml", data, "application/xml"), "name": name,
         "build": build},
        headers=headers,
    )  # fmt: skip


def test_a_thousand_cases_import_as_a_thousand_executions(ci, vendor_a):
    plan = vendor_a["plan"]
    r = upload(ci, plan.pk, junit_xml(1000))
    assert r.status_code == 201, r.content[:500]
    body = r.json()
    assert (body["executions"], body["cases_created"]) == (1000, 1000)
    assert body["by_status"] == {"passed": 700, "failed": 100, "error": 100, "waived": 100}
    run = TestRun.objects.get(pk=body["run_id"])
    assert run.executions.count() == 1000 and run.build == "1.0.7"
    e = run.executions.select_related("case", "case_revision").get(
        case__automation_key="shop.Cart.test_1"
    )
    assert (e.status, e.case_revision.data["title"]) == ("failed", "test_1")
    assert "期望 200" in e.comment
    # the replay does nothing new
    assert upload(ci, plan.pk, junit_xml(1000)).json() == body
    assert TestRun.objects.filter(plan=plan).count() == 2  # the fixture's run and this one


def test_a_second_upload_reuses_the_cases(ci, vendor_a):
    plan = vendor_a["plan"]
    upload(ci, plan.pk, junit_xml(5))
    r = upload(ci, plan.pk, junit_xml(6), key="k2", name="CI #2")
    assert (r.json()["executions"], r.json()["cases_created"]) == (6, 1)
    assert TestCase.objects.filter(plan=plan).exclude(automation_key="").count() == 6


@pytest.mark.parametrize(
    "data",
    [
        b"<testsuites><testsuite><testcase name='a'></testsuite>",  # not well-formed
        b"<html><body>hello</body></html>",  # not JUnit
        b"",  # empty
        b'<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuites><testcase name="&a;"/></testsuites>',
        b"<testsuites></testsuites>",  # no cases
        "<testsuites><testcase name='\u0000'/></testsuites>".encode(),
    ],
)
def test_a_malformed_file_imports_nothing(ci, vendor_a, data):
    before = (TestRun.objects.count(), TestCase.objects.count(), TestExecution.objects.count())
    r = upload(ci, vendor_a["plan"].pk, data)
    assert r.status_code == 400
    assert r.json()["code"] == "invalid"
    assert (
        TestRun.objects.count(),
        TestCase.objects.count(),
        TestExecution.objects.count(),
    ) == before


def test_bad_rows_are_listed_and_nothing_is_half_imported(ci, vendor_a):
    bad = ('<testcase classname="shop.Cart" name="test_3"/>'  # duplicate of row 4
           '<testcase classname="shop.Cart" name=""/>'
           '<testcase classname="shop.Cart" name="slow" time="1e300000"/>'
           f'<testcase classname="shop.Cart" name="{"x" * 300}"/>')  # fmt: skip
    before = (TestRun.objects.count(), TestCase.objects.count(), TestExecution.objects.count())
    r = upload(ci, vendor_a["plan"].pk, junit_xml(10, extra=bad))
    assert r.status_code == 400
    rows = {row["row"]: row["errors"] for row in r.json()["rows"]}
    assert sorted(rows) == [11, 12, 13, 14]
    assert "twice" in " ".join(rows[11]) or "两次" in " ".join(rows[11])
    assert (
        TestRun.objects.count(),
        TestCase.objects.count(),
        TestExecution.objects.count(),
    ) == before


def test_who_may_upload(ci, vendor_a, vendor_b, api_client_for):
    data = junit_xml(3)
    assert upload(ci, vendor_b["plan"].pk, data).status_code == 404  # B's plan
    assert upload(ci, 99999999999999999999, data).status_code in (400, 404)
    assert upload("no-such-token", vendor_a["plan"].pk, data).status_code == 401
    _, purchasing = api_client_for("PUR-COL")
    assert upload(purchasing, vendor_a["plan"].pk, data).status_code == 403
    assert upload(ci, vendor_a["plan"].pk, data, key=None).status_code == 400
    # our own CI (a system acting as the programming lead) imports into any plan
    _, ours = api_client_for("DEV")
    assert upload(ours, vendor_b["plan"].pk, data, key="ours").status_code == 201
    assert TestRun.objects.filter(plan=vendor_a["plan"]).count() == 1
