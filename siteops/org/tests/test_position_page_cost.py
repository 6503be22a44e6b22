"""The position page's heavy parts, made cheap (issue #20), still say the same thing:

- the appointment form's list of every member of staff is rendered once per organisation version
  (``StaffSelect``) and follows every change of who is staff and what they are called;
- ``may_staff`` answers from the person's access as ``_remit_check`` does."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff
from siteops.core.errors import NotAllowed
from siteops.core.widgets import LongSelect
from siteops.org import selectors, services
from siteops.org.forms import AppointForm
from siteops.org.models import Position, PositionAssignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(monkeypatch):
    """Tests run inside a transaction, where nothing is kept: switch keeping on."""
    monkeypatch.setattr(selectors, "_shareable", lambda: True)


def _stock(form):
    """The field rendered afresh by the shared ``LongSelect`` (Django's ``Select`` in Python)."""
    field = form.fields["user"]
    field.widget = LongSelect()
    field.widget.choices = field.choices
    field.widget.is_required = True
    return str(form["user"])


def _kept(form):
    return str(form["user"])


@pytest.mark.parametrize("data", [None, "someone", "nobody"])
def test_staff_select_is_djangos_select(shared, staff, data):
    pick = {"someone": str(staff["hr"].pk), "nobody": "999999"}.get(data)
    make = lambda: AppointForm({"user": pick} if pick else None)  # noqa: E731
    assert _kept(make()) == _kept(make()) == _stock(make())  # cached, and again, and Django's
    if pick and data == "someone":
        assert f'value="{pick}" selected' in _kept(make())


def test_staff_select_follows_who_is_staff(shared, staff):
    assert "新同事" not in _kept(AppointForm())
    newcomer = User.objects.create(username="newcomer", display_name="新同事", is_staff=True)
    assert "新同事" in _kept(AppointForm())
    User.objects.filter(pk=newcomer.pk).update(display_name="新同事乙")
    assert "新同事乙" in _kept(AppointForm())
    User.objects.filter(pk=newcomer.pk).update(is_staff=False)  # a bulk update: no signal
    assert "新同事" not in _kept(AppointForm())
    User.objects.filter(pk=newcomer.pk).update(is_staff=True)
    assert "新同事乙" in _kept(AppointForm())
    User.objects.filter(pk=newcomer.pk).update(is_active=False)
    assert "新同事" not in _kept(AppointForm())
    assert _kept(AppointForm()) == _stock(AppointForm())


def test_staff_select_keeps_nothing_inside_a_transaction(staff):
    before = _kept(AppointForm())
    User.objects.create(username="newcomer", display_name="新同事", is_staff=True)
    assert "新同事" not in before and "新同事" in _kept(AppointForm())


def _remit(actor, position):
    try:
        services._remit_check(actor, position)
    except NotAllowed:
        return False
    return True


def test_may_staff_answers_as_the_remit_check(staff, superuser):
    today = timezone.localdate()
    acting = make_staff("acting_mgr", "MGR", kind="acting", end=today + datetime.timedelta(days=9))
    former = make_staff("former_mgr", "MGR", days_ago=60, end=today - datetime.timedelta(days=9))
    two = make_staff("two_hats", "CPY")  # a copy editor also acting for the manager
    PositionAssignment.objects.create(
        user=two, position=Position.objects.get(code="MGR"), kind="acting", reason="cover",
        start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=1),
    )  # fmt: skip
    actors = [*staff.values(), superuser, acting, former, two, make_staff("nobody", None)]
    positions = list(Position.objects.all())
    for actor in actors:
        for position in positions:
            fresh = User.objects.get(pk=actor.pk)  # resolved afresh, as a request's user is
            assert services.may_staff(fresh, position) == _remit(fresh, position), (
                actor.username, position.code,
            )  # fmt: skip
    assert services.may_staff(staff["manager"], Position.objects.get(code="CE"))
    assert not services.may_staff(staff["copy_editor"], Position.objects.get(code="CE"))
