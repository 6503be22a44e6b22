import pytest

from siteops.org.data.duties import DUTIES
from siteops.org.management.commands.load_org import load_org
from siteops.org.models import ActingFallback, Duty, Position

pytestmark = pytest.mark.django_db


def test_every_duty_of_the_document_is_shipped_in_both_languages():
    assert Duty.objects.count() == sum(len(v) for v in DUTIES.values()) == 93
    ped03 = Duty.objects.get(code="PED-03")
    assert ped03.position.code == "PED" and "同步" in ped03.text_zh and "Warehouse" in ped03.text_en


def test_load_org_is_idempotent_and_keeps_edits():
    Duty.objects.filter(code="MGR-01").update(text_en="edited")
    counts = load_org()
    assert counts == {"departments": 0, "positions": 0, "duties": 0, "fallbacks": 0}
    assert Duty.objects.get(code="MGR-01").text_en == "edited"


def test_org_chart_lines_and_fallbacks_follow_the_document():
    assert Position.objects.get(code="PED").reports_to.code == "CE"
    assert Position.objects.get(code="CE").reports_to.code == "MGR"
    assert Position.objects.get(code="MGR").reports_to.code == "LEAD"
    art = [f.fallback.code for f in ActingFallback.objects.filter(position__code="ART")]
    assert art == ["PED", "CE"]
    col = [f.fallback.code for f in ActingFallback.objects.filter(position__code="PUR-COL")]
    assert col[:2] == ["PED", "MGR"]
