"""Triaging beta feedback makes something: accepted as a need (accepted at once) or as a defect on
a vendor project, through those services, linked back to the feedback — once, even when the form
is sent twice — and the customer is told either way."""

import pytest
from django.urls import reverse

from conftest import make_staff
from siteops.core.errors import IllegalTransition
from siteops.vendors import beta
from siteops.vendors.models import BetaFeedback, BetaParticipant, Defect, Need
from siteops.work.models import Notification


@pytest.fixture
def feedback(customer):
    BetaParticipant.objects.create(user=customer)
    return beta.feedback_send(user=customer, text="物流地图在手机上加载很慢", page="/orders/1/")


def _triage(client, user, fb, data):
    client.force_login(user)
    return client.post(reverse("admin:vendors_beta_triage_do", args=[fb.pk]), data)


def test_accepted_as_a_need_once_even_when_sent_twice(client, manager, customer, feedback):
    data = {"action": "need", "note": "下个版本改进"}
    assert _triage(client, manager, feedback, data).status_code == 302
    assert _triage(client, manager, feedback, data).status_code == 302  # double-submitted
    fb = BetaFeedback.objects.get()
    need = Need.objects.get()
    assert (fb.status, fb.need, fb.defect) == ("accepted", need, None)
    assert need.status == "accepted" and need.department.code == "CS"
    assert "物流地图在手机上加载很慢" in need.problem
    told = Notification.objects.filter(user=customer)
    assert told.count() == 1 and "下个版本改进" in told.get().message
    with pytest.raises(IllegalTransition):
        beta.feedback_triage(actor=manager, feedback=fb, status="accepted", make="defect",
                             project=None)  # fmt: skip
    assert Need.objects.count() == 1 and not Defect.objects.exists()


def test_accepted_as_a_defect_on_a_project(client, manager, customer, feedback, project):
    _triage(client, manager, feedback, {"action": "defect", "project": project.pk,
                                        "severity": "minor"})  # fmt: skip
    fb = BetaFeedback.objects.get()
    defect = Defect.objects.get()
    assert (fb.status, fb.defect, defect.project, defect.severity) == (
        "accepted", defect, project, "minor")  # fmt: skip
    assert "/orders/1/" in defect.environment and defect.events.count() == 1
    assert Notification.objects.filter(user=customer).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"action": "defect"},  # no project
        {"action": "defect", "project": "99999999999999999999"},
        {"action": "defect", "project": "1\x00"},
        {"action": "need", "severity": "bogus"},
        {"action": "nonsense"},
    ],
)
def test_bad_input_changes_nothing(client, manager, feedback, data):
    r = _triage(client, manager, feedback, data)
    assert r.status_code in (302, 404)
    assert BetaFeedback.objects.get().status == "new"
    assert not Need.objects.exists() and not Defect.objects.exists()


def test_declined_tells_the_customer(client, manager, customer, feedback):
    _triage(client, manager, feedback, {"action": "decline", "note": "属于正常现象"})
    fb = BetaFeedback.objects.get()
    assert (fb.status, fb.need, fb.defect) == ("declined", None, None)
    assert "属于正常现象" in Notification.objects.get(user=customer).message


def test_who_may_triage(client, request, customer, feedback):
    page = reverse("admin:vendors_beta_triage")
    assert client.get(page).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert client.get(page).status_code == 302  # no back office
    assert _triage(client, customer, feedback, {"action": "need"}).status_code == 302
    for name in ("dev_lead", "module_dev", "maintainer", "service"):
        user = request.getfixturevalue(name)
        client.force_login(user)
        assert client.get(page).status_code == 403, name
        assert _triage(client, user, feedback, {"action": "need"}).status_code == 403, name
    assert BetaFeedback.objects.get().status == "new"
    acting = make_staff("acting_mgr", "MGR", kind="acting")
    client.force_login(acting)
    assert "物流地图在手机上加载很慢" in client.get(page).content.decode()
    assert _triage(client, acting, feedback, {"action": "need"}).status_code == 302
    assert BetaFeedback.objects.get().need is not None
