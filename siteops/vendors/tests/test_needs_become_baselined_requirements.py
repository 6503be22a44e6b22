import pytest
from django.core.exceptions import ValidationError

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.revisions import diff
from siteops.org.models import Department
from siteops.vendors import services
from siteops.vendors.choices import NeedStatus, RequirementStatus


@pytest.fixture
def need(service):
    return services.need_submit(
        actor=service, department=Department.objects.get(code="CS"), title="物流轨迹",
        problem="客户来电问包裹", urgency="high",
    )  # fmt: skip


def test_the_manager_accepts_merges_or_rejects_with_a_reason(need, service, manager):
    other = services.need_submit(
        actor=service, department=need.department, title="快递到哪了", problem="同上"
    )
    third = services.need_submit(
        actor=service, department=need.department, title="换肤", problem="想要新颜色"
    )
    with pytest.raises(NotAllowed):
        services.need_accept(actor=service, need=need)  # the sender does not triage
    services.need_accept(actor=manager, need=need)
    services.need_merge(actor=manager, need=other, into=need)
    with pytest.raises(ValidationError):
        services.need_reject(actor=manager, need=third, reason="  ")
    services.need_reject(actor=manager, need=third, reason="不在本期范围")
    need.refresh_from_db(), other.refresh_from_db(), third.refresh_from_db()
    assert (need.status, other.status, other.merged_into, third.status) == (
        NeedStatus.ACCEPTED, NeedStatus.MERGED, need, NeedStatus.REJECTED,
    )  # fmt: skip
    assert third.reject_reason == "不在本期范围"
    with pytest.raises(IllegalTransition):
        services.need_accept(actor=manager, need=third)


def test_only_an_accepted_need_becomes_a_requirement(need, manager, project):
    with pytest.raises(DomainError):
        services.requirement_create(
            actor=manager, project=project, code="R", title="t", statement="s", need=need
        )


def test_editing_after_the_baseline_keeps_the_baseline_until_rebaselined(manager, project):
    r = services.requirement_create(
        actor=manager, project=project, code="R-9", title="轨迹", statement="显示物流节点"
    )
    with pytest.raises(IllegalTransition):
        services.requirement_baseline(actor=manager, requirement=r)  # not reviewed yet
    services.requirement_review(actor=manager, requirement=r)
    services.requirement_baseline(actor=manager, requirement=r)
    first = r.live_revision
    services.requirement_edit(
        actor=manager, requirement=r, data={"statement": "显示物流节点与预计送达"}
    )
    r.refresh_from_db()
    assert r.status == RequirementStatus.CHANGED
    assert r.statement == "显示物流节点"  # the row (what documents read) holds the baseline
    changes = diff(first, r.latest_revision)
    assert [c.name for c in changes if c.changed] == ["statement"]
    services.requirement_review(actor=manager, requirement=r)
    services.requirement_baseline(actor=manager, requirement=r)
    r.refresh_from_db()
    assert (r.status, r.statement) == (RequirementStatus.BASELINED, "显示物流节点与预计送达")


def test_a_document_version_keeps_the_requirements_as_they_were(manager, project, baselined):
    doc1 = services.document_issue(actor=manager, project=project)
    services.requirement_edit(actor=manager, requirement=baselined[0], data={"title": "新标题"})
    services.requirement_review(actor=manager, requirement=baselined[0])
    services.requirement_baseline(actor=manager, requirement=baselined[0])
    doc2 = services.document_issue(actor=manager, project=project, note="R-1 改名")
    assert (doc1.version, doc2.version) == (1, 2)
    titles = lambda d: sorted(i.revision.data["title"] for i in d.items.all())  # noqa: E731
    assert titles(doc1) == ["需求 R-1", "需求 R-2"]
    assert titles(doc2) == ["新标题", "需求 R-2"]
    services.document_acknowledge(actor=manager, document=doc2, signatory="钱工")
    with pytest.raises(IllegalTransition):
        services.document_acknowledge(actor=manager, document=doc2, signatory="钱工")


def test_no_document_without_baselined_requirements(manager, project):
    with pytest.raises(DomainError):
        services.document_issue(actor=manager, project=project)


def test_a_withdrawn_requirement_cannot_be_edited(manager, baselined):
    services.requirement_withdraw(actor=manager, requirement=baselined[1], reason="取消")
    with pytest.raises(NotAllowed):
        services.requirement_edit(actor=manager, requirement=baselined[1], data={"title": "x"})
