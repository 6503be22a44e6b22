"""Public beta: customers opt in and out from their shop account; a beta feature is shown to the
cohort only (checked on the server); the cohort's feedback waits in the manager's triage queue."""

import pytest
from django.urls import reverse

from siteops.vendors.models import BetaFeature, BetaFeedback, BetaParticipant


@pytest.fixture
def feature(db):
    return BetaFeature.objects.create(code="track-map", name="物流轨迹地图", enabled=True)


def test_a_customer_opts_in_and_out_from_the_account(client, customer):
    url = reverse("beta:account")
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert "加入公开测试" in client.get(url).content.decode()
    client.post(url, {"action": "join"})
    client.post(url, {"action": "join"})  # twice: still one participant
    assert BetaParticipant.objects.get(user=customer).active
    client.post(url, {"action": "leave"})
    assert not BetaParticipant.objects.get(user=customer).active


def test_a_beta_feature_is_shown_to_the_cohort_only(client, customer, feature, django_user_model):
    url = reverse("beta:feature", args=[feature.code])
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(customer)
    assert client.get(url).status_code == 404  # not in the beta
    client.post(reverse("beta:account"), {"action": "join"})
    assert client.get(url).status_code == 200
    assert "物流轨迹地图" in client.get(reverse("beta:account")).content.decode()
    BetaFeature.objects.filter(pk=feature.pk).update(enabled=False)
    assert client.get(url).status_code == 404  # switched off
    BetaFeature.objects.filter(pk=feature.pk).update(enabled=True)
    client.post(reverse("beta:account"), {"action": "leave"})
    assert client.get(url).status_code == 404  # left the beta
    other = django_user_model.objects.create_user("other_shopper", "o@example.com", "pw-o-12345")
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_feedback_from_the_cohort_waits_for_triage(client, customer, feature, manager, dev_lead):
    client.force_login(customer)
    send = reverse("beta:feedback")
    client.post(send, {"text": "地图加载慢"})
    assert not BetaFeedback.objects.exists()  # not in the beta yet
    client.post(reverse("beta:account"), {"action": "join"})
    client.post(send, {"text": "a\x00b"})
    client.post(send, {"text": ""})
    client.post(send, {"text": "地图加载慢", "feature": feature.code})
    fb = BetaFeedback.objects.get()
    assert (fb.status, fb.feature, fb.user) == ("new", feature, customer)
    changelist = reverse("admin:vendors_betafeedback_changelist")
    client.force_login(dev_lead)  # sees the queue, may not triage
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "accept", "_selected_action": [fb.pk]})
    assert BetaFeedback.objects.get().status == "new"
    client.force_login(manager)
    client.post(changelist, {"action": "accept", "_selected_action": [fb.pk]})
    assert BetaFeedback.objects.get().status == "accepted"
    assert BetaFeedback.objects.get().need.problem == "地图加载慢"  # accepting made a need
    client.post(changelist, {"action": "decline", "_selected_action": [fb.pk]})
    assert BetaFeedback.objects.get().status == "accepted"  # triaged once


def test_who_sees_the_triage_queue(client, customer, service, vendor_a, manager):
    url = reverse("admin:vendors_betafeedback_changelist")
    assert client.get(url).status_code == 302
    client.force_login(customer)
    assert client.get(url).status_code == 302
    for user in (service, vendor_a["user"]):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 200
