"""Choosing a provider: weighted criteria, scores per candidate, a ranking that equals an
independent calculation, and the decision with its reason approved by leadership through
siteops.approvals (the manager never approves their own); illegal steps change nothing; the
selection page's permissions."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_staff
from siteops.approvals.models import Approval
from siteops.approvals.services import approval_approve, approval_reject
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.infra import selection
from siteops.infra.models import Provider, ProviderSelection, SelectionScore

pytestmark = pytest.mark.django_db


def _make(manager, n_candidates=3, criteria=(("网络质量", 50), ("价格", 30), ("服务", 20))):
    return selection.selection_create(
        actor=manager, title="IDC 选型", kind="hosting", need="托管两台服务器",
        criteria=list(criteria),
        candidates=[{"name": f"候选{n}", "quote": Decimal(10000 + 500 * n)} for n in range(n_candidates)],
    )  # fmt: skip


def _grid(sel):
    return list(sel.candidates.order_by("pk")), list(sel.criteria.order_by("pk"))


def test_ranking_equals_an_independent_weighted_mean(manager):
    rng = random.Random(18)
    sel = _make(
        manager, n_candidates=6, criteria=[(f"c{n}", rng.randint(1, 100)) for n in range(5)]
    )
    cands, crits = _grid(sel)
    given = {(c.pk, k.pk): Decimal(rng.randint(0, 100)) / 10 for c in cands for k in crits}
    selection.selection_score(
        actor=manager, selection=sel, scores={k: str(v) for k, v in given.items()}
    )
    expected = {}
    for c in cands:
        total = sum(k.weight * given[(c.pk, k.pk)] for k in crits) / sum(k.weight for k in crits)
        expected[c.pk] = Decimal(total).quantize(Decimal("0.01"), ROUND_HALF_UP)
    rows = selection.ranking(sel)
    assert {r["candidate"]: r["result"] for r in rows} == expected
    order = sorted(cands, key=lambda c: (-expected[c.pk], c.quote, c.name))
    assert [r["candidate"] for r in rows] == [c.pk for c in order]
    assert [r["rank"] for r in rows] == list(range(1, 7))


def test_a_tie_goes_to_the_lower_quote_and_incomplete_ranks_last(manager):
    sel = _make(manager)
    cands, crits = _grid(sel)
    scores = {(c.pk, k.pk): "8" for c in cands[1:] for k in crits}
    selection.selection_score(actor=manager, selection=sel, scores=scores)
    rows = selection.ranking(sel)
    assert [r["name"] for r in rows] == ["候选1", "候选2", "候选0"]  # 候选1 quotes less than 候选2
    assert rows[2]["rank"] is None and rows[2]["complete"] is False


def test_decision_is_approved_by_leadership_not_by_the_manager(manager, leader):
    sel = _make(manager)
    cands, crits = _grid(sel)
    with pytest.raises(ValidationError):  # not every candidate scored yet
        selection.selection_decide(actor=manager, selection=sel, candidate=cands[0], reason="r")
    selection.selection_score(actor=manager, selection=sel, scores={
        (c.pk, k.pk): str(5 + n) for n, c in enumerate(cands) for k in crits})  # fmt: skip
    with pytest.raises(ValidationError):  # a decision needs its reason
        selection.selection_decide(actor=manager, selection=sel, candidate=cands[1], reason="  ")
    approval = selection.selection_decide(
        actor=manager, selection=sel, candidate=cands[1], reason="价格更优，网络质量可接受"
    )
    sel.refresh_from_db()
    assert sel.status == "in_approval" and sel.chosen == cands[1]
    assert [r["name"] for r in sel.ranking][0] == "候选2"  # the ranking the approvers saw
    with pytest.raises(IllegalTransition):  # scores are fixed now
        selection.selection_score(
            actor=manager, selection=sel, scores={(cands[0].pk, crits[0].pk): "1"}
        )
    with pytest.raises(IllegalTransition):  # one decision at a time
        selection.selection_decide(actor=manager, selection=sel, candidate=cands[2], reason="x")
    with pytest.raises((DomainError, NotAllowed)):
        approval_approve(actor=manager, approval=approval)
    approval_approve(actor=leader, approval=approval)
    sel.refresh_from_db()
    assert sel.status == "approved" and sel.decided_at is not None
    provider = Provider.objects.get(name="候选1")
    assert provider.kind == "idc" and sel.chosen.provider_id == provider.pk


def test_a_rejected_decision_goes_back_to_draft(manager, leader):
    sel = _make(manager, n_candidates=2, criteria=[("价格", 1)])
    cands, crits = _grid(sel)
    selection.selection_score(actor=manager, selection=sel,
                              scores={(c.pk, crits[0].pk): "7" for c in cands})  # fmt: skip
    approval = selection.selection_decide(
        actor=manager, selection=sel, candidate=cands[0], reason="便宜"
    )
    approval_reject(actor=leader, approval=approval, comment="请补充服务评分")
    sel.refresh_from_db()
    assert sel.status == "rejected" and Approval.objects.get(pk=approval.pk).status == "rejected"
    selection.selection_reopen(actor=manager, selection=sel)
    sel.refresh_from_db()
    assert sel.status == "draft"
    with pytest.raises(IllegalTransition):
        selection.selection_reopen(actor=manager, selection=sel)


@pytest.mark.parametrize("bad", ["11", "-1", "abc", "1e999", "NaN", "5\x00", "9" * 40])
def test_bad_scores_are_refused_and_change_nothing(manager, bad):
    sel = _make(manager, n_candidates=1, criteria=[("价格", 1)])
    cands, crits = _grid(sel)
    with pytest.raises(ValidationError):
        selection.selection_score(
            actor=manager, selection=sel, scores={(cands[0].pk, crits[0].pk): bad}
        )
    assert not SelectionScore.objects.exists()


def test_only_the_manager_scores_and_decides(manager, maintainer, leader):
    sel = _make(manager, n_candidates=1, criteria=[("价格", 1)])
    cands, crits = _grid(sel)
    for who in (maintainer, leader):
        with pytest.raises(NotAllowed):
            selection.selection_score(
                actor=who, selection=sel, scores={(cands[0].pk, crits[0].pk): "5"}
            )
    with pytest.raises(ValidationError):  # a candidate of another selection
        other = _make(manager)
        selection.selection_score(actor=manager, selection=sel,
                                  scores={(other.candidates.first().pk, crits[0].pk): "5"})  # fmt: skip


# --- the page ----------------------------------------------------------------------------------


def _url(sel, action=""):
    return f"/backoffice/infra/selections/{sel.pk}/" + (f"{action}/" if action else "")


def test_page_permissions(client, manager, leader, maintainer, hr, customer):
    sel = _make(manager, n_candidates=2, criteria=[("价格", 1)])
    cands, crits = _grid(sel)
    key = f"score_{cands[0].pk}_{crits[0].pk}"
    assert client.get(_url(sel)).status_code == 302  # anonymous → login
    assert client.post(_url(sel, "scores"), {key: "6"}).status_code == 302
    for who in (maintainer, hr, customer):  # no view permission
        client.force_login(who)
        assert client.get(_url(sel)).status_code in (302, 403)
        assert client.post(_url(sel, "scores"), {key: "6"}).status_code in (302, 403)
    assert not SelectionScore.objects.exists()
    client.force_login(leader)  # reads, may not score
    assert client.get(_url(sel)).status_code == 200
    client.post(_url(sel, "scores"), {key: "6"})
    assert not SelectionScore.objects.exists()
    client.force_login(make_staff("acting_mgr", "MGR", kind="acting"))
    assert client.get(_url(sel)).status_code == 200
    client.post(_url(sel, "scores"), {key: "6", f"score_{cands[1].pk}_{crits[0].pk}": "8"})
    assert SelectionScore.objects.count() == 2
    client.force_login(manager)
    r = client.post(_url(sel, "scores"), {key: "99"})  # refused with a message, not a 500
    assert r.status_code == 302 and SelectionScore.objects.get(candidate=cands[0]).score == 6
    client.post(_url(sel, "decide"), {"candidate": cands[1].pk, "reason": "得分最高"})
    sel.refresh_from_db()
    assert sel.status == "in_approval" and sel.chosen == cands[1]
    page = client.get(_url(sel)).content.decode()
    assert "得分最高" in page and 'id="ranking"' in page
    assert client.post(_url(sel, "nonsense")).status_code == 404
    assert client.get("/backoffice/infra/providerselection/").status_code == 200


def test_list_query_count_is_constant(client, manager):
    def count():
        client.force_login(manager)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/backoffice/infra/providerselection/").status_code == 200
        return len(ctx)

    _make(manager)
    small = count()
    for n in range(5):
        ProviderSelection.objects.create(title=f"选型{n}", kind="isp")
    assert count() == small
