"""An installation record is signed off only complete (then the asset is "installed"); planned
maintenance runs on a recurring obligation whose occurrences are deadlines, closed by recording
that maintenance; the dashboard counts in-service assets without a schedule."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from siteops.core.errors import IllegalTransition
from siteops.deadlines.models import Deadline
from siteops.deadlines.services import obligations_generate
from siteops.infra import services, upkeep
from siteops.infra.models import Asset, Installation, NetworkLine, Provider
from siteops.org.models import Position

pytestmark = pytest.mark.django_db  # the fixtures asked for by name need the database


@pytest.fixture
def server(db):
    return Asset.objects.create(tag="IT-2026-0100", kind="server", model_name="PowerEdge R750",
                                serial="SRV-100", owner=Position.objects.get(code="MNT"))  # fmt: skip


def test_sign_off_needs_every_step_and_a_baseline(server, manager):
    inst = Installation.objects.create(asset=server, installed_on=datetime.date(2026, 12, 1),
                                       checklist="[x] 上架\n配置 RAID", ip_addresses="10.0.1.10/24")  # fmt: skip
    with pytest.raises(ValidationError):
        upkeep.installation_sign_off(actor=manager, installation=inst)
    inst.checklist = "[x] 上架\n[x] 配置 RAID"
    inst.save()
    with pytest.raises(ValidationError):  # no OS or firmware recorded
        upkeep.installation_sign_off(actor=manager, installation=inst)
    inst.os = "Rocky Linux 9.4"
    inst.save()
    upkeep.installation_sign_off(actor=manager, installation=inst)
    server.refresh_from_db()
    assert server.status == "installed" and inst.signed_off_by == manager
    with pytest.raises(IllegalTransition):
        upkeep.installation_sign_off(actor=manager, installation=inst)


def test_ip_addresses_and_blocks_are_validated(server):
    with pytest.raises(ValidationError):
        Installation(asset=server, installed_on=datetime.date(2026, 1, 1), checklist="x",
                     ip_addresses="10.0.1.300").full_clean()  # fmt: skip
    isp = Provider.objects.create(name="电信", kind="isp")
    with pytest.raises(ValidationError):
        NetworkLine(
            name="办公光纤", kind="fibre", provider=isp, bandwidth_mbps=500, ip_blocks="1.2.3.0/33"
        ).full_clean()
    NetworkLine(
        name="办公光纤", kind="fibre", provider=isp, bandwidth_mbps=500, ip_blocks="202.96.0.0/29"
    ).full_clean()


def test_a_schedule_makes_deadlines_and_recording_closes_one(server, manager):
    server.status = "in_service"
    server.save()
    assert services.missing_counts()["schedule"] == 1
    ob = upkeep.schedule_add(actor=manager, asset=server, what="固件升级", frequency="quarterly", day=15,
                             starts_on=datetime.date(2027, 1, 1))  # fmt: skip
    assert services.missing_counts()["schedule"] == 0
    obligations_generate(today=datetime.date(2027, 3, 10))
    due = Deadline.objects.get(obligation=ob)
    assert due.due_date == datetime.date(2027, 1, 15) and due.position.code == "MNT"
    upkeep.maintenance_done(actor=manager, asset=server, description="BIOS 2.19 升级", schedule=ob,
                            done_on=datetime.date(2027, 1, 14))  # fmt: skip
    due.refresh_from_db()
    assert due.status == "done"
    assert server.maintenance.count() == 1


def test_the_maintainer_cannot_schedule(server, maintainer, hr):
    for who in (hr,):
        with pytest.raises(Exception):  # noqa: B017 - NotAllowed
            upkeep.schedule_add(actor=who, asset=server, what="UPS 测试", frequency="yearly")


@pytest.mark.parametrize(
    "url", ["/backoffice/infra/installation/", "/backoffice/infra/networkline/"]
)
@pytest.mark.parametrize("username,status", [("manager", 200), ("maintainer", 200), ("leader", 200),
                                             ("dev_lead", 403), ("hr", 403), ("purchasing", 403)])  # fmt: skip
def test_who_sees_installations_and_lines(client, url, username, status, request):
    client.force_login(request.getfixturevalue(username))
    assert client.get(url).status_code == status
