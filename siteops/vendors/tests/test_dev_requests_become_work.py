import pytest
from django.core.exceptions import ValidationError

from siteops.core.errors import NotAllowed
from siteops.vendors import services
from siteops.vendors.choices import DevKind
from siteops.work.models import WorkItem


def test_each_kind_asks_for_its_own_fields(dev_lead, baselined):
    with pytest.raises(ValidationError) as exc:
        services.devrequest_create(actor=dev_lead, kind=DevKind.BUG, title="导出超时")
    assert {"severity", "steps_to_reproduce", "expected", "actual"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.devrequest_create(actor=dev_lead, kind=DevKind.NEW_MODULE, title="物流模块")
    assert {"requirement", "estimate_days"} <= set(exc.value.message_dict)


def test_module_work_goes_to_MOD_and_bugs_to_MNT(dev_lead, module_dev, maintainer, baselined):
    mod = services.devrequest_create(
        actor=dev_lead, kind=DevKind.NEW_MODULE, title="物流模块", requirement=baselined[0],
        estimate_days=5, design_notes="新建 tracking 应用",
    )  # fmt: skip
    bug = services.devrequest_create(
        actor=dev_lead, kind=DevKind.BUG, title="导出超时", affected_module="订单导出",
        severity="minor", steps_to_reproduce="导出", expected="30 秒", actual="超时",
    )  # fmt: skip
    items = {
        i.subject_id: i for i in WorkItem.objects.filter(subject_id__in=[str(mod.pk), str(bug.pk)])
    }
    assert items[str(mod.pk)].position.code == "MOD"
    assert items[str(bug.pk)].position.code == "MNT"
    assert "R-1" in items[str(mod.pk)].description
    assert items[str(mod.pk)].source == "lead"


def test_other_positions_cannot_file_dev_work(module_dev, service):
    for who in (module_dev, service):
        with pytest.raises(NotAllowed):
            services.devrequest_create(actor=who, kind=DevKind.BUG, title="x")
