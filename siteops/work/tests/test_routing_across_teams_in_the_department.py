"""Work moves between teams of the department directly; the dropdowns offer only positions the
user may send to (issue 12 #20)."""

import re

import pytest
from django.urls import reverse

from siteops.core.errors import NotAllowed
from siteops.work import services
from siteops.work.models import Notification

from .factories import task

pytestmark = pytest.mark.django_db


def _options(html: str, form_id: str) -> set[str]:
    form = re.search(rf'id="{form_id}".*?</form>', html, re.S).group(0)
    return set(re.findall(r"（([A-Z-]+)）</option>", form))


def test_the_activity_planner_hands_topic_page_work_to_the_art_editor(client, staff):
    item = task("ACT", actor=staff["planning_lead"], title="专题页主视觉", source="lead")
    client.force_login(staff["activity_planner"])
    page = client.get(reverse("admin:work_item", args=[item.pk])).content.decode()
    offered = _options(page, "assign-form")
    assert {"ART", "PED", "CPY", "PRM"} <= offered
    assert "ACT" not in offered and "WH-STK" not in offered and "PUR-COL" not in offered
    resp = client.post(
        reverse("admin:work_item_action", args=[item.pk, "assign"]),
        {"position": _pk("ART")},
        follow=True,
    )
    assert resp.status_code == 200
    item.refresh_from_db()
    assert item.position.code == "ART"
    # The art editor's post is vacant: the product editor covers it (PED-09) and is told; so is
    # the receiving team's lead (the chief editor).
    assert item.assignees.filter(pk=staff["product_editor"].pk).exists()
    assert Notification.objects.filter(user=staff["chief_editor"], item=item).exists()
    texts = [str(m) for m in resp.context["messages"]]
    assert not any("不在您的团队" in t for t in texts), texts


def _pk(code):
    from siteops.org.models import Position

    return Position.objects.get(code=code).pk


def test_no_routing_outside_the_department_and_no_new_work_for_other_teams(staff):
    item = task("ACT", actor=staff["planning_lead"], title="专题页", source="lead")
    with pytest.raises(NotAllowed):
        services.item_assign(actor=staff["activity_planner"], item=item, position="WH-STK")
    # New work (a sub-item) still goes through the leads: the planner may not split to ART.
    with pytest.raises(NotAllowed):
        services._team_check(staff["activity_planner"], _position("ART"), services.Staffing())


def _position(code):
    from siteops.org.models import Position

    return Position.objects.select_related("department").get(code=code)


def test_the_workbench_offers_new_work_only_to_the_users_team(client, staff):
    client.force_login(staff["activity_planner"])
    bench = client.get(reverse("admin:work_workbench")).content.decode()
    assert _options(bench, "section-new") == {"ACT"}
    client.force_login(staff["planning_lead"])
    bench = client.get(reverse("admin:work_workbench")).content.decode()
    assert _options(bench, "section-new") == {"PLN", "ACT", "PRM"}
