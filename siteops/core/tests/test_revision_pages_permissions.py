"""The history, diff, restore and publish pages of a revisioned record: anonymous, wrong position,
right position, acting holder; GET and each POST; bad input is a message, never a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from siteops.core.revisions import revision_publish, revision_save, revisions_of

pytestmark = pytest.mark.django_db


def urls(policy, number=1):
    args = ["testapp", "policy", policy.pk]
    return {
        "history": reverse("admin:core_revisions", args=args),
        "diff": reverse("admin:core_revisions_diff", args=args),
        "restore": reverse("admin:core_revisions_restore", args=[*args, number]),
        "publish": reverse("admin:core_revisions_publish", args=[*args, number]),
    }


@pytest.fixture
def edited(policy, chief_editor):
    revision_save(actor=chief_editor, obj=policy, message="first")
    revision_publish(actor=chief_editor, obj=policy)
    revision_save(actor=chief_editor, obj=policy, data={"body": "Line one.\nLine 2.\n"})
    return policy


def test_anonymous_is_sent_to_login_and_changes_nothing(client, edited):
    u = urls(edited)
    for name in ("history", "diff"):
        resp = client.get(u[name])
        assert resp.status_code == 302 and "/login/" in resp.url
    for name in ("restore", "publish"):
        resp = client.post(u[name])
        assert resp.status_code == 302 and "/login/" in resp.url
    assert revisions_of(edited).count() == 2


def test_wrong_position_is_forbidden(client, edited, warehouse, purchasing):
    for user in (warehouse, purchasing):
        client.force_login(user)
        u = urls(edited)
        assert client.get(u["history"]).status_code == 403
        assert client.get(u["diff"]).status_code == 403
        assert client.post(u["restore"]).status_code == 403
        assert client.post(u["publish"]).status_code == 403
    assert revisions_of(edited).count() == 2


def test_right_position_sees_history_and_diff(client, edited, chief_editor):
    client.force_login(chief_editor)
    u = urls(edited)
    page = client.get(u["history"]).content.decode()
    assert 'data-number="2"' in page and 'data-number="1"' in page
    assert "Published, newer draft" in page or "已发布，有更新的草稿" in page
    # the newest draft against the live one, by default
    resp = client.get(u["diff"])
    assert resp.status_code == 200
    body = resp.context["fields"][2]
    assert body.name == "body" and body.changed and ("insert", "Line 2.\n") in body.chunks
    assert resp.context["rev_a"].number == 1 and resp.context["rev_b"].number == 2
    assert client.get(u["diff"] + "?a=2&b=1").status_code == 200


def test_bad_or_missing_revision_numbers(client, edited, chief_editor):
    client.force_login(chief_editor)
    u = urls(edited)
    resp = client.get(u["diff"] + "?a=abc")
    assert resp.status_code == 302
    assert any("number" in str(m) or "整数" in str(m) for m in get_messages(resp.wsgi_request))
    assert client.get(u["diff"] + "?a=99").status_code == 404
    assert client.get(u["diff"] + "?a=99999999999999999999").status_code == 302
    assert client.post(urls(edited, 99)["restore"]).status_code == 404
    assert (
        client.get(reverse("admin:core_revisions", args=["org", "position", 1])).status_code == 404
    )
    assert (
        client.get(reverse("admin:core_revisions", args=["testapp", "policy", 999])).status_code
        == 404
    )


def test_restore_and_publish_by_the_right_position(client, edited, chief_editor):
    client.force_login(chief_editor)
    assert client.get(urls(edited)["restore"]).status_code == 405
    resp = client.post(urls(edited, 1)["restore"])
    assert resp.status_code == 302
    newest = revisions_of(edited).first()
    assert newest.number == 3 and newest.restored_from.number == 1
    client.post(urls(edited, 3)["publish"])
    edited.refresh_from_db()
    assert edited.live_revision == newest and edited.body == "Line one.\n"


def test_editor_without_publish_permission_restores_but_cannot_publish(client, edited):
    ped = make_staff("ped_x", "PED")
    client.force_login(ped)
    assert client.get(urls(edited)["history"]).status_code == 200
    assert client.post(urls(edited, 1)["restore"]).status_code == 302
    resp = client.post(urls(edited, 3)["publish"])
    assert resp.status_code == 302
    assert list(get_messages(resp.wsgi_request))  # the refusal is shown
    edited.refresh_from_db()
    assert edited.live_revision.number == 1


def test_model_rule_refusal_is_a_message(client, edited, chief_editor):
    type(edited).objects.filter(pk=edited.pk).update(is_archived=True)
    client.force_login(chief_editor)
    resp = client.post(urls(edited, 1)["restore"], follow=True)
    assert resp.status_code == 200
    assert "archived" in resp.content.decode()
    assert revisions_of(edited).count() == 2


def test_acting_holder_restores_and_is_recorded_as_acting(client, edited):
    acting = make_staff("ce_cover", "CE", kind="acting", end=timezone.localdate())
    client.force_login(acting)
    assert client.get(urls(edited)["history"]).status_code == 200
    client.post(urls(edited, 1)["restore"])
    newest = revisions_of(edited).first()
    assert (newest.actor, newest.position_code, newest.acting) == (acting, "CE", True)
