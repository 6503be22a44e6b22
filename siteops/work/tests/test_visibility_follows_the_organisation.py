"""Who sees which work items is worked out once per person and organisation version (issue #20:
``visible_to`` cost ≈ 9k Python calls on every work page) and still follows an appointment, an
acting cover or its end on the next request. Sharing is switched on (tests run in a
transaction, where no snapshot is kept)."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.org.models import PositionAssignment
from siteops.work.routing import covers_of
from siteops.work.selectors import visible_items

from .factories import task

pytestmark = pytest.mark.django_db


def _sees(user, item) -> bool:
    return visible_items(user).filter(pk=item.pk).exists()


def test_an_appointment_and_its_end_show_on_the_next_read(shared_staffing):
    item = task("ART", title="banner")
    person = make_staff("newcomer", None)
    assert not _sees(person, item) and covers_of(person) == {}
    PositionAssignment.objects.create(
        user=person, position=item.position, kind="holder",
        start=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    assert _sees(person, item)
    assert item.position_id in covers_of(person)
    PositionAssignment.objects.filter(user=person).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )  # a bulk update, no signal: the organisation version still rises
    assert not _sees(person, item) and covers_of(person) == {}


def test_each_person_gets_their_own_answer(shared_staffing):
    item = task("CPY", title="copy")
    cpy, ped = make_staff("cpy1", "CPY"), make_staff("ped1", "PED")
    assert _sees(cpy, item)
    assert not _sees(ped, item)
    assert _sees(cpy, item)  # kept per person: asked again after the other one


def test_a_kept_answer_cannot_be_changed_by_its_caller(shared_staffing):
    cpy = make_staff("cpy1", "CPY")
    covers_of(cpy).clear()
    assert covers_of(cpy)
