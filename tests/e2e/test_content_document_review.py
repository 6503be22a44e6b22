"""The issue's browser test: the copy editor writes 如何退货 and submits it; the chief editor
rejects it with a comment; the copy editor fixes and resubmits; it is approved, scheduled, goes
live by the schedule and appears in the shop's footer; then it is rolled back to revision #1."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.content import services
from siteops.content.models import Page

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def with_password(user, pw):
    user.set_password(pw)
    user.save()
    return user


def test_document_reject_fix_approve_schedule_footer_rollback(page, live_server, shot):
    with_password(make_staff("writer", "CPY"), "pw-writer-12345")
    with_password(make_staff("chief", "CE"), "pw-chief-12345")
    url = live_server.url

    # The copy editor writes the document.
    login(page, live_server, "writer", "pw-writer-12345")
    page.goto(f"{url}/backoffice/content/pages/new/")
    page.select_option("select[name=kind]", "process")
    page.fill("input[name=slug]", "how-to-return")
    page.fill("input[name=title]", "如何退货")
    page.fill("textarea[name=body]", "<p>签收后七天内可退货。</p>")
    page.select_option("select[name=footer_group]", "service")
    page.click("#save-page")
    page.wait_for_load_state("networkidle")
    doc = Page.objects.get(slug="how-to-return")
    page.click("#submit-page")
    page.wait_for_load_state("networkidle")
    assert "审核中" in page.locator("#page-status").inner_text()
    page.context.clear_cookies()

    # The chief editor rejects it with a comment.
    login(page, live_server, "chief", "pw-chief-12345")
    page.goto(f"{url}/backoffice/approvals/{services.pending_approval(doc).pk}/")
    page.fill("#approval-decide form:nth-of-type(2) textarea[name=comment]", "请写明退款多久到账")
    page.click("#approval-decide button:has-text('驳回')")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    # The copy editor sees why, fixes it and resubmits it to go live shortly.
    login(page, live_server, "writer", "pw-writer-12345")
    page.goto(f"{url}/backoffice/content/pages/{doc.pk}/")
    assert "请写明退款多久到账" in page.locator("#page-events").inner_text()
    page.click("#edit-page")
    page.fill("textarea[name=body]", "<p>签收后七天内可退货，退款三个工作日内到账。</p>")
    page.click("#save-page")
    page.wait_for_load_state("networkidle")
    go_live = timezone.localtime() + datetime.timedelta(minutes=2)
    page.fill("#submit-form input[name=publish_at]", go_live.strftime("%Y-%m-%d %H:%M:%S"))
    page.click("#submit-page")
    page.wait_for_load_state("networkidle")
    shot(page, "content-resubmitted")
    page.context.clear_cookies()

    # The chief editor approves; the page is scheduled, not yet on the shop.
    login(page, live_server, "chief", "pw-chief-12345")
    page.goto(f"{url}/backoffice/approvals/{services.pending_approval(doc).pk}/")
    page.click("#approval-decide button:has-text('批准')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{url}/backoffice/content/pages/{doc.pk}/")
    assert Page.objects.get(pk=doc.pk).status == "scheduled"
    assert "上线" in page.locator("#page-schedule").inner_text()
    assert page.goto(f"{url}/help/how-to-return/").status == 404

    # The schedule runs after the go-live time: the document is live and in the footer.
    assert services.scheduled_publish_run(go_live + datetime.timedelta(seconds=30)) == 1
    page.goto(f"{url}/")
    footer = page.locator("#footer-help")
    assert "如何退货" in footer.inner_text()
    footer.locator("text=如何退货").click()
    page.wait_for_load_state("networkidle")
    assert "三个工作日内到账" in page.content()
    shot(page, "content-live-in-footer")

    # Rolled back: the chief editor puts revision #1 live again from the history.
    page.goto(f"{url}/backoffice/revisions/content/page/{doc.pk}/")
    page.locator("tr[data-number='1'] button:has-text('发布')").click()
    page.wait_for_load_state("networkidle")
    shot(page, "content-rolled-back")
    page.goto(f"{url}/help/how-to-return/")
    body = page.content()
    assert "签收后七天内可退货" in body and "三个工作日内到账" not in body
