"""resolve(): who does a position's work at a moment."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.org.choices import CoverVia
from siteops.org.selectors import resolve

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_holder_does_the_work():
    alice = make_staff("alice", "CPY")
    r = resolve("CPY")
    assert r.users == [alice] and r.via == CoverVia.HOLDER and not r.is_vacant


def test_two_holders_both_do_the_work():
    a, b = make_staff("a", "PED"), make_staff("b", "PED", days_ago=5)
    assert resolve("PED").users == [a, b]


def test_vacancy_with_acting_goes_to_the_acting_person():
    make_staff("boss", "CE")
    acting = make_staff("act", "ART", kind="acting", end=TODAY() + datetime.timedelta(days=3))
    r = resolve("ART")
    assert r.users == [acting] and r.via == CoverVia.ACTING and r.is_vacant


def test_acting_that_ended_yesterday_no_longer_counts():
    boss = make_staff("boss", "CE")
    make_staff("act", "ART", kind="acting", end=TODAY() - datetime.timedelta(days=1))
    r = resolve("ART")
    # ART's fallbacks: PED (PED-09, vacant here) then CE.
    assert r.users == [boss] and r.via == CoverVia.FALLBACK and r.covering_position.code == "CE"


def test_ordered_fallback_product_editor_covers_purchasing_collection():
    editor = make_staff("ed", "PED")
    make_staff("mgr", "MGR")
    r = resolve("PUR-COL")
    assert r.users == [editor] and r.via == CoverVia.FALLBACK and r.covering_position.code == "PED"


def test_manager_covers_category_planning():
    mgr = make_staff("mgr", "MGR")
    r = resolve("PUR-CAT")
    assert r.users == [mgr] and r.covering_position.code == "MGR"


def test_chain_goes_up_to_leadership():
    leader = make_staff("boss", "LEAD")
    r = resolve("MNT")  # MNT -> DEV -> MGR -> LEAD, all vacant but leadership
    assert r.users == [leader] and r.covering_position.code == "LEAD"


def test_never_empty_administrators_answer_last(superuser):
    r = resolve("MNT")
    assert r.users == [superuser] and r.via == CoverVia.ADMIN


def test_resolve_at_a_past_moment():
    old = make_staff("old", "CPY", days_ago=100, end=TODAY() - datetime.timedelta(days=50))
    new = make_staff("new", "CPY", days_ago=10)
    assert resolve("CPY", TODAY() - datetime.timedelta(days=60)).users == [old]
    assert resolve("CPY").users == [new]


def test_inactive_user_does_not_count():
    gone = make_staff("gone", "CPY")
    gone.is_active = False
    gone.save()
    boss = make_staff("boss", "CE")
    assert resolve("CPY").users == [boss]


def test_org_chart_query_count_does_not_grow_with_vacancies(django_assert_max_num_queries):
    from siteops.org.selectors import org_chart

    with django_assert_max_num_queries(6):
        org_chart()  # everything vacant: every position falls back to the administrators
