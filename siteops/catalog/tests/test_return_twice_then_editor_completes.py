"""PED-06/07/08: returns with reasons per field, resubmissions, completion by the editor."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.catalog import services
from siteops.catalog.models import Submission, SubmissionRound
from siteops.core.errors import IllegalTransition, NotAllowed

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

DATA = {
    "reference": "CG-1",
    "title": "保温杯",
    "skus": [{"code": "CG-1-R", "price": "89", "spec": "颜色=红; 容量=500ml"}],
}


def test_two_returns_then_completion_keeps_every_round(purchasing, product_editor):
    from siteops.work.models import WorkItem

    cat = CategoryFactory()
    s = services.submission_create(actor=purchasing, data=DATA)
    assert WorkItem.objects.filter(subject_id=str(s.pk), position__code="PED").count() == 1
    services.submission_return(actor=product_editor, submission=s,
                               reasons={"category": "请选择分类", "title": "标题太短"})  # fmt: skip
    services.submission_resubmit(
        actor=purchasing, submission=s, data={"title": "304不锈钢保温杯 500ml"}
    )
    services.submission_return(
        actor=product_editor, submission=s, reasons={"category": "仍未选择分类"}
    )
    services.submission_resubmit(actor=purchasing, submission=s, data={"subtitle": "新款"})
    product = services.submission_complete(actor=product_editor, submission=s,
                                           data={"category": cat.slug}, publish=True)  # fmt: skip
    s.refresh_from_db()
    assert s.status == "completed" and s.completed_by_editor and s.product == product
    kinds = list(s.rounds.values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "returned", "submitted", "completed"]
    returned = s.rounds.filter(kind="returned").first()
    assert returned.reasons == {"category": "请选择分类", "title": "标题太短"}
    done = s.rounds.get(kind=SubmissionRound.Kind.COMPLETED)
    assert done.actor == product_editor and done.position_code == "PED"
    assert product.status == "published" and product.title == "304不锈钢保温杯 500ml"
    assert product.skus.get().spec == {"颜色": "红", "容量": "500ml"}
    # every round made work; none of it is left open
    assert not WorkItem.objects.active().filter(subject_id=str(s.pk)).exists()


def test_complete_only_after_a_return_and_illegal_moves_change_nothing(purchasing, product_editor):
    CategoryFactory(slug="x")
    s = services.submission_create(actor=purchasing, data={**DATA, "category": "x"})
    with pytest.raises(IllegalTransition):
        services.submission_complete(actor=product_editor, submission=s, data={})
    with pytest.raises(IllegalTransition):
        services.submission_resubmit(actor=purchasing, submission=s, data={})
    assert Submission.objects.get(pk=s.pk).status == "submitted" and s.rounds.count() == 1
    services.submission_accept(actor=product_editor, submission=s)
    with pytest.raises(IllegalTransition):
        services.submission_return(actor=product_editor, submission=s, reasons={"title": "x"})


def test_return_needs_a_reason_and_purchasing_cannot_review(purchasing, product_editor):
    from siteops.core.errors import DomainError

    s = services.submission_create(actor=purchasing, data=DATA)
    with pytest.raises(DomainError):
        services.submission_return(actor=product_editor, submission=s, reasons={})
    with pytest.raises(NotAllowed):
        services.submission_return(actor=purchasing, submission=s, reasons={"title": "x"})


def test_editor_covers_vacant_purchasing_collection(product_editor, db):
    """PED-08: PUR-COL vacant -> the product editor submits for it, recorded as acting."""
    from siteops.org.models import PositionAssignment

    PositionAssignment.objects.filter(position__code="PUR-COL").delete()
    s = services.submission_create(actor=product_editor, data=DATA)
    first = s.rounds.get()
    assert first.position_code == "PUR-COL" and first.acting and first.actor == product_editor


def test_nobody_else_covers_purchasing(copy_editor, purchasing):
    with pytest.raises(NotAllowed):
        services.submission_create(actor=copy_editor, data=DATA)


def test_purchasing_sees_only_its_own_submissions(client, purchasing, product_editor):
    other = make_staff("purchasing2", "PUR-COL")
    mine = services.submission_create(actor=purchasing, data=DATA)
    theirs = services.submission_create(
        actor=other, data={**DATA, "reference": "CG-2", "title": "别人的"}
    )
    client.force_login(purchasing)
    listing = client.get(reverse("admin:catalog_submission_changelist")).content.decode()
    assert "CG-1" in listing and "CG-2" not in listing
    assert client.get(reverse("admin:catalog_submission_work", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:catalog_submission_work", args=[mine.pk])).status_code == 200
    with pytest.raises(NotAllowed):
        services.submission_withdraw(actor=other, submission=mine)
    client.force_login(product_editor)
    listing = client.get(reverse("admin:catalog_submission_changelist")).content.decode()
    assert "CG-1" in listing and "CG-2" in listing


def test_return_and_complete_through_the_pages(client, purchasing, product_editor):
    cat = CategoryFactory()
    s = services.submission_create(actor=purchasing, data=DATA)
    client.force_login(product_editor)
    url = reverse("admin:catalog_submission_action", args=[s.pk, "return"])
    client.post(url, {"reason_category": "请选择分类"})
    assert Submission.objects.get(pk=s.pk).status == "returned"
    client.force_login(purchasing)
    page = client.get(reverse("admin:catalog_submission_work", args=[s.pk])).content.decode()
    assert "请选择分类" in page
    form = {
        "reference": "CG-1",
        "title": "保温杯",
        "category": "",
        "brand": "",
        "skus": "CG-1-R | 颜色=红 | 89",
    }
    client.post(reverse("admin:catalog_submission_action", args=[s.pk, "resubmit"]), form)
    assert Submission.objects.get(pk=s.pk).status == "resubmitted"
    client.force_login(product_editor)
    r = client.post(reverse("admin:catalog_submission_action", args=[s.pk, "complete"]),
                    {**form, "category": cat.slug, "publish": "1"})  # fmt: skip
    s.refresh_from_db()
    assert s.status == "completed" and r.status_code == 302
    assert s.product.status == "published"
