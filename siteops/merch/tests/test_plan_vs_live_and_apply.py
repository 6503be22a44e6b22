"""The product editor's "plan vs live" and "apply plan" (PED-04/05)."""

import pytest

from siteops.core.errors import IllegalTransition
from siteops.merch import services
from siteops.merch.choices import AdRequestStatus, PlanStatus
from siteops.merch.models import Ad, ShelfSlot
from siteops.merch.selectors import plan_vs_live

from .factories import ad, ad_position, hours, image_upload, product, shelf, slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(purchasing):
    hot, new = shelf(code="hot"), shelf(code="new")
    a, b, c, draft = product(), product(), product(), product(status="draft")
    banner = ad_position(code="banner")
    plan = services.plan_create(actor=purchasing, title="周计划", period_start=hours(24),
                                period_end=hours(24 * 7))  # fmt: skip
    for i, p in enumerate([a, b, draft]):
        services.plan_item_add(actor=purchasing, plan=plan, shelf=hot, product=p, order=i)
    services.plan_item_add(actor=purchasing, plan=plan, shelf=new, product=c, order=0)
    req = services.ad_request_add(actor=purchasing, plan=plan, position=banner, brief="双十二",
                                  link="/sale/")  # fmt: skip
    services.plan_submit(actor=purchasing, plan=plan)
    # Already live: a (covers the whole period), b (only part of it), and an extra product.
    slot(hot, a)
    slot(hot, b, end=hours(48))
    extra = slot(new, product())
    other_ad = ad(banner)
    slot(shelf(code="elsewhere"), product())  # a shelf the plan does not cover
    ad(ad_position(code="other"))
    return locals()


def test_diff_lists_missing_and_extra(world):
    diff = plan_vs_live(world["plan"])
    missing = {line.item.product_id: line for line in diff.missing_slots}
    assert set(missing) == {world["b"].pk, world["c"].pk, world["draft"].pk}
    assert missing[world["draft"].pk].can_apply is False
    assert "part" in missing[world["b"].pk].reason or missing[world["b"].pk].reason
    assert diff.matched_slots == 1
    assert [s.pk for s in diff.extra_slots] == [world["extra"].pk]
    assert [line.item.pk for line in diff.missing_ads] == [world["req"].pk]
    assert diff.missing_ads[0].can_apply is False  # no image yet
    assert [a.pk for a in diff.extra_ads] == [world["other_ad"].pk]


def test_apply_creates_missing_slots_once(world, product_editor, django_assert_max_num_queries):
    plan = world["plan"]
    result = services.plan_apply(actor=product_editor, plan=plan)
    assert {s.product_id for s in result.slots_created} == {world["b"].pk, world["c"].pk}
    assert [i.product_id for i, _ in result.skipped if hasattr(i, "product_id")] == [
        world["draft"].pk
    ]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS
    count = ShelfSlot.objects.count()
    again = services.plan_apply(actor=product_editor, plan=plan)
    assert again.slots_created == [] and ShelfSlot.objects.count() == count
    diff = plan_vs_live(plan)
    assert [line.item.product_id for line in diff.missing_slots] == [world["draft"].pk]
    created = ShelfSlot.objects.get(plan_item__product=world["c"])
    assert created.start == plan.period_start and created.end == plan.period_end
    assert created.history.first().history_position == "PED"


def test_apply_schedules_ready_ads(world, product_editor):
    req = world["req"]
    services.ad_request_upload_image(actor=product_editor, ad_request=req, image=image_upload())
    services.ad_request_mark_ready(actor=product_editor, ad_request=req)
    services.plan_apply(actor=product_editor, plan=world["plan"])
    made = Ad.objects.get(request=req)
    assert made.position.code == "banner" and made.link == "/sale/" and made.image
    req.refresh_from_db()
    assert req.status == AdRequestStatus.SCHEDULED
    services.plan_apply(actor=product_editor, plan=world["plan"])
    assert Ad.objects.filter(request=req).count() == 1
    assert plan_vs_live(world["plan"]).missing_ads == []


def test_apply_refused_for_a_draft_or_done_plan(purchasing, product_editor, world):
    plan = world["plan"]
    services.plan_apply(actor=product_editor, plan=plan)
    services.plan_complete(actor=product_editor, plan=plan)
    before = ShelfSlot.objects.count()
    with pytest.raises(IllegalTransition):
        services.plan_apply(actor=product_editor, plan=plan)
    assert ShelfSlot.objects.count() == before


def test_slot_for_unpublished_product_refused(product_editor):
    with pytest.raises(Exception, match="published|已发布"):
        services.slot_add(actor=product_editor, shelf=shelf(), product=product(status="draft"))
    assert not ShelfSlot.objects.exists()


def test_window_must_end_after_start(product_editor):
    with pytest.raises(Exception, match="end must be after|结束"):
        services.slot_add(actor=product_editor, shelf=shelf(), product=product(),
                          start=hours(5), end=hours(1))  # fmt: skip
    with pytest.raises(Exception, match="needs an image|图片"):
        services.ad_schedule(actor=product_editor, position=ad_position(), title="t", image=None,
                             link="/x/")  # fmt: skip
    assert not Ad.objects.exists() and not ShelfSlot.objects.exists()


def test_plan_page_shows_the_diff(client, world, product_editor):
    client.force_login(product_editor)
    html = client.get(f"/backoffice/merch/plans/{world['plan'].pk}/").content.decode()
    assert f'data-extra-slot="{world["extra"].pk}"' in html
    assert f'data-missing-ad="{world["req"].pk}"' in html
    r = client.post(f"/backoffice/merch/plans/{world['plan'].pk}/apply/")
    assert r.status_code == 302
    assert ShelfSlot.objects.filter(plan_item__plan=world["plan"]).count() == 2
