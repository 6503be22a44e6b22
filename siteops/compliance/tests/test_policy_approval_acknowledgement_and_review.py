"""A department policy: drafted by the manager, approved by leadership, effective, acknowledged
by the positions it applies to (rate per position), and flipped to "needs review" when its
review is overdue; a new version needs a new acknowledgement."""

import datetime

import pytest

from siteops.approvals.services import approval_approve
from siteops.compliance import documents, selectors
from siteops.compliance.models import Document
from siteops.core.errors import NotAllowed
from siteops.org.models import Position


def _policy(manager):
    return documents.document_create(
        actor=manager, kind="policy", title="内容编辑制度", body="第一条 商品信息须经审核后发布。",
        owner=Position.objects.get(code="MGR"),
        applies_to=Position.objects.filter(code__in=["PED", "CE"]), review_months=12,
    )  # fmt: skip


def test_policy_life(manager, leader, product_editor, chief_editor, dev_lead):
    doc = _policy(manager)
    assert doc.status == "draft" and doc.version == 0
    approval = documents.document_submit(actor=manager, document=doc)
    assert Document.objects.get(pk=doc.pk).status == "in_review"
    # The manager (submitter) cannot approve; leadership does.
    with pytest.raises(NotAllowed):
        approval_approve(actor=manager, approval=approval)
    approval_approve(actor=leader, approval=approval)
    doc.refresh_from_db()
    assert (doc.status, doc.version) == ("effective", 1)
    assert doc.next_review_on == doc.effective_date.replace(year=doc.effective_date.year + 1)

    # The positions it applies to acknowledge; others may not.
    assert list(selectors.documents_to_acknowledge(product_editor)) == [doc]
    documents.document_acknowledge(actor=product_editor, document=doc)
    with pytest.raises(NotAllowed):
        documents.document_acknowledge(actor=dev_lead, document=doc)
    rates = {r["position"].code: r["rate"] for r in selectors.acknowledgement_rates(doc)}
    assert rates == {"CE": 0, "PED": 100}

    # A second version, approved: everyone acknowledges again.
    documents.document_edit(
        actor=manager, document=doc, title=doc.title, body=doc.body + "\n第二条 新增。"
    )
    approval = documents.document_submit(actor=manager, document=doc)
    assert (
        Document.objects.get(pk=doc.pk).body == "第一条 商品信息须经审核后发布。"
    )  # v1 still in force
    approval_approve(actor=leader, approval=approval)
    doc.refresh_from_db()
    assert doc.version == 2 and "第二条" in doc.body
    assert list(selectors.documents_to_acknowledge(product_editor)) == [doc]
    assert {r["position"].code: r["rate"] for r in selectors.acknowledgement_rates(doc)}["PED"] == 0


def test_overdue_review_flips_to_needs_review(manager, leader):
    doc = _policy(manager)
    approval_approve(actor=leader, approval=documents.document_submit(actor=manager, document=doc))
    doc.refresh_from_db()
    assert documents.documents_daily(today=doc.next_review_on) == {
        "effective": 0,
        "needs_review": 0,
    }
    later = doc.next_review_on + datetime.timedelta(days=1)
    assert documents.documents_daily(today=later) == {"effective": 0, "needs_review": 1}
    assert Document.objects.get(pk=doc.pk).status == "needs_review"
    assert documents.documents_daily(today=later)["needs_review"] == 0


def test_an_approval_for_a_later_date_takes_effect_on_it(manager, leader):
    import time_machine

    doc = _policy(manager)
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        a = documents.document_submit(
            actor=manager, document=doc, effective_date=datetime.date(2027, 4, 1)
        )
        approval_approve(actor=leader, approval=a)
    assert Document.objects.get(pk=doc.pk).status == "approved"
    documents.documents_daily(today=datetime.date(2027, 4, 1))
    doc.refresh_from_db()
    assert (doc.status, doc.version, doc.next_review_on) == (
        "effective",
        1,
        datetime.date(2028, 4, 1),
    )
