"""The duty map is kept with today's staffing snapshot (issue #20): the organisation version
follows ``org_duty`` (migration 0008), so a duty added, changed, moved or removed shows on the
next read. Tests run inside a transaction, where nothing is kept; here sharing is switched on."""

import pytest
from django.utils import translation

from conftest import make_staff
from siteops.org.models import Duty, Position
from siteops.org.selectors import duty_map

pytestmark = pytest.mark.django_db


def _codes(position):
    return [r["code"] for r in duty_map(position=position)]


def test_kept_between_reads_for_one_query(shared_staffing, django_assert_num_queries):
    cpy = Position.objects.get(code="CPY")
    first = duty_map(position=cpy)
    with django_assert_num_queries(1):  # the organisation version
        assert duty_map(position=cpy) == first


def test_a_changed_added_moved_or_removed_duty_shows_on_the_next_read(shared_staffing):
    cpy, ce = Position.objects.get(code="CPY"), Position.objects.get(code="CE")
    duty = Duty.objects.filter(position=cpy).first()
    duty_map(position=cpy)
    Duty.objects.filter(pk=duty.pk).update(text_zh="新的职责说明")  # no signal: the trigger
    row = next(r for r in duty_map(position=cpy) if r["code"] == duty.code)
    assert row["text_zh"] == "新的职责说明"
    Duty.objects.create(code="CPY-99", position=cpy, text_zh="临时职责", order=99)
    assert "CPY-99" in _codes(cpy)
    Duty.objects.filter(code="CPY-99").update(position=ce)
    assert "CPY-99" not in _codes(cpy) and "CPY-99" in _codes(ce)
    Duty.objects.filter(code="CPY-99").delete()
    assert "CPY-99" not in _codes(ce)


def test_links_are_each_persons_and_titles_each_languages(shared_staffing):
    mgr, cpy = make_staff("mgr1", "MGR"), make_staff("cpy1", "CPY")
    position = Position.objects.get(code="MGR")
    mine = {r["code"]: r["links"] for r in duty_map(mgr, position=position)}
    theirs = {r["code"]: r["links"] for r in duty_map(cpy, position=position)}
    assert any(mine.values())
    assert mine != theirs  # the copy editor may not open the manager's review queue
    with translation.override("en"):
        en = duty_map(mgr, position=position)
    with translation.override("zh-hans"):
        zh = duty_map(mgr, position=position)
    titles = lambda rows: [s["title"] for r in rows for s in r["screens"]]  # noqa: E731
    assert titles(en) != titles(zh)
