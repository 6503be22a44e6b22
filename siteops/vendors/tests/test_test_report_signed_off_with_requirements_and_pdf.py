"""The test report lists the requirements covered (requirement → cases → result) and carries a
sign-off — by the manager's position only (or whoever acts for it), once — and it is a PDF, like
the technical document, with the Chinese text in it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import make_staff
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.vendors import pdf, services
from siteops.vendors.models import TestRun
from siteops.vendors.reports import test_report_of

needs_font = pytest.mark.skipif(pdf.cjk_font() is None, reason="no Noto Sans CJK on this machine")


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)


def test_sign_off_by_the_right_position_once(plan, case, manager, dev_lead, module_dev):
    run = services.run_create(actor=manager, plan=plan, name="第一轮")
    for user in (dev_lead, module_dev):
        with pytest.raises(NotAllowed):
            services.run_sign_off(actor=user, run=run)
    # the programming lead may close runs, but not one nobody signed off
    with pytest.raises(NotAllowed):
        services.run_close(actor=dev_lead, run=run)
    run.refresh_from_db()
    assert (run.status, run.signed_off_at) == ("open", None)
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    services.run_sign_off(actor=acting, run=run, note="同意发布")
    run.refresh_from_db()
    assert (run.signed_off_by, run.signed_off_position_code, run.signed_off_acting) == (
        acting, "MGR", True)  # fmt: skip
    first = run.signed_off_at
    with pytest.raises(IllegalTransition):
        services.run_sign_off(actor=manager, run=run)
    run.refresh_from_db()
    assert (run.signed_off_by, run.signed_off_at) == (acting, first)
    services.run_close(actor=dev_lead, run=run)  # signed off: now the lead may close it
    assert TestRun.objects.get(pk=run.pk).status == "closed"


def test_closing_as_manager_signs_off_and_the_report_lists_requirements(
    plan, case, baselined, manager, django_capture_on_commit_callbacks
):
    run = services.run_create(actor=manager, plan=plan, name="第二轮")
    services.execution_record(actor=manager, execution=run.executions.get(), status="passed")
    with django_capture_on_commit_callbacks(execute=True):
        services.run_close(actor=manager, run=run)
    run.refresh_from_db()
    assert run.signed_off_by == manager and run.signed_off_position_code == "MGR"
    report = test_report_of(run)
    assert "签字" in report.definition.name and str(manager) in report.definition.name
    rows = report.figures["breakdowns"]["requirement"]
    assert [(r["key"], r["passed"]) for r in rows] == [(str(baselined[0].pk), 1)]
    assert "R-1" in report.html and "R-1" in rows[0]["label"]


@needs_font
def test_the_test_report_pdf_is_archived_at_close(
    plan, case, baselined, manager, client, django_capture_on_commit_callbacks
):
    run = services.run_create(actor=manager, plan=plan, name="第三轮")
    services.execution_record(actor=manager, execution=run.executions.get(), status="failed")
    services.run_sign_off(actor=manager, run=run, note="遗留问题已登记")
    with django_capture_on_commit_callbacks(execute=True):
        services.run_close(actor=manager, run=run)
    run.refresh_from_db()
    assert run.report_pdf
    with run.report_pdf.open("rb") as f:
        text = _text(f.read())
    for expected in ("测试报告", "第三轮", "R-1", "需求R-1", "下单后显示物流", "失败", "R-2",
                     "部门经理", "遗留问题已登记", str(manager)):  # fmt: skip
        assert expected.replace(" ", "") in text, expected
    client.force_login(manager)
    r = client.get(reverse("admin:vendors_run", args=[run.pk]) + "?format=pdf")
    assert r["Content-Type"] == "application/pdf" and "第三轮" in _text(r.content)


@needs_font
def test_the_technical_document_as_pdf(project, baselined, manager, client):
    doc = services.document_issue(actor=manager, project=project, note="第一版")
    client.force_login(manager)
    r = client.get(reverse("admin:vendors_document", args=[doc.pk]) + "?format=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _text(r.content)
    assert "需求R-1" in text and "需求R-2" in text and "系统应当" in text and "甲供应商" in text


def test_without_a_chinese_font_a_message_not_a_500(
    project, baselined, manager, client, monkeypatch
):
    monkeypatch.setattr(pdf, "cjk_font", lambda: None)
    doc = services.document_issue(actor=manager, project=project)
    client.force_login(manager)
    url = reverse("admin:vendors_document", args=[doc.pk])
    r = client.get(url + "?format=pdf", follow=True)
    assert r.status_code == 200
    assert "fonts-noto-cjk" in r.content.decode()
