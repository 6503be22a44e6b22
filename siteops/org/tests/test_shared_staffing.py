"""Today's staffing snapshot is shared between requests (issue #20) and still follows every
change on the next read: the organisation version (database triggers) and the day are its key.
Tests run inside a transaction, where no snapshot is kept; here sharing is switched on."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_staff
from siteops.org import selectors
from siteops.org.models import Position, PositionAssignment
from siteops.org.selectors import Staffing
from siteops.work.routing import covers_of

pytestmark = pytest.mark.django_db


def _holders(staffing, code):
    pos = Position.objects.get(code=code)
    return {a.user.username for a in staffing.holders.get(pos.pk, [])}


def test_one_snapshot_until_the_organisation_changes(shared_staffing):
    first = Staffing.current()
    assert Staffing.current() is first  # shared
    art = make_staff("art1", "ART")  # the vacant art editor's post is filled: a new version
    after = Staffing.current()
    assert after is not first and "art1" in _holders(after, "ART")
    assert Staffing.current() is after
    PositionAssignment.objects.filter(user=art).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )  # a bulk update, no signal: the trigger still raises the version
    assert "art1" not in _holders(Staffing.current(), "ART")


def test_acting_by_date_takes_effect_that_day_with_nobody_writing(shared_staffing):
    cover = make_staff("cover1", None)
    today = timezone.localdate()
    PositionAssignment.objects.create(
        user=cover, position=Position.objects.get(code="ART"), kind="acting", reason="cover",
        start=today + datetime.timedelta(days=2), end=today + datetime.timedelta(days=3),
    )  # fmt: skip
    art = Position.objects.get(code="ART").pk
    assert art not in covers_of(cover)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        assert art in covers_of(cover)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        assert art not in covers_of(cover)


def test_inside_a_transaction_nothing_is_kept():
    selectors.forget_current_staffing()
    assert Staffing.current() is not Staffing.current()  # the test's own transaction


def test_resolve_answers_from_the_shared_snapshot_and_follows_changes(shared_staffing,
                                                                     django_assert_num_queries):  # fmt: skip
    """resolve() now (asked by the menu on every page: "Submit a product" while Purchasing's
    clerk is vacant) costs one query each, the version, and still sees an appointment at once."""
    from siteops.catalog.admin_views import may_submit
    from siteops.org.choices import CoverVia

    editor = make_staff("ped1", "PED")
    found = selectors.resolve("PUR-COL")
    assert found.via == CoverVia.FALLBACK and editor in found.users  # seed: PED covers PUR-COL
    editor.has_perm("catalog.add_submission")  # the person's permissions, resolved once
    with django_assert_num_queries(1):
        assert selectors.resolve("PUR-COL").users == found.users
    with django_assert_num_queries(1):
        assert may_submit(editor)
    clerk = make_staff("col1", "PUR-COL")  # the post is filled: nobody covers it any more
    after = selectors.resolve("PUR-COL")
    assert after.via == CoverVia.HOLDER and [u.pk for u in after.users] == [clerk.pk]
    assert not may_submit(editor)
    with pytest.raises(Position.DoesNotExist):
        selectors.resolve("NO-SUCH")
