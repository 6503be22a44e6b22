"""Licences for the compliance tests."""

import datetime

from siteops.compliance import services
from siteops.compliance.models import Licence
from siteops.org.models import Position


def icp_licence(actor, *, issued="2026-06-01", valid="2031-06-01", number="沪B2-20260001"):
    lic = services.licence_save(
        actor=actor,
        data={
            "kind": "icp_licence", "number": number, "authority": "上海市通信管理局",
            "holder": "上海示例网络科技有限公司", "covered": "shop.example.cn",
            "issued_on": datetime.date.fromisoformat(issued),
            "valid_until": datetime.date.fromisoformat(valid),
            "position": Position.objects.get(code="MGR"),
        },
    )  # fmt: skip
    services.licence_transition(actor=actor, licence=lic, to="submitted")
    services.licence_transition(actor=actor, licence=lic, to="granted")
    return Licence.objects.get(pk=lic.pk)
