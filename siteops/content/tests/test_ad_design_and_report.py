"""PED-05/ART-02: a shelf plan's ad image requests become design requests (once); the approved
final becomes the ad request's image. ART monthly figures: opened, on time, median rounds."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from siteops.content import design
from siteops.content.models import DesignRequest
from siteops.content.tasks import open_ad_design_requests
from siteops.merch import services as merch
from siteops.merch.tests.test_plan_becomes_work import make_plan
from siteops.reports import datasets

from .test_design import media, png  # noqa: F401 - media is an autouse fixture


@pytest.fixture
def art(db):
    from conftest import make_staff

    return make_staff("art_acting", "ART", kind="acting")


pytestmark = pytest.mark.django_db


def test_plan_ad_requests_become_design_requests_once(
    purchasing, product_editor, art, django_capture_on_commit_callbacks
):
    plan = make_plan(purchasing, ads=2)
    assert open_ad_design_requests.call() == 0  # not sent to the art editor yet
    merch.plan_submit(actor=purchasing, plan=plan)
    assert open_ad_design_requests.call() == 2
    assert open_ad_design_requests.call() == 0  # once
    req = DesignRequest.objects.order_by("pk").first()
    ad_request = req.ad_request
    assert req.copy == "年终大促 0" and req.references == "https://example.com/sale"
    assert req.deadline == timezone.localdate(plan.period_start)

    # concept, then final; the product editor judges them (PED-05)
    concept = design.proof_submit(actor=art, req=req, kind="concept", image=png())
    design.round_decide(actor=product_editor, rnd=concept, approve=True)
    final = design.proof_submit(actor=art, req=req, kind="final", image=png("final.png"))
    with pytest.raises(Exception):  # noqa: B017 - the merch queue stays the only other way in
        design.round_decide(actor=purchasing, rnd=final, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        design.round_decide(actor=product_editor, rnd=final, approve=True)
    req.refresh_from_db()
    ad_request.refresh_from_db()
    assert req.status == "done" and req.final_asset == final
    assert ad_request.status == "ready" and ad_request.image and ad_request.image_by == art


def test_monthly_figures_per_art_editor(copy_editor, art):
    ds = datasets.get("design_requests")
    nov = datetime.datetime(2026, 11, 10, 10, tzinfo=datetime.UTC)
    with time_machine.travel(nov, tick=False):
        fast = design.request_open(
            actor=copy_editor, title="横幅", deadline=datetime.date(2026, 11, 12)
        )
        slow = design.request_open(
            actor=copy_editor, title="专题页", deadline=datetime.date(2026, 11, 11)
        )
        design.request_open(actor=copy_editor, title="未开始")
        r = design.proof_submit(actor=art, req=fast, kind="concept", image=png())
        design.round_decide(actor=copy_editor, rnd=r, approve=True)
        r = design.proof_submit(actor=art, req=fast, kind="final", image=png())
        design.round_decide(actor=copy_editor, rnd=r, approve=True)
    with time_machine.travel(nov + datetime.timedelta(days=5), tick=False):  # late
        for kind, ok in (("concept", False), ("concept", True), ("final", False), ("final", True)):
            r = design.proof_submit(actor=art, req=slow, kind=kind, image=png())
            design.round_decide(actor=copy_editor, rnd=r, approve=ok, feedback="" if ok else "改")
    result = ds.compute(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30),
                        ["art_editor_month", "month"], {})  # fmt: skip
    assert result.totals.values == {"opened": 3, "done": 2, "on_time": 1, "median_rounds": 3}
    rows = {row.label: row.values for row in result.breakdowns["art_editor_month"]}
    assert rows[f"{art.username} · 2026-11"] == {"opened": 2, "done": 2, "on_time": 1,
                                                 "median_rounds": 3}  # fmt: skip
    assert result.breakdowns["month"][0].values["opened"] == 3
    empty = ds.compute(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31), ["month"], {})
    assert empty.totals.values["opened"] == 0
