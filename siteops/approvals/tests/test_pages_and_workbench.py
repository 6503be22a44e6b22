"""Approval pages and the workbench's "awaiting my review": anonymous, wrong person, right person,
acting holder; GET and each POST (approve, reject, withdraw) with CSRF."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.approvals.choices import ApprovalAction, ApprovalStatus
from siteops.approvals.services import approval_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(policy, product_editor):
    return approval_submit(actor=product_editor, obj=policy, message="please check wording")


def u(name, approval=None):
    return reverse(f"admin:approvals_{name}", args=[approval.pk] if approval else [])


def msgs(resp):
    return [str(m) for m in get_messages(resp.wsgi_request)]


def test_anonymous_is_sent_to_login(client, pending):
    for url in (u("approval_list"), u("approval", pending)):
        resp = client.get(url)
        assert resp.status_code == 302 and "/login/" in resp.url
    for name in ("approve", "reject", "cancel"):
        resp = client.post(u(name, pending), {"comment": "x"})
        assert resp.status_code == 302 and "/login/" in resp.url
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.PENDING


def test_workbench_shows_the_approval_to_its_approver_only(client, pending, chief_editor, manager):
    client.force_login(chief_editor)
    page = client.get(reverse("admin:work_workbench")).content.decode()
    assert 'id="section-review-approvals"' in page and f'data-approval="{pending.pk}"' in page
    assert u("approve", pending) in page and u("reject", pending) in page
    for other in (manager, pending.actor):  # the manager is not the approver; nor is the author
        client.force_login(other)
        page = client.get(reverse("admin:work_workbench")).content.decode()
        assert f'data-approval="{pending.pk}"' not in page


def test_one_click_approve_from_the_workbench(client, pending, chief_editor):
    client.force_login(chief_editor)
    wb = reverse("admin:work_workbench")
    resp = client.post(u("approve", pending), {"next": wb})
    assert resp.status_code == 302 and resp.url == wb
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.APPROVED
    assert f'data-approval="{pending.pk}"' not in client.get(wb).content.decode()


def test_reject_needs_a_comment(client, pending, chief_editor):
    client.force_login(chief_editor)
    resp = client.post(u("reject", pending), {"comment": ""})
    assert resp.status_code == 302 and msgs(resp)
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.PENDING
    client.post(u("reject", pending), {"comment": "Wrong refund period"})
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.REJECTED
    assert pending.events.get(action=ApprovalAction.REJECTED).comment == "Wrong refund period"


def test_author_cannot_decide_own_submission(client, pending, product_editor):
    client.force_login(product_editor)
    page = client.get(u("approval", pending)).content.decode()
    assert 'id="approval-decide"' not in page
    resp = client.post(u("approve", pending))
    assert resp.status_code == 302 and msgs(resp)
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.PENDING


def test_wrong_person_cannot_see_or_decide(
    client, pending, chief_editor, warehouse, copy_editor, manager
):
    for user in (warehouse, copy_editor):
        client.force_login(user)
        assert client.get(u("approval_list")).status_code == 200  # their own (empty) lists
        assert client.get(u("approval_list") + "?tab=all").status_code == 403
        assert client.get(u("approval", pending)).status_code == 404
        for name in ("approve", "reject", "cancel"):
            assert client.post(u(name, pending), {"comment": "no"}).status_code == 404
    # the manager sees every approval but is not this one's approver
    client.force_login(manager)
    assert client.get(u("approval_list") + "?tab=all").status_code == 200
    assert client.get(u("approval", pending)).status_code == 200
    resp = client.post(u("approve", pending))
    assert msgs(resp)
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.PENDING


def test_acting_holder_approves_and_is_recorded_as_acting(client, policy, product_editor):
    acting = make_staff("ce_cover", "CE", kind="acting", end=timezone.localdate())
    approval = approval_submit(actor=product_editor, obj=policy)
    client.force_login(acting)
    page = client.get(u("approval_list")).content.decode()
    assert f'data-approval="{approval.pk}"' in page
    assert 'id="approval-decide"' in client.get(u("approval", approval)).content.decode()
    client.post(u("approve", approval))
    event = approval.events.get(action=ApprovalAction.APPROVED)
    assert (event.actor, event.position_code, event.acting) == (acting, "CE", True)


def test_submitter_withdraws(client, pending, product_editor):
    client.force_login(product_editor)
    assert client.get(u("cancel", pending)).status_code == 405
    client.post(u("cancel", pending), {"comment": "wrong file"})
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.CANCELLED


def test_decisions_need_the_csrf_token(pending, chief_editor):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(chief_editor)
    assert csrf_client.post(u("approve", pending)).status_code == 403
    pending.refresh_from_db()
    assert pending.status == ApprovalStatus.PENDING


def test_two_step_page_shows_who_decides(client, policy, product_editor, chief_editor, manager):
    policy.budget = Decimal("99999")
    policy.save()
    approval = approval_submit(actor=product_editor, obj=policy)
    client.force_login(chief_editor)
    client.post(u("approve", approval))
    client.force_login(manager)
    page = client.get(reverse("admin:work_workbench")).content.decode()
    assert f'data-approval="{approval.pk}"' in page
    detail = client.get(u("approval", approval)).content.decode()
    assert 'id="approval-steps"' in detail and 'id="approval-decide"' in detail


def test_rules_admin_permissions(client, manager, chief_editor, warehouse):
    url = reverse("admin:approvals_approvalrule_changelist")
    add = reverse("admin:approvals_approvalrule_add")
    client.force_login(manager)
    assert client.get(url).status_code == 200 and client.get(add).status_code == 200
    client.force_login(chief_editor)
    assert client.get(url).status_code == 200 and client.get(add).status_code == 403
    client.force_login(warehouse)
    assert client.get(url).status_code == 403


def test_approver_sees_what_the_submitted_revision_changes(
    client, policy, product_editor, chief_editor
):
    from siteops.core.revisions import revision_publish, revision_save

    revision_save(actor=chief_editor, obj=policy)
    revision_publish(actor=chief_editor, obj=policy)
    rev = revision_save(actor=product_editor, obj=policy, data={"body": "Refunds in 14 days.\n"})
    approval = approval_submit(actor=product_editor, obj=policy, revision=rev)
    client.force_login(chief_editor)
    resp = client.get(u("approval", approval))
    page = resp.content.decode()
    assert 'id="approval-changes"' in page and "Refunds" in page
    body = next(f for f in resp.context["fields"] if f.name == "body")
    assert body.changed and ("delete", "Line") in body.chunks
