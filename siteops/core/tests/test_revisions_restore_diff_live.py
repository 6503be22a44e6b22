"""Revisions: every save is a revision, publish puts one live, restore of any revision (the first
too) is a new revision, diff field by field, and "which revision was live when"."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.core.errors import DomainError, NotAllowed
from siteops.core.models import Publication, Revision
from siteops.core.revisions import (
    PublicationState,
    diff,
    live_at,
    revision_publish,
    revision_restore,
    revision_save,
    revision_unpublish,
    revisions_of,
)
from siteops.org.models import Position
from tests.testapp.models import Policy

pytestmark = pytest.mark.django_db


def test_first_save_keeps_the_row_and_unchanged_save_adds_nothing(policy, chief_editor):
    first = revision_save(actor=chief_editor, obj=policy)
    assert first.number == 1 and first.data["title"] == "Returns policy"
    assert first.actor == chief_editor and first.position_code == "CE" and not first.acting
    assert revision_save(actor=chief_editor, obj=policy) == first
    assert revisions_of(policy).count() == 1


def test_draft_of_never_published_record_is_on_the_row(policy, chief_editor):
    revision_save(actor=chief_editor, obj=policy)
    revision_save(actor=chief_editor, obj=policy, data={"title": "Returns (draft)"})
    policy.refresh_from_db()
    assert policy.title == "Returns (draft)"
    assert policy.publication_state == PublicationState.DRAFT


def test_published_record_with_newer_draft_shows_both_states(policy, chief_editor):
    r1 = revision_save(actor=chief_editor, obj=policy)
    revision_publish(actor=chief_editor, obj=policy)
    assert policy.publication_state == PublicationState.LIVE and not policy.has_unpublished_changes
    r2 = revision_save(actor=chief_editor, obj=policy, data={"body": "Line one.\nLine two.\n"})
    policy.refresh_from_db()
    # the site still reads the live content; the draft waits in its revision
    assert policy.body == "Line one.\n"
    assert policy.live_revision == r1 and policy.latest_revision == r2
    assert policy.has_unpublished_changes
    assert policy.publication_state == PublicationState.LIVE_DRAFT
    assert policy.as_of(r2).body == "Line one.\nLine two.\n"
    revision_publish(actor=chief_editor, obj=policy)
    policy.refresh_from_db()
    assert policy.body == "Line one.\nLine two.\n" and not policy.has_unpublished_changes
    assert policy.published_count == 2  # the model's own reaction ran on each publish


def test_restoring_the_first_revision_creates_a_new_one_and_keeps_history(policy, chief_editor):
    r1 = revision_save(actor=chief_editor, obj=policy)
    revision_save(actor=chief_editor, obj=policy, data={"title": "B", "budget": "12.50"})
    revision_save(actor=chief_editor, obj=policy, data={"title": "C", "summary": ""})
    revision_publish(actor=chief_editor, obj=policy)
    before = {r.pk: (r.number, r.data) for r in revisions_of(policy)}

    r4 = revision_restore(actor=chief_editor, obj=policy, revision=r1)

    assert r4.number == 4 and r4.restored_from == r1 and r4.data == r1.data
    assert "#1" in r4.message
    # history is untouched: the same rows with the same content, plus the new one
    after = {r.pk: (r.number, r.data) for r in revisions_of(policy)}
    assert {pk: v for pk, v in after.items() if pk != r4.pk} == before
    policy.refresh_from_db()
    assert policy.title == "C"  # a restore is a draft: the live content is unchanged
    assert policy.has_unpublished_changes
    revision_publish(actor=chief_editor, obj=policy)
    policy.refresh_from_db()
    assert (policy.title, policy.summary, policy.budget) == (
        "Returns policy",
        "30 days",
        Decimal("0"),
    )
    assert policy.live_revision == r4


def test_restore_of_the_latest_revision_still_adds_one(policy, chief_editor):
    r1 = revision_save(actor=chief_editor, obj=policy)
    r2 = revision_restore(actor=chief_editor, obj=policy, revision=r1)
    assert r2.number == 2 and r2.restored_from == r1


def test_diff_field_by_field(policy, chief_editor):
    mgr = Position.objects.get(code="MGR")
    r1 = revision_save(actor=chief_editor, obj=policy)
    r2 = revision_save(
        actor=chief_editor,
        obj=policy,
        data={"title": "Returns and refunds", "body": "Line one.\n退货须知。\n", "owner": mgr.pk},
    )
    fields = {f.name: f for f in diff(r1, r2)}
    assert fields["title"].changed and not fields["title"].long
    assert (fields["title"].old, fields["title"].new) == ("Returns policy", "Returns and refunds")
    assert fields["owner"].old == "—" and fields["owner"].new == str(mgr)
    assert not fields["summary"].changed and not fields["budget"].changed
    body = fields["body"]
    assert body.long and body.changed
    assert ("insert", "退货须知。\n") in body.chunks
    assert ("equal", "Line one.\n") in body.chunks
    # the first revision against nothing: everything is new
    assert all(f.changed for f in diff(None, r1) if f.name in ("title", "summary", "body"))


def test_diff_refuses_revisions_of_two_records(policy, chief_editor):
    other = Policy.objects.create(title="Other")
    a = revision_save(actor=chief_editor, obj=policy)
    b = revision_save(actor=chief_editor, obj=other)
    with pytest.raises(DomainError):
        diff(a, b)
    with pytest.raises(DomainError):
        revision_restore(actor=chief_editor, obj=policy, revision=b)


def test_which_revision_was_live_when(policy, chief_editor):
    t0 = timezone.now().replace(microsecond=0)
    with time_machine.travel(t0, tick=False):
        r1 = revision_save(actor=chief_editor, obj=policy)
        revision_publish(actor=chief_editor, obj=policy)
    with time_machine.travel(t0 + datetime.timedelta(days=1), tick=False):
        r2 = revision_save(actor=chief_editor, obj=policy, data={"title": "Second"})
    with time_machine.travel(t0 + datetime.timedelta(days=2), tick=False):
        revision_publish(actor=chief_editor, obj=policy)
    with time_machine.travel(t0 + datetime.timedelta(days=3), tick=False):
        revision_unpublish(actor=chief_editor, obj=policy)
    assert live_at(policy, t0 - datetime.timedelta(seconds=1)) is None
    assert live_at(policy, t0) == r1
    assert live_at(policy, t0 + datetime.timedelta(days=1, hours=12)) == r1  # r2 was a draft
    assert live_at(policy, t0 + datetime.timedelta(days=2)) == r2
    assert live_at(policy, t0 + datetime.timedelta(days=4)) is None
    assert Publication.objects.filter(object_id=policy.pk).count() == 3


def test_model_rules_and_permissions_refuse_and_change_nothing(policy, chief_editor, warehouse):
    product_editor = make_staff("ped2", "PED")
    r1 = revision_save(actor=product_editor, obj=policy)  # PED may edit …
    with pytest.raises(NotAllowed):  # … but not publish
        revision_publish(actor=product_editor, obj=policy)
    with pytest.raises(NotAllowed):
        revision_save(actor=warehouse, obj=policy, data={"title": "x"})
    with pytest.raises(DomainError):
        revision_save(actor=chief_editor, obj=policy, data={"is_archived": True})
    with pytest.raises(DomainError):  # the model's own validation (max_length)
        revision_save(actor=chief_editor, obj=policy, data={"title": "x" * 500})
    Policy.objects.filter(pk=policy.pk).update(is_archived=True)
    policy.refresh_from_db()
    with pytest.raises(NotAllowed):
        revision_restore(actor=chief_editor, obj=policy, revision=r1)
    with pytest.raises(NotAllowed):
        revision_publish(actor=chief_editor, obj=policy)
    assert Revision.objects.filter(object_id=policy.pk).count() == 1
    policy.refresh_from_db()
    assert policy.live_revision is None


def test_acting_holder_is_recorded(policy):
    acting = make_staff("ce_acting", "CE", kind="acting", end=timezone.localdate())
    rev = revision_save(actor=acting, obj=policy, data={"summary": "cover"})
    assert (rev.position_code, rev.acting) == ("CE", True)
    assert "acting" in rev.who_label


def test_system_check_names_a_wrong_tracked_field(monkeypatch):
    from siteops.core.revisions import check_revisioned_models

    assert check_revisioned_models() == []
    monkeypatch.setattr(Policy, "revision_fields", ("title", "no_such_field"))
    errors = check_revisioned_models()
    assert [e.id for e in errors] == ["core.E101"] and "no_such_field" in errors[0].msg
